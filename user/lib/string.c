/* <string.h>: memory and string functions, plainly written. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void* memcpy(void* dst, const void* src, size_t n) {
    unsigned char* d = dst;
    const unsigned char* s = src;
    /* Whole words when both are aligned the same way: pipes and files
       move big buffers through here. */
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        while (n > 0 && ((uintptr_t)d & 7) != 0) {
            *d++ = *s++;
            n--;
        }
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(uint64_t*)d = *(const uint64_t*)s;
    }
    while (n-- > 0)
        *d++ = *s++;
    return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
    unsigned char* d = dst;
    const unsigned char* s = src;
    if (d <= s || d >= s + n) return memcpy(dst, src, n);
    while (n-- > 0) /* overlapping, dst above src: copy backwards */
        d[n] = s[n];
    return dst;
}

void* memset(void* dst, int c, size_t n) {
    unsigned char* d = dst;
    if (n >= 16) {
        uint64_t word = (unsigned char)c * 0x0101010101010101ULL;
        while (((uintptr_t)d & 7) != 0) {
            *d++ = (unsigned char)c;
            n--;
        }
        for (; n >= 8; n -= 8, d += 8)
            *(uint64_t*)d = word;
    }
    while (n-- > 0)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
    const unsigned char *p = a, *q = b;
    for (; n > 0; n--, p++, q++)
        if (*p != *q) return *p - *q;
    return 0;
}

void* memchr(const void* p, int c, size_t n) {
    const unsigned char* s = p;
    for (; n > 0; n--, s++)
        if (*s == (unsigned char)c) return (void*)s;
    return NULL;
}

size_t strlen(const char* s) {
    const char* p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t strnlen(const char* s, size_t max) {
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

char* strcpy(char* dst, const char* src) {
    char* d = dst;
    while ((*d++ = *src++) != 0) {
    }
    return dst;
}

char* strncpy(char* dst, const char* src, size_t n) {
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

char* strcat(char* dst, const char* src) {
    strcpy(dst + strlen(dst), src);
    return dst;
}

char* strncat(char* dst, const char* src, size_t n) {
    char* d = dst + strlen(dst);
    while (n-- > 0 && *src)
        *d++ = *src++;
    *d = 0;
    return dst;
}

int strcmp(const char* a, const char* b) {
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char* a, const char* b, size_t n) {
    for (; n > 0; n--, a++, b++) {
        if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
        if (*a == 0) return 0;
    }
    return 0;
}

char* strchr(const char* s, int c) {
    for (;; s++) {
        if (*s == (char)c) return (char*)s;
        if (*s == 0) return NULL;
    }
}

char* strrchr(const char* s, int c) {
    const char* last = NULL;
    for (;; s++) {
        if (*s == (char)c) last = s;
        if (*s == 0) return (char*)last;
    }
}

char* strstr(const char* haystack, const char* needle) {
    size_t n = strlen(needle);
    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, n) == 0) return (char*)haystack;
    return n == 0 ? (char*)haystack : NULL;
}

size_t strspn(const char* s, const char* accept) {
    size_t n = 0;
    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

size_t strcspn(const char* s, const char* reject) {
    size_t n = 0;
    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

char* strpbrk(const char* s, const char* accept) {
    s += strcspn(s, accept);
    return *s ? (char*)s : NULL;
}

char* strtok_r(char* s, const char* delim, char** save) {
    if (s == NULL) s = *save;
    s += strspn(s, delim);
    if (*s == 0) {
        *save = s;
        return NULL;
    }
    char* end = s + strcspn(s, delim);
    if (*end) *end++ = 0;
    *save = end;
    return s;
}

char* strtok(char* s, const char* delim) {
    static char* save;
    return strtok_r(s, delim, &save);
}

char* strndup(const char* s, size_t n) {
    n = strnlen(s, n);
    char* p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

char* strdup(const char* s) {
    return strndup(s, strlen(s));
}
