/* Condition variables on futex: a sequence number.
 *
 *   wait:      s = seq; unlock the mutex; FUTEX_WAIT while seq == s;
 *              lock the mutex again.
 *   signal:    seq++; FUTEX_WAKE one.      broadcast: seq++; wake all.
 *
 * No wakeup is lost: s is read while the mutex is held, so a signal
 * sent after our unlock changes seq, and then FUTEX_WAIT (which
 * compares seq with s inside the kernel) returns at once. Wakeups may be
 * spurious (an old signal, a wrapped counter after 2^32 signals, an
 * EINTR): callers wait in a loop on their condition, as POSIX demands.
 * Broadcast wakes every waiter, which then contend for the mutex (no
 * requeueing: simpler, and fine at this scale).
 *
 * wait and timedwait are cancellation points: checked on entry (with
 * the mutex held) and right before sleeping; a cancelled waiter takes
 * the mutex back before its cleanup handlers run, as POSIX says.
 */
#include <pthread.h>

#include "pthread_internal.h"

enum cancellable { UNCANCELLABLE, CANCELLABLE };

int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* attr) {
    c->seq = 0;
    c->clock = attr ? attr->clock : CLOCK_REALTIME;
    return 0;
}

int pthread_cond_destroy(pthread_cond_t* c) {
    (void)c;
    return 0;
}

static int cond_wait(pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* deadline,
                     enum cancellable cancellable) {
    if (cancellable) __pthread_testcancel();
    struct timespec rel;
    if (deadline) {
        long d = __deadline_to_relative(c->clock, deadline, &rel);
        if (d < 0) return (int)-d; /* ETIMEDOUT (already past) or EINVAL; still locked */
    }
    unsigned int seq = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);
    int r = pthread_mutex_unlock(m);
    if (r != 0) return r; /* EPERM: an error-checking mutex we do not hold */

    int result = 0;
    int cancel = cancellable && __pthread_cancel_requested();
    if (!cancel) {
        long w = __futex_wait(&c->seq, seq, deadline ? &rel : NULL);
        if (w == -ETIMEDOUT)
            result = ETIMEDOUT;
        else if (w == -EINTR)
            cancel = cancellable && __pthread_cancel_requested();
    }
    pthread_mutex_lock(m);
    if (cancel) __pthread_act_on_cancel();
    return result;
}

int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
    return cond_wait(c, m, NULL, CANCELLABLE);
}

int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* deadline) {
    return cond_wait(c, m, deadline, CANCELLABLE);
}

int __pthread_cond_wait_uncancellable(pthread_cond_t* c, pthread_mutex_t* m) {
    return cond_wait(c, m, NULL, UNCANCELLABLE);
}

int pthread_cond_signal(pthread_cond_t* c) {
    __atomic_add_fetch(&c->seq, 1, __ATOMIC_SEQ_CST);
    __futex_wake(&c->seq, 1);
    return 0;
}

int pthread_cond_broadcast(pthread_cond_t* c) {
    __atomic_add_fetch(&c->seq, 1, __ATOMIC_SEQ_CST);
    __futex_wake(&c->seq, 0x7fffffff);
    return 0;
}

int pthread_condattr_init(pthread_condattr_t* attr) {
    attr->clock = CLOCK_REALTIME;
    return 0;
}

int pthread_condattr_destroy(pthread_condattr_t* attr) {
    (void)attr;
    return 0;
}

int pthread_condattr_setclock(pthread_condattr_t* attr, clockid_t clock) {
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) return EINVAL;
    attr->clock = clock;
    return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t* attr, clockid_t* clock) {
    *clock = attr->clock;
    return 0;
}
