/* malloc, free, calloc, realloc on sbrk.
 *
 * A first-fit free list kept in address order, so that free can merge a
 * block with both neighbours. Every block starts with a 16-byte header
 * holding its size in 16-byte units (header included); payloads are
 * 16-byte aligned. The list is circular, `freep` marks where the last
 * search stopped (next fit). Memory goes back to the kernel only at exit.
 * The design is Kernighan and Ritchie's storage allocator ("The C
 * Programming Language", 2nd ed., section 8.7), written anew here.
 *
 * Thread-safe: one lock (__malloc_lock, thread_hooks.h) around malloc
 * and free; it is recursive, so free may be called from grow().
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "thread_hooks.h"

typedef union header {
    struct {
        union header* next; /* the next free block (only while free) */
        size_t units;       /* size of this block, header included */
    } s;
    long double align_; /* 16 bytes, 16-aligned on RV64: sets size and alignment */
} Header;

_Static_assert(sizeof(Header) == 16, "a header is one 16-byte unit");

static Header base;          /* a zero-sized block that anchors the list */
static Header* freep = NULL; /* the list; NULL before the first malloc */

enum { MIN_GROW_UNITS = 4096 }; /* ask the kernel for at least 64 KiB */

/* Give the free list at least `units` more units from the kernel. */
static Header* grow(size_t units) {
    if (units < MIN_GROW_UNITS) units = MIN_GROW_UNITS;
    if (units > (SIZE_MAX / 2) / sizeof(Header)) return NULL;
    char* p = sbrk((intptr_t)(units * sizeof(Header)));
    if (p == (char*)-1) return NULL;
    Header* h = (Header*)p;
    h->s.units = units;
    free(h + 1);
    return freep;
}

void* malloc(size_t size) {
    if (size == 0) size = 1;
    if (size > SIZE_MAX / 2) {
        errno = ENOMEM;
        return NULL;
    }
    size_t units = (size + sizeof(Header) - 1) / sizeof(Header) + 1;
    __lock_acquire(&__malloc_lock);
    if (freep == NULL) {
        base.s.next = freep = &base;
        base.s.units = 0;
    }
    Header* prev = freep;
    for (Header* p = prev->s.next;; prev = p, p = p->s.next) {
        if (p->s.units >= units) {
            if (p->s.units == units) {
                prev->s.next = p->s.next;
            } else { /* hand out the tail end, the head stays on the list */
                p->s.units -= units;
                p += p->s.units;
                p->s.units = units;
            }
            freep = prev;
            __lock_release(&__malloc_lock);
            return p + 1;
        }
        if (p == freep) { /* wrapped around: nothing fits */
            p = grow(units);
            if (p == NULL) {
                __lock_release(&__malloc_lock);
                errno = ENOMEM;
                return NULL;
            }
        }
    }
}

void free(void* ptr) {
    if (ptr == NULL) return;
    __lock_acquire(&__malloc_lock);
    Header* b = (Header*)ptr - 1;
    /* Find p with p < b < p->next, or b beyond either end of the list. */
    Header* p = freep;
    while (!(b > p && b < p->s.next)) {
        if (p >= p->s.next && (b > p || b < p->s.next)) break;
        p = p->s.next;
    }
    if (b + b->s.units == p->s.next) { /* merge with the upper neighbour */
        b->s.units += p->s.next->s.units;
        b->s.next = p->s.next->s.next;
    } else {
        b->s.next = p->s.next;
    }
    if (p + p->s.units == b) { /* merge with the lower neighbour */
        p->s.units += b->s.units;
        p->s.next = b->s.next;
    } else {
        p->s.next = b;
    }
    freep = p;
    __lock_release(&__malloc_lock);
}

void* calloc(size_t n, size_t size) {
    if (size != 0 && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void* p = malloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void* realloc(void* ptr, size_t size) {
    if (ptr == NULL) return malloc(size);
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    Header* h = (Header*)ptr - 1;
    size_t have = (h->s.units - 1) * sizeof(Header);
    if (size <= have) return ptr;
    void* q = malloc(size);
    if (q == NULL) return NULL;
    memcpy(q, ptr, have);
    free(ptr);
    return q;
}
