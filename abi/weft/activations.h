/* The scheduler-activation ABI (system calls 58-60, docs/activations.md):
 * what the kernel (kernel/proc/activation.cpp, upcall.cpp) and the user
 * library sa (user/include/sa.h, user/lib/sa_*.c) exchange.
 *
 *   sa_register(&config)  the upcall entry point, the pc range of the
 *                         library's resume code, and per VP an upcall stack
 *                         and a shared page;
 *   an upcall             pc = upcall_entry, sp = below the events on that
 *                         VP's upcall stack, a0 = the events, a1 = their
 *                         number, a2 = the VP.
 * Part of the abi/ include root (abi/README.md): C and C++, no kernel types. */
#ifndef WEFT_ABI_ACTIVATIONS_H
#define WEFT_ABI_ACTIVATIONS_H

#include <stdint.h>

#define SA_MAX_VPS 8
#define SA_MAX_EVENTS 16 /* per upcall */

struct sa_config {         /* sa_register */
    uint64_t upcall_entry; /* void entry(struct sa_event* ev, int count, int vp) */
    uint64_t resume_start; /* [resume_start, resume_end): the library's resume code */
    uint64_t resume_end;
    uint64_t nvp; /* entries used below, 1..8 */
    /* top of each VP's upcall stack (16-byte aligned, >= 16 KiB) */
    uint64_t upcall_stack[SA_MAX_VPS];
    /* each VP's shared page (page aligned, 4 KiB, writable) */
    uint64_t shared[SA_MAX_VPS];
};

struct sa_vp_shared {           /* one page per VP, shared by kernel and library */
    volatile uint32_t disabled; /* set by the kernel when it starts an upcall; cleared by
                                   the library when it leaves the upcall stack */
    uint32_t vp;                /* this VP's number (written by the kernel) */
    uint64_t upcalls;           /* upcalls made on this VP (kernel) */
    uint64_t events_waiting;    /* events queued while disabled (kernel) */
};

struct sa_context { /* a stopped user context: same layout as weft_mcontext */
    uint64_t pc, x[32], f[32], fcsr;
};

#define SA_NEWPROC 1   /* a processor was added */
#define SA_BLOCKED 2   /* an activation blocked in the kernel; this one took its VP */
#define SA_UNBLOCKED 3 /* its kernel work is done: here is its context */
#define SA_PREEMPTED 4 /* a processor was taken away: here is that context */

struct sa_event {
    uint32_t type;             /* SA_NEWPROC .. SA_PREEMPTED */
    uint32_t activation;       /* the activation's id (its tid) */
    struct sa_context context; /* UNBLOCKED, PREEMPTED: where it stopped (a0 holds a
                                  finished system call's result) */
};

#endif
