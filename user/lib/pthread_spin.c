/* Spin locks: an atomic exchange in a loop. They never sleep in the
 * kernel, so they only make sense for a few instructions' worth of
 * critical section with threads on different harts. On one hart a
 * spinning thread can only wait for the timer to preempt it, so after
 * a while it yields the processor instead. */
#include <pthread.h>
#include <sched.h>

#include "pthread_internal.h"

enum { SPINS_BEFORE_YIELD = 1000 };

int pthread_spin_init(pthread_spinlock_t* s, int pshared) {
    (void)pshared;
    *s = 0;
    return 0;
}

int pthread_spin_destroy(pthread_spinlock_t* s) {
    return __atomic_load_n(s, __ATOMIC_RELAXED) ? EBUSY : 0;
}

int pthread_spin_lock(pthread_spinlock_t* s) {
    while (__atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE)) {
        /* Wait with plain loads (no bus-locking writes) until it looks free. */
        for (int spins = 0; __atomic_load_n(s, __ATOMIC_RELAXED); spins++) {
            if (spins == SPINS_BEFORE_YIELD) {
                sched_yield();
                spins = 0;
            }
        }
    }
    return 0;
}

int pthread_spin_trylock(pthread_spinlock_t* s) {
    return __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int pthread_spin_unlock(pthread_spinlock_t* s) {
    __atomic_store_n(s, 0, __ATOMIC_RELEASE);
    return 0;
}
