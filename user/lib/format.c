/* __vformat: user space's one formatting engine (format.h). It produces
 * characters through a callback, so the same code serves streams
 * (stdio.c), strings (snprintf) and the xv6 root's printf. It calls
 * nothing but its own code: the xv6 library links it too. */
#include "format.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    void (*out)(char c, void* arg);
    void* arg;
    int count;
} Sink;

static void put(Sink* s, char c) {
    s->out(c, s->arg);
    s->count++;
}

static void pad(Sink* s, char c, int n) {
    while (n-- > 0)
        put(s, c);
}

enum { LEFT = 1, ZERO = 2, PLUS = 4, SPACE = 8, ALT = 16 };

/* One converted number: sign/prefix, zero padding to precision, digits,
 * all within width. */
static void emit_number(Sink* s, unsigned long long v, int base, int upper, int negative, int flags,
                        int width, int precision) {
    char digits[24];
    const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    if (!(v == 0 && precision == 0)) {
        do {
            digits[n++] = set[v % (unsigned)base];
            v /= (unsigned)base;
        } while (v != 0);
    }
    char prefix[3];
    int np = 0;
    if (negative)
        prefix[np++] = '-';
    else if (flags & PLUS)
        prefix[np++] = '+';
    else if (flags & SPACE)
        prefix[np++] = ' ';
    if ((flags & ALT) && base == 16 && n > 0 && !(n == 1 && digits[0] == '0')) {
        prefix[np++] = '0';
        prefix[np++] = upper ? 'X' : 'x';
    }
    if ((flags & ALT) && base == 8 && (n == 0 || digits[n - 1] != '0')) digits[n++] = '0';
    int zeros = precision > n ? precision - n : 0;
    if ((flags & ZERO) && !(flags & LEFT) && precision < 0 && width > np + n)
        zeros = width - np - n;
    int len = np + zeros + n;
    if (!(flags & LEFT)) pad(s, ' ', width - len);
    for (int i = 0; i < np; i++)
        put(s, prefix[i]);
    pad(s, '0', zeros);
    while (n > 0)
        put(s, digits[--n]);
    if (flags & LEFT) pad(s, ' ', width - len);
}

static void emit_string(Sink* s, const char* str, int flags, int width, int precision) {
    if (str == NULL) str = "(null)";
    int len = 0;
    while (str[len] && (precision < 0 || len < precision))
        len++;
    if (!(flags & LEFT)) pad(s, ' ', width - len);
    for (int i = 0; i < len; i++)
        put(s, str[i]);
    if (flags & LEFT) pad(s, ' ', width - len);
}

/* %f: fixed notation, rounded to precision digits (no exponent form). */
static void emit_double(Sink* s, double d, int flags, int width, int precision) {
    if (precision < 0) precision = 6;
    if (precision > 17) precision = 17;
    char buf[64];
    int n = 0;
    int negative = d < 0;
    if (negative) d = -d;
    if (d != d) {
        emit_string(s, "nan", flags & LEFT, width, -1);
        return;
    }
    if (d > 1e18) {
        emit_string(s, negative ? "-inf" : "inf", flags & LEFT, width, -1);
        return;
    }
    double scale = 1;
    for (int i = 0; i < precision; i++)
        scale *= 10;
    unsigned long long whole = (unsigned long long)d;
    unsigned long long frac = (unsigned long long)((d - (double)whole) * scale + 0.5);
    if ((double)frac >= scale) { /* rounding carried into the whole part */
        whole++;
        frac = 0;
    }
    for (int i = 0; i < precision; i++) {
        buf[n++] = (char)('0' + frac % 10);
        frac /= 10;
    }
    if (precision > 0 || (flags & ALT)) buf[n++] = '.';
    do {
        buf[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole != 0);
    if (negative)
        buf[n++] = '-';
    else if (flags & PLUS)
        buf[n++] = '+';
    else if (flags & SPACE)
        buf[n++] = ' ';
    int fill = width > n ? width - n : 0;
    if (!(flags & LEFT) && !(flags & ZERO)) pad(s, ' ', fill);
    if (!(flags & LEFT) && (flags & ZERO)) {
        /* the sign goes before the zeros */
        if (buf[n - 1] == '-' || buf[n - 1] == '+' || buf[n - 1] == ' ') put(s, buf[--n]);
        pad(s, '0', fill);
    }
    while (n > 0)
        put(s, buf[--n]);
    if (flags & LEFT) pad(s, ' ', fill);
}

int __vformat_styled(void (*out)(char c, void* arg), void* arg, const char* fmt, va_list ap,
                     enum __pointer_style pointers) {
    Sink s = {out, arg, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&s, *fmt);
            continue;
        }
        fmt++;
        int flags = 0;
        for (;; fmt++) {
            if (*fmt == '-')
                flags |= LEFT;
            else if (*fmt == '0')
                flags |= ZERO;
            else if (*fmt == '+')
                flags |= PLUS;
            else if (*fmt == ' ')
                flags |= SPACE;
            else if (*fmt == '#')
                flags |= ALT;
            else
                break;
        }
        int width = 0;
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                flags |= LEFT;
                width = -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        int precision = -1;
        if (*fmt == '.') {
            fmt++;
            precision = 0;
            if (*fmt == '*') {
                precision = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    precision = precision * 10 + (*fmt++ - '0');
            }
        }
        int size = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long */
        for (;; fmt++) {
            if (*fmt == 'h')
                size--;
            else if (*fmt == 'l')
                size++;
            else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
                size = 1; /* size_t, ptrdiff_t, intmax_t: all 64 bits */
            else
                break;
        }
        char conv = *fmt;
        switch (conv) {
        case 'd':
        case 'i': {
            long long v;
            if (size >= 1)
                v = size == 1 ? va_arg(ap, long) : va_arg(ap, long long);
            else
                v = va_arg(ap, int);
            if (size == -1)
                v = (short)v;
            else if (size <= -2)
                v = (signed char)v;
            unsigned long long mag = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
            emit_number(&s, mag, 10, 0, v < 0, flags, width, precision);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            unsigned long long v;
            if (size >= 1)
                v = size == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned long long);
            else
                v = va_arg(ap, unsigned int);
            if (size == -1)
                v = (unsigned short)v;
            else if (size <= -2)
                v = (unsigned char)v;
            int base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
            emit_number(&s, v, base, conv == 'X', 0, flags & ~(PLUS | SPACE), width, precision);
            break;
        }
        case 'p':
            if (pointers == __POINTERS_FULL) {
                put(&s, '0');
                put(&s, 'x');
                emit_number(&s, (uintptr_t)va_arg(ap, void*), 16, 0, 0, 0, 0, 16);
            } else {
                emit_number(&s, (uintptr_t)va_arg(ap, void*), 16, 0, 0, flags | ALT, width,
                            precision);
            }
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            if (!(flags & LEFT)) pad(&s, ' ', width - 1);
            put(&s, c);
            if (flags & LEFT) pad(&s, ' ', width - 1);
            break;
        }
        case 's':
            emit_string(&s, va_arg(ap, const char*), flags, width, precision);
            break;
        case 'f':
        case 'F':
            emit_double(&s, va_arg(ap, double), flags, width, precision);
            break;
        case '%':
            put(&s, '%');
            break;
        case '\0': /* a lone '%' at the end */
            return s.count;
        default: /* unknown: print it as written */
            put(&s, '%');
            put(&s, conv);
            break;
        }
    }
    return s.count;
}

int __vformat(void (*out)(char c, void* arg), void* arg, const char* fmt, va_list ap) {
    return __vformat_styled(out, arg, fmt, ap, __POINTERS_SHORT);
}
