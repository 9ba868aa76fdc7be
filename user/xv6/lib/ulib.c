// xv6's small user library (string functions, stat, gets, atoi), with
// xv6's prototypes from user/user.h.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"

char* strcpy(char* dst, const char* src) {
    char* d = dst;
    while ((*d++ = *src++) != 0) {
    }
    return dst;
}

int strcmp(const char* a, const char* b) {
    while (*a && *a == *b)
        a++, b++;
    return (uchar)*a - (uchar)*b;
}

uint strlen(const char* s) {
    uint n = 0;
    while (s[n])
        n++;
    return n;
}

void* memset(void* dst, int c, uint n) {
    char* d = dst;
    for (uint i = 0; i < n; i++)
        d[i] = (char)c;
    return dst;
}

char* strchr(const char* s, char c) {
    for (; *s; s++)
        if (*s == c)
            return (char*)s;
    return 0;
}

// Read a line from fd 0, at most max-1 bytes, keeping the '\n'.
char* gets(char* buf, int max) {
    int i = 0;
    while (i + 1 < max) {
        char c;
        if (read(0, &c, 1) < 1)
            break;
        buf[i++] = c;
        if (c == '\n' || c == '\r')
            break;
    }
    buf[i] = 0;
    return buf;
}

int stat(const char* path, struct stat* st) {
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int r = fstat(fd, st);
    close(fd);
    return r;
}

int atoi(const char* s) {
    int n = 0;
    while (*s >= '0' && *s <= '9')
        n = n * 10 + (*s++ - '0');
    return n;
}

void* memmove(void* dst, const void* src, int n) {
    char* d = dst;
    const char* s = src;
    if (s < d && d < s + n) { // overlapping with dst above: backwards
        while (n-- > 0)
            d[n] = s[n];
    } else {
        for (int i = 0; i < n; i++)
            d[i] = s[i];
    }
    return dst;
}

int memcmp(const void* a, const void* b, uint n) {
    const uchar* p = a;
    const uchar* q = b;
    for (uint i = 0; i < n; i++)
        if (p[i] != q[i])
            return p[i] - q[i];
    return 0;
}

void* memcpy(void* dst, const void* src, uint n) { return memmove(dst, src, (int)n); }
