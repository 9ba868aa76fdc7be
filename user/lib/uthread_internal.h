/* Private to the uthread library (uthread.c, uthread_sync.c,
 * uthread_preempt.c, uthread_switch.S): the thread descriptor, the
 * ready queue and the critical-section flag that keeps SIGALRM
 * preemption out of the library's own data structures.
 *
 * Rules:
 *  - Everything here is touched by one kernel thread only, so there are
 *    no locks; the only concurrency is the SIGALRM handler, which may
 *    run between any two instructions. Code that changes a queue or a
 *    thread's state brackets it with enter()/leave(); a tick that lands
 *    in between only sets preempt_pending, and leave() yields then.
 *  - A thread's stack and descriptor are freed by its joiner, after the
 *    thread has switched away for the last time.
 */
#ifndef _WEFT_UTHREAD_INTERNAL_H
#define _WEFT_UTHREAD_INTERNAL_H

#include <uthread.h>

/* What uthread_switch saves: the callee-saved registers, the stack
 * pointer, the return address, tp (each thread has its own TLS block)
 * and the FP control register. Offsets are used by uthread_switch.S. */
struct uthread_context {
    unsigned long ra, sp, tp; /* 0, 8, 16 */
    unsigned long s[12];      /* 24: s0..s11 */
    unsigned long fs[12];     /* 120: fs0..fs11 */
    unsigned long fcsr;       /* 216 */
};

enum uthread_state { UT_READY, UT_RUNNING, UT_BLOCKED, UT_DONE };

struct uthread {
    struct uthread_context context; /* first: uthread_switch takes &t->context */
    int id;
    enum uthread_state state;
    void* (*start)(void*);
    void* arg;
    void* result;
    void* stack;          /* malloc'd; NULL for main */
    void* tls_mem;        /* malloc'd TLS block; NULL for main */
    struct uthread* next; /* in the ready queue or one wait queue */
    struct uthread* joiner;
};

/* uthread_switch.S: save the caller's context in *from, load *to. It
 * "returns" in the thread that was saved in *to. */
void __uthread_switch(struct uthread_context* from, struct uthread_context* to);

/* The running thread (main's descriptor is made on first use). */
struct uthread* __uthread_current(void);

/* Critical sections against the SIGALRM handler. */
extern volatile int __uthread_in_library;
extern volatile int __uthread_preempt_pending;
static inline void __uthread_enter(void) {
    __uthread_in_library++;
}
void __uthread_leave(void);

/* Queues (call inside enter/leave). */
void __uthread_queue_push(struct uthread_queue* q, struct uthread* t);
struct uthread* __uthread_queue_pop(struct uthread_queue* q);

/* Make t ready (at the back of the ready queue). */
void __uthread_make_ready(struct uthread* t);
/* The caller stops being RUNNING (state already set: READY and queued,
 * BLOCKED on some queue, or DONE) and the next ready thread runs.
 * Returns when the caller runs again. Call inside enter/leave. */
void __uthread_schedule(void);

/* Counters (uthread.c). */
extern struct uthread_stats __uthread_stats;

#endif
