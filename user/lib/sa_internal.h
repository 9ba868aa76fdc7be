/* Private to the sa library (sa_sched.c, sa_thread.c, sa_sync.c,
 * sa_upcall.S): the thread and VP descriptors, the one scheduler lock,
 * and the rules that make upcalls safe. The design is explained in
 * docs/activations.md, "How the sa library works".
 *
 * Two modes of running on a VP:
 *  - a USER THREAD runs with the VP's `disabled` flag clear. The kernel
 *    may stop it at any instruction (preempted, or blocked in a system
 *    call) and hand its context to an upcall;
 *  - LIBRARY CODE that touches the scheduler's data (the ready queue,
 *    wait queues, thread states) runs with `disabled` set: the kernel
 *    then never upcalls on this VP, and if it preempts the activation
 *    it resumes it as it was. Upcalls arrive with `disabled` set by the
 *    kernel; a user thread sets it itself with __sa_disable (inside the
 *    registered resume range, so it cannot move to another VP between
 *    finding its VP and setting the flag). It is cleared only by the
 *    resume stub, as its last act before the thread's own code runs, or
 *    by __sa_enable when a user thread leaves a library section.
 *
 * Lock rules:
 *  - sched_lock (a spin lock) guards the ready queue, every wait queue
 *    (mutex, condition variable, join) and every thread's `state`. It
 *    is only ever taken with `disabled` set, so its holder is never
 *    stopped with its context handed to an upcall: a spinning VP waits
 *    at most for a kernel time slice. A thread that blocks or yields
 *    holds it across __sa_switch; the scheduler releases it (the
 *    hand-off xv6's p->lock makes across swtch).
 *  - sa_spinlock is a USER lock (taken with `disabled` clear) and is
 *    counted in thread->locks: if the kernel preempts its holder, the
 *    upcall continues the holder before anything else (recovery) until
 *    its count drops to zero. Library code never takes a user lock.
 *  - Library code (upcalls, the scheduler) never calls malloc, printf or
 *    anything else that takes a C-library lock: the holder might be a
 *    stopped user thread, and the VP would wait for it forever.
 */
#ifndef _WEFT_SA_INTERNAL_H
#define _WEFT_SA_INTERNAL_H

#include <sa.h>

enum sa_thread_state {
    SA_T_READY,          /* in the ready queue (or a VP's recovery list) */
    SA_T_RUNNING,        /* on a VP */
    SA_T_BLOCKED_USER,   /* on a wait queue of this library */
    SA_T_BLOCKED_KERNEL, /* its activation is blocked in the kernel */
    SA_T_DONE,           /* ended; the joiner frees it */
};

#define SA_MAGIC 0x5a7e5a7eu

struct sa_vp;

struct sa_thread {
    struct sa_context ctx; /* first: where it stopped (pc, every register) */
    struct sa_vp* vp;      /* offset 528: the VP it runs on (valid while RUNNING) */
    unsigned int magic;
    int id;
    /* 1: ctx came from the kernel (UNBLOCKED, PREEMPTED) and every
     * register matters: resume through sigreturn. 0: saved by
     * __sa_switch at a function call: the fast user-mode resume. */
    int ctx_full;
    volatile int state;         /* enum sa_thread_state; sched_lock */
    volatile int locks;         /* user spin locks held (or being taken) */
    volatile int recovering;    /* continued after preemption: yield at locks == 0 */
    unsigned int block_act;     /* SA_T_BLOCKED_KERNEL: the activation it blocked in */
    unsigned int early_unblock; /* its SA_UNBLOCKED came before its SA_BLOCKED */
    unsigned long tp;           /* its TLS pointer: how a context names its thread */
    void* (*start)(void*);
    void* arg;
    void* result;
    void* stack;              /* malloc'd; NULL for main */
    void* tls_mem;            /* malloc'd; NULL for main */
    struct sa_thread* next;   /* ready queue, a wait queue, or a recovery list */
    struct sa_thread* joiner; /* sched_lock */
};

struct sa_vp {
    struct sa_vp_shared* shared;    /* 0: the page shared with the kernel */
    unsigned long sched_sp;         /* 8: top of this VP's scheduler stack */
    unsigned long tls;              /* 16: tp while library code runs here */
    volatile unsigned int masked;   /* 24: the library's copy of `disabled` */
    volatile unsigned int in_yield; /* 28: in the sa_yield system call */
    int id;
    struct sa_thread* current; /* the user thread it runs (NULL: library code) */
    /* Preempted lock holders to continue before anything else. Only
     * this VP touches it, always with `disabled` set. */
    struct sa_thread* recovery_head;
    struct sa_thread* recovery_tail;
};

/* sa_upcall.S */
extern struct sa_vp* __sa_vp_table[SA_MAX_VPS];
void __sa_upcall_entry(void);
extern char __sa_resume_start[], __sa_resume_end[];
/* Set `disabled` on the VP self runs on; that VP. */
struct sa_vp* __sa_disable(struct sa_thread* self);
/* Save the caller's context in *ctx and run the scheduler on vp's stack
 * (`disabled` set, sched_lock held). Returns when the thread is resumed,
 * with `disabled` clear and sched_lock released. */
void __sa_switch(struct sa_context* ctx, struct sa_vp* vp);
/* The resume stub: clear `disabled` and continue ctx. fast: registers
 * loaded in user mode (t0 is used for the jump: only for contexts saved
 * by __sa_switch, where t0 is dead). full: frame is a signal frame
 * holding the context, below the thread's sp; sigreturn loads it. */
__attribute__((noreturn)) void __sa_resume_fast(struct sa_context* ctx, struct sa_vp* vp);
__attribute__((noreturn)) void __sa_resume_full(void* frame, struct sa_vp* vp);

/* sa_sched.c */
extern int __sa_active; /* registered, and not a forked child */
struct sa_thread* __sa_self(void);
void __sa_sched_lock(void);
void __sa_sched_unlock(void);
/* A user thread (disabled clear): if the kernel has events waiting, make
 * a system call so they are delivered. */
void __sa_poll_events(void);
/* Clear `disabled` again after a library section run by a user thread. */
void __sa_enable(struct sa_vp* vp);
/* After making a thread ready (disabled clear, no lock held): wake an
 * idle VP if there is one. */
void __sa_wake_idle(void);
/* Make t ready (sched_lock held). */
void __sa_make_ready_locked(struct sa_thread* t);
/* Wait queues (sched_lock held). */
void __sa_waitq_push(struct sa_waitq* q, struct sa_thread* t);
struct sa_thread* __sa_waitq_pop(struct sa_waitq* q);
/* Entered by __sa_switch and __sa_upcall_entry, on the VP's stack. */
__attribute__((noreturn)) void __sa_scheduler(struct sa_vp* vp);
__attribute__((noreturn)) void __sa_upcall(struct sa_event* events, long count, long vpn,
                                           struct sa_vp* vp);
extern struct sa_stats __sa_stats;
#define SA_COUNT(field) __atomic_add_fetch(&__sa_stats.field, 1, __ATOMIC_RELAXED)

/* sa_thread.c */
extern struct sa_thread __sa_main;
extern volatile int __sa_live_threads;

#endif
