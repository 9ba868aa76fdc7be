/* Mutexes on futex.
 *
 * The word is 0 (unlocked), 1 (locked, nobody waiting) or 2 (locked,
 * maybe somebody waiting). Uncontended lock and unlock are one atomic
 * instruction each and no system call; only contention reaches the
 * kernel:
 *   lock:   0 -> 1 and done; otherwise set 2 and sleep (FUTEX_WAIT
 *           while the word is 2) until an exchange to 2 finds it 0.
 *           A thread that gets the lock after sleeping leaves 2 behind,
 *           which may cost one needless wake later, never a lost one.
 *   unlock: exchange to 0; if it was 2, FUTEX_WAKE one sleeper.
 * FUTEX_WAIT compares the word and sleeps atomically in the kernel, so
 * an unlock between our exchange and our sleep makes the wait return
 * at once (EAGAIN) instead of sleeping through the wakeup.
 *
 * Waiting for a mutex is not a cancellation point; an EINTR (a cancel
 * meant for a later point) just means "try again".
 *
 * The type decides the checks: NORMAL (= DEFAULT) does none (a relock
 * deadlocks), ERRORCHECK returns EDEADLK / EPERM, RECURSIVE counts.
 */
#include <limits.h>
#include <pthread.h>

#include "pthread_internal.h"

static void lock_word(volatile unsigned int* word) {
    unsigned int c = 0;
    if (__atomic_compare_exchange_n(word, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
    if (c != 2) c = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        (void)__futex_wait(word, 2, NULL);
        c = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
    }
}

static void unlock_word(volatile unsigned int* word) {
    if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2) __futex_wake(word, 1);
}

static int my_tid(void) {
    return __pthread_self()->tid;
}

int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr) {
    m->word = 0;
    m->type = attr ? attr->type : PTHREAD_MUTEX_DEFAULT;
    m->owner = 0;
    m->depth = 0;
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t* m) {
    return __atomic_load_n(&m->word, __ATOMIC_RELAXED) != 0 ? EBUSY : 0;
}

/* For ERRORCHECK and RECURSIVE: what to do when the caller holds it
 * already; -1 when it does not. */
static int relock(pthread_mutex_t* m, int me, int busy) {
    if (m->type == PTHREAD_MUTEX_NORMAL || __atomic_load_n(&m->owner, __ATOMIC_RELAXED) != me)
        return -1;
    if (m->type == PTHREAD_MUTEX_ERRORCHECK) return busy;
    if (m->depth == UINT_MAX) return EAGAIN;
    m->depth++;
    return 0;
}

int pthread_mutex_lock(pthread_mutex_t* m) {
    int me = my_tid();
    int r = relock(m, me, EDEADLK);
    if (r >= 0) return r;
    lock_word(&m->word);
    __atomic_store_n(&m->owner, me, __ATOMIC_RELAXED);
    m->depth = 1;
    return 0;
}

int pthread_mutex_trylock(pthread_mutex_t* m) {
    int me = my_tid();
    int r = relock(m, me, EBUSY);
    if (r >= 0) return r;
    unsigned int expected = 0;
    if (!__atomic_compare_exchange_n(&m->word, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return EBUSY;
    __atomic_store_n(&m->owner, me, __ATOMIC_RELAXED);
    m->depth = 1;
    return 0;
}

int pthread_mutex_unlock(pthread_mutex_t* m) {
    if (m->type != PTHREAD_MUTEX_NORMAL) {
        if (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) != my_tid())
            return EPERM; /* not locked, or locked by another thread */
        if (--m->depth > 0) return 0;
    }
    __atomic_store_n(&m->owner, 0, __ATOMIC_RELAXED);
    unlock_word(&m->word);
    return 0;
}

int pthread_mutexattr_init(pthread_mutexattr_t* attr) {
    attr->type = PTHREAD_MUTEX_DEFAULT;
    return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t* attr) {
    (void)attr;
    return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t* attr, int type) {
    if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_ERRORCHECK &&
        type != PTHREAD_MUTEX_RECURSIVE)
        return EINVAL;
    attr->type = type;
    return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t* attr, int* type) {
    *type = attr->type;
    return 0;
}
