/* uthread mutexes and condition variables (uthread.h).
 *
 * No atomics, no futex: only one kernel thread runs these, and the
 * SIGALRM handler is kept out by enter/leave. A blocked thread waits on
 * the object's FIFO; unlock hands the mutex straight to the first
 * waiter (it then owns it when it runs), so nobody can barge in.
 */
#include <errno.h>

#include "uthread_internal.h"

int uthread_mutex_init(uthread_mutex_t* m) {
    m->owner = NULL;
    m->waiters.head = m->waiters.tail = NULL;
    return 0;
}

int uthread_mutex_destroy(uthread_mutex_t* m) {
    return m->owner || m->waiters.head ? EBUSY : 0;
}

int uthread_mutex_lock(uthread_mutex_t* m) {
    struct uthread* self = __uthread_current();
    __uthread_enter();
    int rc = 0;
    if (m->owner == NULL) {
        m->owner = self;
    } else if (m->owner == self) {
        rc = EDEADLK;
    } else {
        self->state = UT_BLOCKED;
        __uthread_queue_push(&m->waiters, self);
        __uthread_schedule(); /* back when unlock made us the owner */
    }
    __uthread_leave();
    return rc;
}

int uthread_mutex_trylock(uthread_mutex_t* m) {
    struct uthread* self = __uthread_current();
    __uthread_enter();
    int rc = m->owner == NULL ? 0 : EBUSY;
    if (rc == 0) m->owner = self;
    __uthread_leave();
    return rc;
}

int uthread_mutex_unlock(uthread_mutex_t* m) {
    struct uthread* self = __uthread_current();
    __uthread_enter();
    if (m->owner != self) {
        __uthread_leave();
        return EPERM;
    }
    struct uthread* next = __uthread_queue_pop(&m->waiters);
    m->owner = next;
    if (next) __uthread_make_ready(next);
    __uthread_leave();
    return 0;
}

int uthread_cond_init(uthread_cond_t* c) {
    c->waiters.head = c->waiters.tail = NULL;
    return 0;
}

int uthread_cond_destroy(uthread_cond_t* c) {
    return c->waiters.head ? EBUSY : 0;
}

int uthread_cond_wait(uthread_cond_t* c, uthread_mutex_t* m) {
    struct uthread* self = __uthread_current();
    __uthread_enter();
    if (m->owner != self) {
        __uthread_leave();
        return EPERM;
    }
    /* Queue ourselves and let go of the mutex in one critical section:
       a signal can only come after, and then finds us queued. */
    self->state = UT_BLOCKED;
    __uthread_queue_push(&c->waiters, self);
    struct uthread* next = __uthread_queue_pop(&m->waiters);
    m->owner = next;
    if (next) __uthread_make_ready(next);
    __uthread_schedule();
    __uthread_leave();
    return uthread_mutex_lock(m);
}

int uthread_cond_signal(uthread_cond_t* c) {
    __uthread_enter();
    struct uthread* t = __uthread_queue_pop(&c->waiters);
    if (t) __uthread_make_ready(t);
    __uthread_leave();
    return 0;
}

int uthread_cond_broadcast(uthread_cond_t* c) {
    __uthread_enter();
    struct uthread* t;
    while ((t = __uthread_queue_pop(&c->waiters)) != NULL)
        __uthread_make_ready(t);
    __uthread_leave();
    return 0;
}
