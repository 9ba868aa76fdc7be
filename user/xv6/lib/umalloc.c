// xv6's malloc(uint) and free on sbrk: a free list in address order,
// first fit, neighbours merged on free. Blocks are measured in 16-byte
// units, a one-unit header first. The algorithm is the storage allocator
// of Kernighan and Ritchie, "The C Programming Language" (2nd ed., 8.7),
// which xv6's umalloc.c also follows; this is our own rendering of it.
#include "kernel/types.h"
#include "user/user.h"

typedef union Unit {
    struct {
        union Unit* next; // next free block, while this one is free
        uint64 units;     // size of this block, header included
    } h;
    long double align; // 16 bytes, 16-aligned
} Unit;

static Unit anchor;         // zero-sized, keeps the circular list non-empty
static Unit* rover;         // where the next search starts

void free(void* p) {
    if (p == 0)
        return;
    Unit* b = (Unit*)p - 1;
    Unit* at = rover;
    // Find the free block just below b (wrapping at the highest one).
    while (!(at < b && b < at->h.next)) {
        if (at >= at->h.next && (b > at || b < at->h.next))
            break;
        at = at->h.next;
    }
    if (b + b->h.units == at->h.next) {
        b->h.units += at->h.next->h.units;
        b->h.next = at->h.next->h.next;
    } else {
        b->h.next = at->h.next;
    }
    if (at + at->h.units == b) {
        at->h.units += b->h.units;
        at->h.next = b->h.next;
    } else {
        at->h.next = b;
    }
    rover = at;
}

static int more(uint64 units) {
    if (units < 4096)
        units = 4096;
    if (units * sizeof(Unit) > 0x7fffffff)
        return 0;
    char* p = sbrk((int)(units * sizeof(Unit)));
    if (p == (char*)-1)
        return 0;
    Unit* u = (Unit*)p;
    u->h.units = units;
    free(u + 1);
    return 1;
}

void* malloc(uint nbytes) {
    uint64 units = ((uint64)nbytes + sizeof(Unit) - 1) / sizeof(Unit) + 1;
    if (rover == 0) {
        anchor.h.next = rover = &anchor;
        anchor.h.units = 0;
    }
    for (;;) {
        Unit* prev = rover;
        for (Unit* u = prev->h.next;; prev = u, u = u->h.next) {
            if (u->h.units >= units) {
                if (u->h.units == units) {
                    prev->h.next = u->h.next;
                } else {
                    u->h.units -= units;
                    u += u->h.units;
                    u->h.units = units;
                }
                rover = prev;
                return u + 1;
            }
            if (u == rover)
                break;
        }
        if (!more(units))
            return 0;
    }
}
