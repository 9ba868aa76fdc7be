/* Read-write locks: a mutex guarding the counts, two condition
 * variables to wait on. Writer preference: once a writer waits, new
 * readers wait too, so a stream of readers cannot starve writers
 * (a thread that already reads and asks again while a writer waits
 * deadlocks: POSIX allows that). Not a cancellation point. */
#include <pthread.h>

#include "pthread_internal.h"

static int my_tid(void) {
    return __pthread_self()->tid;
}

int pthread_rwlock_init(pthread_rwlock_t* rw, const pthread_rwlockattr_t* attr) {
    (void)attr;
    pthread_mutex_init(&rw->lock, NULL);
    pthread_cond_init(&rw->readers_ok, NULL);
    pthread_cond_init(&rw->writer_ok, NULL);
    rw->readers = 0;
    rw->writers_waiting = 0;
    rw->writer = 0;
    return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t* rw) {
    pthread_mutex_lock(&rw->lock);
    int busy = rw->readers || rw->writer || rw->writers_waiting;
    pthread_mutex_unlock(&rw->lock);
    return busy ? EBUSY : 0;
}

int pthread_rwlock_rdlock(pthread_rwlock_t* rw) {
    pthread_mutex_lock(&rw->lock);
    if (rw->writer == my_tid()) {
        pthread_mutex_unlock(&rw->lock);
        return EDEADLK;
    }
    while (rw->writer || rw->writers_waiting)
        __pthread_cond_wait_uncancellable(&rw->readers_ok, &rw->lock);
    rw->readers++;
    pthread_mutex_unlock(&rw->lock);
    return 0;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t* rw) {
    pthread_mutex_lock(&rw->lock);
    int r = (rw->writer || rw->writers_waiting) ? EBUSY : 0;
    if (r == 0) rw->readers++;
    pthread_mutex_unlock(&rw->lock);
    return r;
}

int pthread_rwlock_wrlock(pthread_rwlock_t* rw) {
    int me = my_tid();
    pthread_mutex_lock(&rw->lock);
    if (rw->writer == me) {
        pthread_mutex_unlock(&rw->lock);
        return EDEADLK;
    }
    rw->writers_waiting++;
    while (rw->writer || rw->readers)
        __pthread_cond_wait_uncancellable(&rw->writer_ok, &rw->lock);
    rw->writers_waiting--;
    rw->writer = me;
    pthread_mutex_unlock(&rw->lock);
    return 0;
}

int pthread_rwlock_trywrlock(pthread_rwlock_t* rw) {
    pthread_mutex_lock(&rw->lock);
    int r = (rw->writer || rw->readers) ? EBUSY : 0;
    if (r == 0) rw->writer = my_tid();
    pthread_mutex_unlock(&rw->lock);
    return r;
}

int pthread_rwlock_unlock(pthread_rwlock_t* rw) {
    pthread_mutex_lock(&rw->lock);
    if (rw->writer != 0 && rw->writer == my_tid()) {
        rw->writer = 0;
    } else if (rw->writer == 0 && rw->readers > 0) {
        rw->readers--;
    } else {
        pthread_mutex_unlock(&rw->lock);
        return EPERM;
    }
    if (rw->writers_waiting) {
        if (rw->readers == 0) pthread_cond_signal(&rw->writer_ok);
    } else {
        pthread_cond_broadcast(&rw->readers_ok);
    }
    pthread_mutex_unlock(&rw->lock);
    return 0;
}
