/* nice: run a program with a different nice value.
 *
 *   nice [-n N] PROGRAM [ARGS...]     add N (default 10) to the nice value
 *   nice                              print the current nice value
 *
 * The nice value is per thread and survives exec, so nice changes its
 * own and then becomes the program. Under MLFQ a thread with nice > 0
 * starts on a lower queue (docs/scheduling.md); round-robin ignores it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char** argv) {
    int inc = 10, first = 1;
    if (argc == 1) {
        printf("%d\n", getpriority(PRIO_PROCESS, 0));
        return 0;
    }
    if (strcmp(argv[1], "-n") == 0) {
        char* end;
        if (argc < 3 || (inc = (int)strtol(argv[2], &end, 10), *end != 0 || end == argv[2])) {
            fprintf(stderr, "usage: nice [-n N] PROGRAM [ARGS...]\n");
            return 2;
        }
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: nice [-n N] PROGRAM [ARGS...]\n");
        return 2;
    }
    if (nice(inc) == -1 && errno != 0)
        fprintf(stderr, "nice: cannot set the nice value: %s\n", strerror(errno));
    execvp(argv[first], argv + first);
    fprintf(stderr, "nice: %s: %s\n", argv[first], strerror(errno));
    return 127;
}
