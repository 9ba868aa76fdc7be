/* POSIX threads (<pthread.h>), one kernel thread per pthread (1:1).
 *
 * How it is built is in docs/threads.md: pthread_create is clone() with
 * everything shared, a new stack and a new TLS block; pthread_join
 * waits on the tid word the kernel clears when the thread ends
 * (CLONE_CHILD_CLEARTID + futex); mutexes, condition variables,
 * semaphores, barriers and once are a 32-bit word plus futex.
 *
 * Every pthread_* function returns 0 or an error number (it does not
 * set errno). Cancellation is deferred only: a cancelled thread ends at
 * its next cancellation point (pthread_join, pthread_cond_wait/
 * timedwait, pthread_testcancel, sem_wait/timedwait, read, write,
 * sleep, usleep, nanosleep, wait/waitpid). */
#ifndef _PTHREAD_H
#define _PTHREAD_H

#include <sched.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- limits */
#define PTHREAD_STACK_MIN 16384            /* smallest stack pthread_attr_setstacksize takes */
#define PTHREAD_STACK_DEFAULT (256 * 1024) /* the stack a thread gets by default */
#define PTHREAD_KEYS_MAX 64
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
/* Threads of one process: the address space has 64 trapframe slots
 * (and the kernel 128 threads in all, NTHREAD). */
#define PTHREAD_THREADS_MAX 64

/* ---------------------------------------------------------------- threads */
typedef struct __pthread* pthread_t;

typedef struct {
    int detachstate;
    size_t stacksize;
} pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*), void* arg);
__attribute__((noreturn)) void pthread_exit(void* result);
int pthread_join(pthread_t thread, void** result);
int pthread_detach(pthread_t thread);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);

int pthread_attr_init(pthread_attr_t* attr);
int pthread_attr_destroy(pthread_attr_t* attr);
int pthread_attr_setdetachstate(pthread_attr_t* attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t* attr, int* state);
int pthread_attr_setstacksize(pthread_attr_t* attr,
                              size_t size); /* EINVAL below PTHREAD_STACK_MIN */
int pthread_attr_getstacksize(const pthread_attr_t* attr, size_t* size);

/* Run init once across all threads (the others wait until it is done). */
typedef int pthread_once_t;
#define PTHREAD_ONCE_INIT 0
int pthread_once(pthread_once_t* once, void (*init)(void));

/* ---------------------------------------------------------------- mutexes */
/* word: 0 unlocked, 1 locked, 2 locked and maybe waiters (futex). */
typedef struct {
    unsigned int word;
    int type;
    int owner;          /* tid of the holder, 0 when unlocked */
    unsigned int depth; /* PTHREAD_MUTEX_RECURSIVE: times locked */
} pthread_mutex_t;

typedef struct {
    int type;
} pthread_mutexattr_t;

#define PTHREAD_MUTEX_NORMAL 0     /* relock deadlocks; no checks */
#define PTHREAD_MUTEX_RECURSIVE 1  /* the holder may lock again */
#define PTHREAD_MUTEX_ERRORCHECK 2 /* relock: EDEADLK; unlock by a non-holder: EPERM */
#define PTHREAD_MUTEX_DEFAULT PTHREAD_MUTEX_NORMAL

#define PTHREAD_MUTEX_INITIALIZER                                                                  \
    { 0, PTHREAD_MUTEX_DEFAULT, 0, 0 }

int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr);
int pthread_mutex_destroy(pthread_mutex_t* m); /* EBUSY while locked */
int pthread_mutex_lock(pthread_mutex_t* m);
int pthread_mutex_trylock(pthread_mutex_t* m); /* EBUSY when held */
int pthread_mutex_unlock(pthread_mutex_t* m);
int pthread_mutexattr_init(pthread_mutexattr_t* attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t* attr);
int pthread_mutexattr_settype(pthread_mutexattr_t* attr, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t* attr, int* type);

/* ---------------------------------------------------------------- condition variables */
/* seq: bumped by every signal/broadcast; waiters sleep on it (futex). */
typedef struct {
    unsigned int seq;
    int clock; /* the clock of timedwait's deadline */
} pthread_cond_t;

typedef struct {
    int clock;
} pthread_condattr_t;

#define PTHREAD_COND_INITIALIZER                                                                   \
    { 0, CLOCK_REALTIME }

int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* attr);
int pthread_cond_destroy(pthread_cond_t* c);
int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m);
/* deadline: absolute time on the condition's clock (CLOCK_REALTIME
 * unless pthread_condattr_setclock said otherwise); ETIMEDOUT. */
int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* deadline);
int pthread_cond_signal(pthread_cond_t* c);
int pthread_cond_broadcast(pthread_cond_t* c);
int pthread_condattr_init(pthread_condattr_t* attr);
int pthread_condattr_destroy(pthread_condattr_t* attr);
int pthread_condattr_setclock(pthread_condattr_t* attr, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t* attr, clockid_t* clock);

/* ---------------------------------------------------------------- thread-specific data */
typedef unsigned int pthread_key_t;

/* EAGAIN when all PTHREAD_KEYS_MAX keys are in use. At thread exit, the
 * destructor runs for each non-NULL value (up to
 * PTHREAD_DESTRUCTOR_ITERATIONS rounds while values keep appearing). */
int pthread_key_create(pthread_key_t* key, void (*destructor)(void*));
int pthread_key_delete(pthread_key_t key);
void* pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void* value);

/* ---------------------------------------------------------------- barriers */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t all_here;
    unsigned int count;      /* threads per round */
    unsigned int arrived;    /* in this round so far */
    unsigned int generation; /* rounds completed */
} pthread_barrier_t;

typedef struct {
    int unused;
} pthread_barrierattr_t;

/* Returned to exactly one thread of each round. */
#define PTHREAD_BARRIER_SERIAL_THREAD (-1)

int pthread_barrier_init(pthread_barrier_t* b, const pthread_barrierattr_t* attr,
                         unsigned int count);
int pthread_barrier_destroy(pthread_barrier_t* b);
int pthread_barrier_wait(pthread_barrier_t* b);
int pthread_barrierattr_init(pthread_barrierattr_t* attr);
int pthread_barrierattr_destroy(pthread_barrierattr_t* attr);

/* ---------------------------------------------------------------- read-write locks */
/* Many readers or one writer; waiting writers go first (no writer starves). */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t readers_ok;
    pthread_cond_t writer_ok;
    unsigned int readers; /* holding it for reading */
    unsigned int writers_waiting;
    int writer; /* tid of the writer holding it, 0: none */
} pthread_rwlock_t;

typedef struct {
    int unused;
} pthread_rwlockattr_t;

#define PTHREAD_RWLOCK_INITIALIZER                                                                 \
    { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0 }

int pthread_rwlock_init(pthread_rwlock_t* rw, const pthread_rwlockattr_t* attr);
int pthread_rwlock_destroy(pthread_rwlock_t* rw); /* EBUSY while held */
int pthread_rwlock_rdlock(pthread_rwlock_t* rw);
int pthread_rwlock_tryrdlock(pthread_rwlock_t* rw); /* EBUSY */
int pthread_rwlock_wrlock(pthread_rwlock_t* rw);    /* EDEADLK if the caller holds it */
int pthread_rwlock_trywrlock(pthread_rwlock_t* rw); /* EBUSY */
int pthread_rwlock_unlock(pthread_rwlock_t* rw);    /* EPERM if not held */

/* ---------------------------------------------------------------- spin locks */
/* Busy-waiting: only for very short critical sections on several harts. */
typedef volatile int pthread_spinlock_t;
#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED 1

int pthread_spin_init(pthread_spinlock_t* s, int pshared);
int pthread_spin_destroy(pthread_spinlock_t* s);
int pthread_spin_lock(pthread_spinlock_t* s);
int pthread_spin_trylock(pthread_spinlock_t* s); /* EBUSY */
int pthread_spin_unlock(pthread_spinlock_t* s);

/* ---------------------------------------------------------------- cancellation */
#define PTHREAD_CANCEL_ENABLE 0
#define PTHREAD_CANCEL_DISABLE 1
#define PTHREAD_CANCEL_DEFERRED 0
#define PTHREAD_CANCEL_ASYNCHRONOUS 1 /* not supported: EINVAL */
#define PTHREAD_CANCELED ((void*)-1)

int pthread_cancel(pthread_t thread);
int pthread_setcancelstate(int state, int* old_state);
int pthread_setcanceltype(int type, int* old_type);
void pthread_testcancel(void);

/* Cleanup handlers: run (last pushed first) when the thread is
 * cancelled or calls pthread_exit, or by pthread_cleanup_pop(1). The
 * two macros open and close a block, so they must pair up in one scope. */
struct __pthread_cleanup {
    void (*routine)(void*);
    void* arg;
    struct __pthread_cleanup* next;
};
void __pthread_cleanup_push(struct __pthread_cleanup* c, void (*routine)(void*), void* arg);
void __pthread_cleanup_pop(struct __pthread_cleanup* c, int execute);

#define pthread_cleanup_push(routine, arg)                                                         \
    do {                                                                                           \
        struct __pthread_cleanup __cleanup;                                                        \
        __pthread_cleanup_push(&__cleanup, (routine), (arg));
#define pthread_cleanup_pop(execute)                                                               \
    __pthread_cleanup_pop(&__cleanup, (execute));                                                  \
    }                                                                                              \
    while (0)

/* ---------------------------------------------------------------- fork */
/* prepare runs before fork (last registered first); parent and child
 * after it, in the process they name (first registered first). */
int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void));

#ifdef __cplusplus
}
#endif

#endif
