// cat: copy each named file (or standard input) to standard output.
// An xv6-style program: built against the xv6 compatibility root.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char buf[2048];

// Copy fd to standard output; 0 on success.
static int copy(int fd, const char* name) {
    int n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        if (write(1, buf, n) != n) {
            fprintf(2, "cat: write error: %s\n", strerror(errno));
            return -1;
        }
    }
    if (n < 0) {
        fprintf(2, "cat: %s: %s\n", name, strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char* argv[]) {
    if (argc < 2)
        exit(copy(0, "stdin") < 0 ? 1 : 0);
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(2, "cat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (copy(fd, argv[i]) < 0)
            status = 1;
        close(fd);
    }
    exit(status);
}
