/* Unnamed semaphores on futex. value is the count; a waiter that finds
 * it 0 announces itself in waiters and sleeps while value is 0; post
 * increments value and, if anyone announced itself, wakes one.
 *
 * Why no wakeup is lost: the waiter increments waiters before FUTEX_WAIT
 * compares value with 0 in the kernel; the poster increments value
 * before it reads waiters. Both are sequentially consistent, so either
 * the poster sees the waiter (and wakes it), or the waiter's compare
 * sees the new value (and does not sleep).
 *
 * sem_wait and sem_timedwait are cancellation points. Errors as POSIX
 * says for these: -1 and errno. */
#include <semaphore.h>

#include "internal.h"
#include "pthread_internal.h"

int sem_init(sem_t* s, int pshared, unsigned int value) {
    (void)pshared; /* a futex is keyed by physical address: sharing works */
    if (value > SEM_VALUE_MAX) return (int)__syscall_ret(-EINVAL);
    s->value = value;
    s->waiters = 0;
    return 0;
}

int sem_destroy(sem_t* s) {
    (void)s;
    return 0;
}

static int try_take(sem_t* s) {
    unsigned int v = __atomic_load_n(&s->value, __ATOMIC_SEQ_CST);
    while (v > 0) {
        if (__atomic_compare_exchange_n(&s->value, &v, v - 1, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return 1;
    }
    return 0;
}

static int sem_wait_until(sem_t* s, const struct timespec* deadline) {
    for (;;) {
        if (try_take(s)) return 0;
        struct timespec rel;
        if (deadline) {
            long d = __deadline_to_relative(CLOCK_REALTIME, deadline, &rel);
            if (d < 0) return (int)__syscall_ret(d); /* ETIMEDOUT, EINVAL */
        }
        __atomic_add_fetch(&s->waiters, 1, __ATOMIC_SEQ_CST);
        /* The cancellation check, right before the blocking call. */
        if (__thread_hook_cancel && __pthread_cancel_requested()) {
            __atomic_sub_fetch(&s->waiters, 1, __ATOMIC_SEQ_CST);
            __pthread_act_on_cancel();
        }
        long w = __futex_wait(&s->value, 0, deadline ? &rel : NULL);
        __atomic_sub_fetch(&s->waiters, 1, __ATOMIC_SEQ_CST);
        if (w == -EINTR && __thread_hook_cancel) __pthread_testcancel();
        /* EINTR for no cancel, EAGAIN, ETIMEDOUT, a wakeup: look again
           (a timeout shows up as a passed deadline above). */
    }
}

int sem_wait(sem_t* s) {
    return sem_wait_until(s, NULL);
}

int sem_timedwait(sem_t* s, const struct timespec* deadline) {
    return sem_wait_until(s, deadline);
}

int sem_trywait(sem_t* s) {
    if (try_take(s)) return 0;
    return (int)__syscall_ret(-EAGAIN);
}

int sem_post(sem_t* s) {
    unsigned int v = __atomic_load_n(&s->value, __ATOMIC_SEQ_CST);
    do {
        if (v >= SEM_VALUE_MAX) return (int)__syscall_ret(-EOVERFLOW);
    } while (
        !__atomic_compare_exchange_n(&s->value, &v, v + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    if (__atomic_load_n(&s->waiters, __ATOMIC_SEQ_CST) > 0) __futex_wake(&s->value, 1);
    return 0;
}

int sem_getvalue(sem_t* s, int* value) {
    *value = (int)__atomic_load_n(&s->value, __ATOMIC_SEQ_CST);
    return 0;
}
