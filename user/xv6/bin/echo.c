// echo: print the arguments, separated by spaces, then a newline.
// An xv6-style program: built against the xv6 compatibility root.
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char* argv[]) {
    char line[512];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        for (const char* s = argv[i]; *s; s++) {
            if (n == (int)sizeof line) {
                write(1, line, n);
                n = 0;
            }
            line[n++] = *s;
        }
        if (n == (int)sizeof line) {
            write(1, line, n);
            n = 0;
        }
        line[n++] = i + 1 < argc ? ' ' : '\n';
    }
    if (argc == 1)
        line[n++] = '\n';
    if (write(1, line, n) != n) {
        fprintf(2, "echo: write error: %s\n", strerror(errno));
        exit(1);
    }
    exit(0);
}
