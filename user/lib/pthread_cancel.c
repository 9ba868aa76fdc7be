/* Deferred cancellation and cleanup handlers.
 *
 * pthread_cancel(t) sets t->cancel_pending; t acts on it (pthread_exit
 * with PTHREAD_CANCELED) at its next cancellation point. If t is asleep
 * in the kernel at that moment, the flag alone would not wake it, so
 * pthread_cancel also makes the thread_interrupt system call: t's
 * blocking call returns EINTR, and the cancellation point, seeing the
 * flag, acts on it.
 *
 * The race to get right: the kernel forgets an interrupt at the end of
 * whatever system call t is in (kernel: user_trap clears
 * interrupt_pending), so an interrupt that lands during some other,
 * short system call is lost. Hence the rule for every cancellation
 * point: check the flag right before the blocking system call, with no
 * system call in between. Then either the check sees the flag, or the
 * interrupt comes after the check and is still pending when the
 * blocking call starts, which then returns EINTR at once.
 *
 * Only deferred cancellation: asynchronous cancellation (stopping a
 * thread anywhere) needs signals.
 */
#include <pthread.h>

#include "pthread_internal.h"

int pthread_cancel(pthread_t t) {
    __atomic_store_n(&t->cancel_pending, 1, __ATOMIC_SEQ_CST);
    if (t == __pthread_self()) return 0; /* acts at our next cancellation point */
    int tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);
    /* A thread that disabled cancellation is not disturbed: it checks
       the flag itself once it enables it and reaches a cancellation point. */
    if (tid != 0 && __atomic_load_n(&t->cancel_state, __ATOMIC_RELAXED) == PTHREAD_CANCEL_ENABLE)
        (void)__sys_thread_interrupt(tid); /* ESRCH: it has just ended; fine */
    return 0;
}

int __pthread_cancel_requested(void) {
    struct __pthread* self = __pthread_self();
    return __atomic_load_n(&self->cancel_pending, __ATOMIC_SEQ_CST) &&
           self->cancel_state == PTHREAD_CANCEL_ENABLE && !self->cancelling;
}

void __pthread_act_on_cancel(void) {
    __pthread_self()->cancelling = 1;
    pthread_exit(PTHREAD_CANCELED);
}

void __pthread_testcancel(void) {
    if (__pthread_cancel_requested()) __pthread_act_on_cancel();
}

void pthread_testcancel(void) {
    __pthread_testcancel();
}

int pthread_setcancelstate(int state, int* old_state) {
    if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE) return EINVAL;
    struct __pthread* self = __pthread_self();
    if (old_state) *old_state = self->cancel_state;
    __atomic_store_n(&self->cancel_state, state, __ATOMIC_RELAXED);
    return 0;
}

int pthread_setcanceltype(int type, int* old_type) {
    if (type != PTHREAD_CANCEL_DEFERRED)
        return EINVAL; /* asynchronous cancellation is not supported */
    if (old_type) *old_type = PTHREAD_CANCEL_DEFERRED;
    return 0;
}

/* ---------------------------------------------------------------- cleanup handlers */
void __pthread_cleanup_push(struct __pthread_cleanup* c, void (*routine)(void*), void* arg) {
    struct __pthread* self = __pthread_self();
    c->routine = routine;
    c->arg = arg;
    c->next = self->cleanup;
    self->cleanup = c;
}

void __pthread_cleanup_pop(struct __pthread_cleanup* c, int execute) {
    __pthread_self()->cleanup = c->next;
    if (execute) c->routine(c->arg);
}

void __pthread_run_cleanup(struct __pthread* self) {
    while (self->cleanup) {
        struct __pthread_cleanup* c = self->cleanup;
        self->cleanup = c->next;
        c->routine(c->arg);
    }
}
