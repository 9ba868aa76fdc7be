/* kill: send a signal to processes.  kill [-SIGNUM] [--] pid...
 * The default signal is SIGTERM (15). A negative pid names a process
 * group (kill -9 -- -12: every process of group 12); "--" ends the
 * options, so that the first negative pid is not read as a signal. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse a whole decimal number >= 0; -1 if s is not one. */
static long number(const char* s) {
    char* end;
    if (*s < '0' || *s > '9')
        return -1;
    long v = strtol(s, &end, 10);
    return *end == 0 ? v : -1;
}

int main(int argc, char** argv) {
    int sig = SIGTERM;
    int i = 1;
    if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
        long s = number(argv[i] + 1);
        if (s < 0 || s >= NSIG) {
            fprintf(stderr, "kill: %s: invalid signal\n", argv[i]);
            return 1;
        }
        sig = (int)s;
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i == argc) {
        fprintf(stderr, "kill: usage: kill [-signal] pid...\n");
        return 1;
    }
    int status = 0;
    for (; i < argc; i++) {
        int group = argv[i][0] == '-';
        long pid = number(argv[i] + group);
        if (pid <= 0 || (group && pid == 1)) { /* -1 would mean "everybody" */
            fprintf(stderr, "kill: %s: invalid process id\n", argv[i]);
            status = 1;
        } else if (kill((pid_t)(group ? -pid : pid), sig) < 0) {
            fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
