// grep: print the lines that match a pattern.
//   grep pattern [file...]
// Patterns: c matches itself, . any character, x* zero or more x,
// ^ at the start anchors to the line's start, $ at the end to its end.
// Exit status 0 if some line matched, 1 if none, 2 on error.
// An xv6-style program: built against the xv6 compatibility root.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static int match_here(const char* re, const char* text);

// x* at text: try the rest of the pattern after 0, 1, 2, ... x's.
static int match_star(char x, const char* re, const char* text) {
    for (;;) {
        if (match_here(re, text))
            return 1;
        if (*text == 0 || (x != '.' && *text != x))
            return 0;
        text++;
    }
}

// Does re match a prefix of text?
static int match_here(const char* re, const char* text) {
    if (re[0] == 0)
        return 1;
    if (re[1] == '*')
        return match_star(re[0], re + 2, text);
    if (re[0] == '$' && re[1] == 0)
        return *text == 0;
    if (*text != 0 && (re[0] == '.' || re[0] == *text))
        return match_here(re + 1, text + 1);
    return 0;
}

// Does re match anywhere in text?
static int match(const char* re, const char* text) {
    if (re[0] == '^')
        return match_here(re + 1, text);
    do {
        if (match_here(re, text))
            return 1;
    } while (*text++ != 0);
    return 0;
}

static char buf[4096];

// Print fd's matching lines (prefixed by name if given); the count.
static int grep(const char* re, int fd, const char* name) {
    int held = 0, n, found = 0;
    while ((n = read(fd, buf + held, sizeof buf - 1 - held)) > 0) {
        held += n;
        int start = 0;
        for (int i = 0; i < held; i++) {
            if (buf[i] != '\n')
                continue;
            buf[i] = 0;
            if (match(re, buf + start)) {
                buf[i] = '\n';
                if (name)
                    printf("%s:", name);
                write(1, buf + start, i + 1 - start);
                found++;
            }
            start = i + 1;
        }
        if (start == 0 && held == (int)sizeof buf - 1)
            start = held; // an overlong line: dropped
        memmove(buf, buf + start, held - start);
        held -= start;
    }
    if (held > 0) { // a last line without '\n'
        buf[held] = 0;
        if (match(re, buf)) {
            if (name)
                printf("%s:", name);
            printf("%s\n", buf);
            found++;
        }
    }
    return found;
}

int main(int argc, char* argv[]) {
    if (argc < 2) {
        fprintf(2, "grep: usage: grep pattern [file...]\n");
        exit(2);
    }
    const char* re = argv[1];
    if (argc == 2)
        exit(grep(re, 0, 0) > 0 ? 0 : 1);
    int found = 0, error = 0;
    for (int i = 2; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(2, "grep: %s: %s\n", argv[i], strerror(errno));
            error = 1;
            continue;
        }
        found += grep(re, fd, argc > 3 ? argv[i] : 0);
        close(fd);
    }
    exit(error ? 2 : found > 0 ? 0 : 1);
}
