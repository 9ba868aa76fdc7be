/* uthread: user-level threads, many-to-one (docs/activations.md, "The
 * problem").
 *
 * Every uthread runs on the one kernel thread of the process. The
 * kernel never hears of them: creating a thread is a malloc, switching
 * is a function call (uthread_switch.S saves the callee-saved registers
 * of one thread and loads another's), and the scheduler is a FIFO queue
 * in this library. That makes them fast, and it is also their flaw:
 * when one uthread makes a system call that blocks (read on an empty
 * pipe), the kernel puts the process's only kernel thread to sleep, and
 * with it EVERY uthread of the process. The sa library (<sa.h>) keeps
 * this API but runs on scheduler activations, which fix exactly that.
 *
 * Scheduling is cooperative: a thread runs until it yields, blocks on
 * a mutex, condition variable or join, or exits. uthread_set_preemption
 * adds time slices driven by SIGALRM (whole seconds: alarm() is the
 * only timer); a tick that lands while the thread is inside this
 * library or holds the heap's lock is deferred to the end of that
 * section. Threads that print while preemption is on should hold a
 * uthread mutex around the printing: a thread preempted inside printf
 * keeps the stream's lock, and the next thread to print would wait for
 * it in the kernel -- forever, since the holder can no longer run.
 *
 * Functions return 0 or an error number, as pthreads does. A thread's
 * resources are freed by uthread_join. Returning from main ends the
 * process (and every uthread); uthread_exit in the last thread is
 * exit(0). If every thread is blocked on the others, the library says
 * "uthread: deadlock" and exits with status 1: nothing can ever wake
 * them.
 */
#ifndef _UTHREAD_H
#define _UTHREAD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UTHREAD_STACK_DEFAULT (64 * 1024)

typedef struct uthread* uthread_t;

/* A FIFO of blocked uthreads (inside a mutex or condition variable). */
struct uthread_queue {
    struct uthread* head;
    struct uthread* tail;
};

typedef struct {
    struct uthread* owner; /* NULL when unlocked */
    struct uthread_queue waiters;
} uthread_mutex_t;
#define UTHREAD_MUTEX_INITIALIZER                                                                  \
    {                                                                                              \
        NULL, {                                                                                    \
            NULL, NULL                                                                             \
        }                                                                                          \
    }

typedef struct {
    struct uthread_queue waiters;
} uthread_cond_t;
#define UTHREAD_COND_INITIALIZER                                                                   \
    {                                                                                              \
        { NULL, NULL }                                                                             \
    }

/* Make a thread running start(arg), READY behind the others; EAGAIN if
 * there is no memory. The first call turns main into a uthread too. */
int uthread_create(uthread_t* thread, void* (*start)(void*), void* arg);
/* Let the next ready thread run; the caller goes to the back. */
void uthread_yield(void);
/* End the calling thread; result goes to its joiner. */
__attribute__((noreturn)) void uthread_exit(void* result);
/* Wait for thread to end, take its result and free it. EDEADLK: it is
 * the caller; EINVAL: someone already joins it. */
int uthread_join(uthread_t thread, void** result);
uthread_t uthread_self(void);
/* A small number naming the thread (main is 0), for printing. */
int uthread_id(uthread_t thread);

/* Mutexes hand the lock straight to the first waiter on unlock. */
int uthread_mutex_init(uthread_mutex_t* m);
int uthread_mutex_lock(uthread_mutex_t* m);    /* EDEADLK: caller holds it */
int uthread_mutex_trylock(uthread_mutex_t* m); /* EBUSY: it is held */
int uthread_mutex_unlock(uthread_mutex_t* m);  /* EPERM: caller does not hold it */
int uthread_mutex_destroy(uthread_mutex_t* m); /* EBUSY: held or waited for */

int uthread_cond_init(uthread_cond_t* c);
int uthread_cond_wait(uthread_cond_t* c, uthread_mutex_t* m);
int uthread_cond_signal(uthread_cond_t* c);
int uthread_cond_broadcast(uthread_cond_t* c);
int uthread_cond_destroy(uthread_cond_t* c);

/* Preempt the running thread every `seconds` seconds (SIGALRM; the
 * process's SIGALRM handler is taken over). 0 turns preemption off. */
int uthread_set_preemption(unsigned int seconds);

/* Counters, for tests and demos. */
struct uthread_stats {
    unsigned long switches;    /* context switches */
    unsigned long preemptions; /* of them, forced by SIGALRM */
    unsigned long deferred;    /* ticks that waited for a critical section to end */
    unsigned long created;     /* threads created */
};
void uthread_get_stats(struct uthread_stats* stats);

#ifdef __cplusplus
}
#endif

#endif
