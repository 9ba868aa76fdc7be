/* sa mutexes, condition variables and spin locks (sa.h; rules in
 * sa_internal.h).
 *
 * Mutex: `owner` is taken by compare-and-swap, so an uncontended lock
 * needs no sched_lock. Waiters queue under sched_lock after one more
 * try, and unlock always looks at the queue under sched_lock (a few
 * stores, no system call), so it cannot miss a waiter that is just
 * queueing. The unlocker hands the mutex straight to the first waiter
 * (it is the owner when it runs), so nobody barges in.
 *
 * Condition variable: the waiter queues itself and releases the mutex
 * inside one sched_lock section, so a signal -- which needs sched_lock
 * -- cannot slip in between and be missed.
 *
 * Spin lock: a user lock, counted in the thread's `locks`: the count
 * goes up BEFORE the lock is taken and down AFTER it is released, so a
 * preemption anywhere in between finds a count > 0 and the upcall
 * handler continues the thread (recovery) instead of leaving it in the
 * ready queue while others spin. When the count drops to zero and the
 * thread was being continued, it yields: the scheduler runs again.
 */
#include <errno.h>
#include <stddef.h>

#include "sa_internal.h"

/* ---------------------------------------------------------------- mutex */
int sa_mutex_init(sa_mutex_t* m) {
    m->owner = NULL;
    m->waiters.head = m->waiters.tail = NULL;
    return 0;
}

int sa_mutex_destroy(sa_mutex_t* m) {
    return m->owner || m->waiters.head ? EBUSY : 0;
}

static int try_take(sa_mutex_t* m, struct sa_thread* self) {
    struct sa_thread* expected = NULL;
    return __atomic_compare_exchange_n(&m->owner, &expected, self, 0, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

int sa_mutex_trylock(sa_mutex_t* m) {
    return try_take(m, __sa_self()) ? 0 : EBUSY;
}

int sa_mutex_lock(sa_mutex_t* m) {
    struct sa_thread* self = __sa_self();
    if (try_take(m, self)) return 0;
    if (m->owner == self) return EDEADLK;
    if (!__sa_active) { /* a forked child: nobody else can let go */
        while (!try_take(m, self)) {
        }
        return 0;
    }
    struct sa_vp* vp = __sa_disable(self);
    __sa_sched_lock();
    /* Once more under sched_lock: an unlock in between has cleared owner
       (it found nobody queued); from here on, one will find us. */
    if (try_take(m, self)) {
        __sa_sched_unlock();
        __sa_enable(vp);
        return 0;
    }
    __sa_waitq_push(&m->waiters, self);
    self->state = SA_T_BLOCKED_USER;
    self->ctx_full = 0;
    __sa_switch(&self->ctx, vp); /* back as the owner */
    return 0;
}

/* Release m held by self (sched_lock held): hand it to the first waiter. */
static void release_locked(sa_mutex_t* m) {
    struct sa_thread* next = __sa_waitq_pop(&m->waiters);
    __atomic_store_n(&m->owner, next, __ATOMIC_RELEASE);
    if (next) __sa_make_ready_locked(next);
}

int sa_mutex_unlock(sa_mutex_t* m) {
    struct sa_thread* self = __sa_self();
    if (m->owner != self) return EPERM;
    if (!__sa_active) {
        __atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
        return 0;
    }
    struct sa_vp* vp = __sa_disable(self);
    __sa_sched_lock();
    int handed = m->waiters.head != NULL;
    release_locked(m);
    __sa_sched_unlock();
    __sa_enable(vp);
    if (handed) __sa_wake_idle();
    return 0;
}

/* ---------------------------------------------------------------- condition variable */

int sa_cond_init(sa_cond_t* c) {
    c->waiters.head = c->waiters.tail = NULL;
    return 0;
}

int sa_cond_destroy(sa_cond_t* c) {
    return c->waiters.head ? EBUSY : 0;
}

int sa_cond_wait(sa_cond_t* c, sa_mutex_t* m) {
    struct sa_thread* self = __sa_self();
    if (m->owner != self) return EPERM;
    if (!__sa_active) return EINVAL; /* a forked child: nobody could signal */
    struct sa_vp* vp = __sa_disable(self);
    __sa_sched_lock();
    __sa_waitq_push(&c->waiters, self);
    self->state = SA_T_BLOCKED_USER;
    self->ctx_full = 0;
    release_locked(m);
    __sa_switch(&self->ctx, vp); /* back after a signal */
    return sa_mutex_lock(m);
}

static int wake(sa_cond_t* c, int all) {
    if (!__sa_active) return 0;
    struct sa_vp* vp = __sa_disable(__sa_self());
    __sa_sched_lock();
    struct sa_thread* t;
    int woke = 0;
    while ((t = __sa_waitq_pop(&c->waiters)) != NULL) {
        __sa_make_ready_locked(t);
        woke = 1;
        if (!all) break;
    }
    __sa_sched_unlock();
    __sa_enable(vp);
    if (woke) __sa_wake_idle();
    return 0;
}

int sa_cond_signal(sa_cond_t* c) {
    return wake(c, 0);
}
int sa_cond_broadcast(sa_cond_t* c) {
    return wake(c, 1);
}

/* ---------------------------------------------------------------- spin lock */

void sa_spin_init(sa_spinlock_t* l) {
    l->word = 0;
}

int sa_locks_held(void) {
    struct sa_thread* self = __sa_self();
    return self ? self->locks : 0;
}

void sa_spin_lock(sa_spinlock_t* l) {
    struct sa_thread* self = __sa_self();
    self->locks++;
    __atomic_signal_fence(__ATOMIC_SEQ_CST); /* the count is up before we take it */
    int spins = 0;
    while (__atomic_exchange_n(&l->word, 1, __ATOMIC_ACQUIRE) != 0) {
        while (__atomic_load_n(&l->word, __ATOMIC_RELAXED) != 0) {
            /* The holder may be waiting for this very VP (one VP, or
               all VPs spinning): give it a chance now and then. */
            if (++spins == 1000) {
                spins = 0;
                sa_thread_yield();
            }
        }
    }
}

void sa_spin_unlock(sa_spinlock_t* l) {
    struct sa_thread* self = __sa_self();
    __atomic_store_n(&l->word, 0, __ATOMIC_RELEASE);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (--self->locks == 0 && self->recovering) {
        /* We were continued only to get out of the critical section. */
        self->recovering = 0;
        sa_thread_yield();
    }
}
