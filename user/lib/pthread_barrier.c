/* Barriers: count threads meet; the last to arrive releases the others
 * and gets PTHREAD_BARRIER_SERIAL_THREAD. A generation number tells a
 * waiter that its round is over (a thread of the next round may already
 * be arriving), so wakeups can be spurious and the barrier reusable.
 * Not a cancellation point. */
#include <pthread.h>

#include "pthread_internal.h"

int pthread_barrier_init(pthread_barrier_t* b, const pthread_barrierattr_t* attr,
                         unsigned int count) {
    (void)attr;
    if (count == 0) return EINVAL;
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->all_here, NULL);
    b->count = count;
    b->arrived = 0;
    b->generation = 0;
    return 0;
}

int pthread_barrier_destroy(pthread_barrier_t* b) {
    pthread_mutex_lock(&b->lock);
    int busy = b->arrived != 0;
    pthread_mutex_unlock(&b->lock);
    return busy ? EBUSY : 0;
}

int pthread_barrier_wait(pthread_barrier_t* b) {
    pthread_mutex_lock(&b->lock);
    unsigned int generation = b->generation;
    if (++b->arrived == b->count) {
        b->arrived = 0;
        b->generation++;
        pthread_cond_broadcast(&b->all_here);
        pthread_mutex_unlock(&b->lock);
        return PTHREAD_BARRIER_SERIAL_THREAD;
    }
    while (b->generation == generation)
        __pthread_cond_wait_uncancellable(&b->all_here, &b->lock);
    pthread_mutex_unlock(&b->lock);
    return 0;
}

int pthread_barrierattr_init(pthread_barrierattr_t* attr) {
    attr->unused = 0;
    return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t* attr) {
    (void)attr;
    return 0;
}
