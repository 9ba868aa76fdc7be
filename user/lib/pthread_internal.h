/* Private to the threads library (user/lib/pthread_*.c, semaphore.c,
 * clone.S, time.c): the thread descriptor, the futex and clone system
 * calls, the library's own small lock, and the hooks through which the
 * rest of the C library learns about threads (thread_hooks.h).
 *
 * The thread descriptor (struct __pthread, "TCB") is what a pthread_t
 * points at. A created thread's descriptor and its TLS block are one
 * malloc'd block; its stack is another. The main thread's descriptor is
 * static. Each thread finds its own through a __thread pointer
 * (__pthread_self_ptr), so pthread_self() is one load relative to tp.
 */
#ifndef _WEFT_PTHREAD_INTERNAL_H
#define _WEFT_PTHREAD_INTERNAL_H

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "thread_hooks.h"

/* ---------------------------------------------------------------- system calls */
/* Raw stubs from syscalls.S (clone, futex, thread_exit, ...): >= 0, or -errno. */
#include <weft/syscalls.h>

/* clone.S: start fn(arg) on stack as a new task (see clone() in sched.h);
 * the tid, or -errno. */
long __clone(int (*fn)(void*), void* stack, unsigned long flags, void* arg, int* parent_tid,
             void* tls, int* child_tid);

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

/* Sleep while *word == expected; 0, or -EAGAIN (it differed), -EINTR,
 * -ETIMEDOUT (rel: a relative timeout, NULL for none). Callers always
 * re-check their condition: a wakeup can be spurious. */
static inline long __futex_wait(volatile unsigned int* word, unsigned int expected,
                                const struct timespec* rel) {
    return __sys_futex(word, FUTEX_WAIT, expected, rel);
}
static inline void __futex_wake(volatile unsigned int* word, int count) {
    (void)__sys_futex(word, FUTEX_WAKE, (unsigned long)count, 0);
}

/* The relative time from now until the absolute deadline on clock;
 * -ETIMEDOUT if it has passed, -EINVAL for a bad deadline. */
long __deadline_to_relative(clockid_t clock, const struct timespec* deadline, struct timespec* rel);

/* ---------------------------------------------------------------- the thread descriptor */
struct __pthread_specific {
    unsigned int generation; /* the key's generation the value belongs to */
    void* value;
};

struct __pthread {
    /* The thread's tid while it runs. The kernel writes it at creation
     * (CLONE_PARENT_SETTID) and writes 0 + futex-wakes it when the thread
     * has ended (CLONE_CHILD_CLEARTID): join waits for that. */
    volatile int tid;

    /* Guarded by lock: who frees the descriptor and stack. */
    struct __weft_lock lock;
    int detached; /* nobody will join: the thread frees itself (via the reap list) */
    int exited;   /* the thread has passed pthread_exit's point of no return */
    int joining;  /* a joiner is waiting */

    void* (*start)(void*);
    void* arg;
    void* result; /* start's return value or pthread_exit's argument */

    void* stack; /* the mmap'd stack, guard page at its low end (NULL for the main thread) */
    size_t stack_mapping; /* bytes mapped at stack, guard included */
    void* tls;            /* this thread's TLS block, inside this allocation */

    /* Cancellation. cancel_pending is set by pthread_cancel (another
     * thread); the rest only by the thread itself. */
    volatile int cancel_pending;
    int cancel_state;                  /* PTHREAD_CANCEL_ENABLE / DISABLE */
    int cancelling;                    /* acting on a cancel (no second one) */
    struct __pthread_cleanup* cleanup; /* innermost pushed handler */

    struct __pthread_specific specific[PTHREAD_KEYS_MAX];

    struct __pthread* next_reaped; /* on the reap list (detached, ended) */
};

/* This thread's descriptor (never NULL: the main thread's is made on
 * first use). */
struct __pthread* __pthread_self(void);

/* Act on a pending cancel if cancellation is enabled: does not return
 * then. The check every cancellation point makes just before it
 * blocks, after its last other system call (see pthread_cancel.c). */
void __pthread_testcancel(void);
/* True if a cancel is pending and enabled (without acting on it). */
int __pthread_cancel_requested(void);
/* End the thread as cancelled (runs cleanup handlers and destructors). */
__attribute__((noreturn)) void __pthread_act_on_cancel(void);

/* Thread exit steps, in pthread_exit's order. */
void __pthread_run_cleanup(struct __pthread* self);
void __pthread_run_destructors(struct __pthread* self);

/* fork hooks (pthread_atfork.c), called through thread_hooks.h; the
 * child's thread bookkeeping (pthread_create.c). */
void __pthread_fork_hook(int phase);
void __pthread_after_fork_child(void);

/* Threads of this process that have not yet passed pthread_exit
 * (counting main); the last one out calls exit(0). */
extern volatile int __pthread_live_threads;

/* A condition-variable wait that is not a cancellation point (for
 * barriers and read-write locks, which POSIX does not make ones). */
int __pthread_cond_wait_uncancellable(pthread_cond_t* c, pthread_mutex_t* m);

#endif
