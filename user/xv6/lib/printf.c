// xv6's printf and fprintf(fd, ...): %d %u %x %p %s %c %% with the l
// and ll size modifiers, plus a field width ("%5d", "%-14s", "%03d").
// Each call collects its output and writes it with as few write()s as
// possible (xv6 writes byte by byte).
#include <stdarg.h>

#include "kernel/types.h"
#include "user/user.h"

typedef struct {
    int fd;
    int n;
    char buf[256];
} Out;

static void flush(Out* o) {
    if (o->n > 0)
        write(o->fd, o->buf, o->n);
    o->n = 0;
}

static void putch(Out* o, char c) {
    if (o->n == (int)sizeof o->buf)
        flush(o);
    o->buf[o->n++] = c;
}

static void field(Out* o, const char* s, int len, int width, int left, char fill) {
    if (!left)
        for (int i = len; i < width; i++)
            putch(o, fill);
    for (int i = 0; i < len; i++)
        putch(o, s[i]);
    if (left)
        for (int i = len; i < width; i++)
            putch(o, ' ');
}

static void number(Out* o, uint64 v, int base, int negative, int width, int left, char fill) {
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative) {
        if (fill == '0') { // the sign goes before the zeros
            putch(o, '-');
            width--;
        } else {
            tmp[n++] = '-';
        }
    }
    char s[24];
    for (int i = 0; i < n; i++)
        s[i] = tmp[n - 1 - i];
    field(o, s, n, width, left, fill);
}

static void vformat(int fd, const char* fmt, va_list ap) {
    Out o;
    o.fd = fd;
    o.n = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putch(&o, *fmt);
            continue;
        }
        fmt++;
        int left = 0;
        char fill = ' ';
        if (*fmt == '-') {
            left = 1;
            fmt++;
        }
        if (*fmt == '0') {
            fill = '0';
            fmt++;
        }
        int width = 0;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        int lng = 0;
        while (*fmt == 'l') {
            lng++;
            fmt++;
        }
        switch (*fmt) {
        case 'd': {
            long v = lng ? va_arg(ap, long) : va_arg(ap, int);
            number(&o, v < 0 ? 0 - (uint64)v : (uint64)v, 10, v < 0, width, left, fill);
            break;
        }
        case 'u':
            number(&o, lng ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0, width, left, fill);
            break;
        case 'x':
            number(&o, lng ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0, width, left, fill);
            break;
        case 'p':
            putch(&o, '0');
            putch(&o, 'x');
            number(&o, (uint64)va_arg(ap, void*), 16, 0, 16, 0, '0');
            break;
        case 's': {
            const char* s = va_arg(ap, const char*);
            if (s == 0)
                s = "(null)";
            field(&o, s, (int)strlen(s), width, left, ' ');
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            field(&o, &c, 1, width, left, ' ');
            break;
        }
        case '%':
            putch(&o, '%');
            break;
        case 0:
            fmt--;
            break;
        default:
            putch(&o, '%');
            putch(&o, *fmt);
            break;
        }
    }
    flush(&o);
}

void fprintf(int fd, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vformat(fd, fmt, ap);
    va_end(ap);
}

void printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vformat(1, fmt, ap);
    va_end(ap);
}
