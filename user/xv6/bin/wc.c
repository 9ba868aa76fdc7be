// wc: count lines, words and bytes of each file (or standard input).
// Prints "lines words bytes name" ("lines words bytes" for stdin) and
// a total line when given several files.
// An xv6-style program: built against the xv6 compatibility root.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char buf[2048];

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Count fd into the three counters; 0 on success.
static int count(int fd, int* lines, int* words, int* bytes) {
    int in_word = 0, n;
    *lines = *words = *bytes = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n')
                (*lines)++;
            if (is_space(buf[i])) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                (*words)++;
            }
        }
        *bytes += n;
    }
    return n < 0 ? -1 : 0;
}

int main(int argc, char* argv[]) {
    int l, w, c;
    if (argc < 2) {
        if (count(0, &l, &w, &c) < 0) {
            fprintf(2, "wc: read error: %s\n", strerror(errno));
            exit(1);
        }
        printf("%d %d %d\n", l, w, c);
        exit(0);
    }
    int status = 0, tl = 0, tw = 0, tc = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(2, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (count(fd, &l, &w, &c) < 0) {
            fprintf(2, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        } else {
            printf("%d %d %d %s\n", l, w, c, argv[i]);
            tl += l, tw += w, tc += c;
        }
        close(fd);
    }
    if (argc > 2)
        printf("%d %d %d total\n", tl, tw, tc);
    exit(status);
}
