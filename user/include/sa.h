/* sa: M:N user-level threads on scheduler activations (docs/activations.md;
 * after Anderson, Bershad, Lazowska and Levy, SOSP 1991).
 *
 * The same API as <uthread.h> -- create, yield, exit, join, mutex,
 * condition variable -- but the threads run on up to `nvp` virtual
 * processors (VPs) the kernel grants the process, and a thread that
 * blocks in the kernel no longer stops the others: the kernel upcalls
 * the library with SA_BLOCKED on a fresh activation and the library runs
 * another thread there; when the call finishes, SA_UNBLOCKED hands the
 * thread's context back and it is scheduled like any ready thread. No
 * wrapper around read/write is needed: blocking is transparent.
 *
 *   sa_init(4);                        // register, ask for 4 VPs (at most the harts)
 *   sa_thread_create(&t, worker, arg); // M threads...
 *   sa_thread_join(t, &result);        // ...on N VPs
 *
 * The first part of this header is the kernel's contract (system calls
 * 58-60, <weft/activations.h>); the library builds on it. Library functions
 * return 0 or an error number, like pthreads; the system calls return
 * 0 or -1 with errno.
 *
 * Locks: sa_mutex and sa_cond block at user level (the waiting thread
 * gives its VP to another). sa_spinlock spins; a thread holding one
 * that the kernel preempts is continued by the library until it lets go
 * of its last spin lock (recovery, docs/activations.md). Do not block in
 * the kernel while holding a spin lock.
 */
#ifndef _SA_H
#define _SA_H

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- the kernel's contract */
/* sa_config, sa_vp_shared, sa_context, sa_event, SA_MAX_VPS, SA_NEWPROC..:
 * the structures the kernel reads and writes, defined once for both sides. */
#include <weft/activations.h>

/* The system calls, as they are (0, or -1 with errno). The library makes
 * them for you; they are here for tests and for the curious. */
int sa_register(const struct sa_config* config);
int sa_setconcurrency(int n);
int sa_yield(void);

/* ---------------------------------------------------------------- the library */
#define SA_STACK_DEFAULT (64 * 1024)

typedef struct sa_thread* sa_thread_t;

struct sa_waitq { /* a FIFO of threads blocked at user level */
    struct sa_thread* head;
    struct sa_thread* tail;
};

typedef struct {
    volatile unsigned int word; /* 0 free, 1 held */
} sa_spinlock_t;
#define SA_SPINLOCK_INITIALIZER                                                                    \
    { 0 }

typedef struct {
    struct sa_thread* volatile owner; /* NULL when unlocked */
    struct sa_waitq waiters;
} sa_mutex_t;
#define SA_MUTEX_INITIALIZER                                                                       \
    {                                                                                              \
        0, {                                                                                       \
            0, 0                                                                                   \
        }                                                                                          \
    }

typedef struct {
    struct sa_waitq waiters;
} sa_cond_t;
#define SA_COND_INITIALIZER                                                                        \
    {                                                                                              \
        { 0, 0 }                                                                                   \
    }

/* Register with the kernel and ask for nvp virtual processors (clamped
 * to 1..min(harts, SA_MAX_VPS)); the caller becomes an sa thread running
 * on VP 0. 0, or an error number (ENOSYS: no activations in this
 * kernel; EBUSY: already done; EINVAL: the process has other threads). */
int sa_init(int nvp);
/* The VPs granted by sa_init (0 before). */
int sa_concurrency(void);

int sa_thread_create(sa_thread_t* thread, void* (*start)(void*), void* arg);
void sa_thread_yield(void);
__attribute__((noreturn)) void sa_thread_exit(void* result);
int sa_thread_join(sa_thread_t thread, void** result); /* EDEADLK, EINVAL as uthread */
sa_thread_t sa_thread_self(void);
int sa_thread_id(sa_thread_t thread); /* main is 0 */
/* The VP the caller runs on right now (it may move right after). */
int sa_current_vp(void);

int sa_mutex_init(sa_mutex_t* m);
int sa_mutex_lock(sa_mutex_t* m);
int sa_mutex_trylock(sa_mutex_t* m); /* EBUSY */
int sa_mutex_unlock(sa_mutex_t* m);  /* EPERM */
int sa_mutex_destroy(sa_mutex_t* m); /* EBUSY */

int sa_cond_init(sa_cond_t* c);
int sa_cond_wait(sa_cond_t* c, sa_mutex_t* m);
int sa_cond_signal(sa_cond_t* c);
int sa_cond_broadcast(sa_cond_t* c);
int sa_cond_destroy(sa_cond_t* c);

void sa_spin_init(sa_spinlock_t* l);
void sa_spin_lock(sa_spinlock_t* l);
void sa_spin_unlock(sa_spinlock_t* l);
/* Spin locks (and library-internal ones) the caller holds right now. */
int sa_locks_held(void);

/* What the library has seen, for tests, demos and benchmarks. */
struct sa_stats {
    unsigned long upcalls;        /* upcalls entered (all VPs) */
    unsigned long events[5];      /* by type: [SA_NEWPROC] .. [SA_PREEMPTED] */
    unsigned long nested_upcalls; /* upcalls that arrived while the VP was disabled: must be 0 */
    unsigned long recoveries;     /* preempted lock holders continued */
    unsigned long early_unblocks; /* SA_UNBLOCKED handled before its SA_BLOCKED */
    unsigned long stray_events;   /* events naming no thread of ours: must be 0 */
    unsigned long
        lost_contexts;          /* upcalls that took a thread's VP without its context: must be 0 */
    unsigned long idle;         /* times a VP had nothing to run (sa_yield) */
    unsigned long switches;     /* thread switches made by the library */
    unsigned long full_resumes; /* resumes through sigreturn (a kernel-made context) */
    unsigned long wakeups;      /* idle VPs woken for new work */
};
void sa_get_stats(struct sa_stats* stats);

#ifdef __cplusplus
}
#endif

#endif
