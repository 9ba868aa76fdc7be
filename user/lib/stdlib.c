/* <stdlib.h>: exit and atexit, number parsing, qsort, rand. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define ATEXIT_MAX 32
static void (*atexit_fns[ATEXIT_MAX])(void);
static int natexit;

int atexit(void (*fn)(void)) {
    if (natexit == ATEXIT_MAX) return -1;
    atexit_fns[natexit++] = fn;
    return 0;
}

void exit(int status) {
    while (natexit > 0) /* last registered runs first */
        atexit_fns[--natexit]();
    __stdio_flush_all();
    __sys_exit(status);
}

void _Exit(int status) {
    __sys_exit(status);
}

void abort(void) {
    __stdio_flush_all();
    kill(getpid(), SIGABRT);
    __sys_exit(128 + SIGABRT); /* not reached while kill terminates */
}

void __assert_fail(const char* expr, const char* file, int line) {
    fprintf(stderr, "assertion failed: %s (%s:%d)\n", expr, file, line);
    abort();
}

/* Parse an unsigned magnitude in base (0: from the prefix); sets *neg. */
static unsigned long long parse(const char* s, char** end, int base, int* neg, int* overflow) {
    const char* p = s;
    while (isspace((unsigned char)*p))
        p++;
    *neg = 0;
    if (*p == '+' || *p == '-') *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        isxdigit((unsigned char)p[2])) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    unsigned long long v = 0;
    const char* digits = p;
    *overflow = 0;
    for (;; p++) {
        int d;
        if (isdigit((unsigned char)*p))
            d = *p - '0';
        else if (isalpha((unsigned char)*p))
            d = tolower((unsigned char)*p) - 'a' + 10;
        else
            break;
        if (d >= base) break;
        if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base) *overflow = 1;
        v = v * (unsigned)base + (unsigned)d;
    }
    if (end) *end = (char*)(p == digits ? s : p);
    return v;
}

long long strtoll(const char* s, char** end, int base) {
    int neg, overflow;
    unsigned long long v = parse(s, end, base, &neg, &overflow);
    if (overflow || v > (unsigned long long)LLONG_MAX + neg) {
        errno = ERANGE;
        return neg ? LLONG_MIN : LLONG_MAX;
    }
    return neg ? (long long)(0 - v) : (long long)v;
}

unsigned long long strtoull(const char* s, char** end, int base) {
    int neg, overflow;
    unsigned long long v = parse(s, end, base, &neg, &overflow);
    if (overflow) {
        errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? 0 - v : v;
}

long strtol(const char* s, char** end, int base) {
    return strtoll(s, end, base);
}
unsigned long strtoul(const char* s, char** end, int base) {
    return strtoull(s, end, base);
}
long atol(const char* s) {
    return strtol(s, NULL, 10);
}
int atoi(const char* s) {
    return (int)strtol(s, NULL, 10);
}
int abs(int x) {
    return x < 0 ? -x : x;
}
long labs(long x) {
    return x < 0 ? -x : x;
}

static void swap_bytes(char* a, char* b, size_t n) {
    while (n-- > 0) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

/* Quicksort with the middle element as pivot (Lomuto partition);
 * recursion on the smaller half keeps the stack shallow. */
void qsort(void* base, size_t n, size_t size, int (*cmp)(const void*, const void*)) {
    char* a = base;
    while (n > 1) {
        swap_bytes(a + (n / 2) * size, a + (n - 1) * size, size); /* pivot to the end */
        char* pivot = a + (n - 1) * size;
        size_t store = 0;
        for (size_t i = 0; i < n - 1; i++) {
            if (cmp(a + i * size, pivot) < 0) {
                swap_bytes(a + i * size, a + store * size, size);
                store++;
            }
        }
        swap_bytes(a + store * size, pivot, size);
        size_t left = store, right = n - store - 1;
        if (left < right) {
            qsort(a, left, size, cmp);
            a += (store + 1) * size;
            n = right;
        } else {
            qsort(a + (store + 1) * size, right, size, cmp);
            n = left;
        }
    }
}

static unsigned long rand_state = 1;
void srand(unsigned int seed) {
    rand_state = seed;
}
int rand(void) {
    rand_state = rand_state * 6364136223846793005UL + 1442695040888963407UL;
    return (int)((rand_state >> 33) & RAND_MAX);
}

char* getenv(const char* name) {
    (void)name;
    return NULL;
}
