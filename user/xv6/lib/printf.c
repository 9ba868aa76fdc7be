// xv6's printf and fprintf(fd, ...), on user space's one formatting
// engine (user/lib/format.c, which this library links too): xv6's
// conversions (%d %u %x %p %s %c %%, the l and ll sizes, a field width)
// and the rest of Weft's. %p prints as xv6 prints it, "0x" and 16
// digits. Each call collects its output and writes it with as few
// write()s as possible (xv6 writes byte by byte).
#include <stdarg.h>

#include "../../lib/format.h"
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

static void putch(char c, void* arg) {
    Out* o = arg;
    if (o->n == (int)sizeof o->buf)
        flush(o);
    o->buf[o->n++] = c;
}

static void vprint(int fd, const char* fmt, va_list ap) {
    Out o;
    o.fd = fd;
    o.n = 0;
    __vformat_styled(putch, &o, fmt, ap, __POINTERS_FULL);
    flush(&o);
}

void fprintf(int fd, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprint(fd, fmt, ap);
    va_end(ap);
}

void printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprint(1, fmt, ap);
    va_end(ap);
}
