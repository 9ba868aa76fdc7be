/* pthread_once: the word goes 0 (not run) -> 1 (running) -> 2 (done).
 * The thread that moves it from 0 to 1 runs init; the others sleep on
 * the word (futex) until it is 2. If init is cancelled, the word goes
 * back to 0 and the next caller runs init, as POSIX says. */
#include <pthread.h>

#include "pthread_internal.h"

enum { NOT_RUN = 0, RUNNING = 1, DONE = 2 };

static void init_cancelled(void* arg) {
    volatile unsigned int* word = arg;
    __atomic_store_n(word, NOT_RUN, __ATOMIC_RELEASE);
    __futex_wake(word, 0x7fffffff);
}

int pthread_once(pthread_once_t* once, void (*init)(void)) {
    volatile unsigned int* word = (volatile unsigned int*)once;
    for (;;) {
        unsigned int state = __atomic_load_n(word, __ATOMIC_ACQUIRE);
        if (state == DONE) return 0;
        if (state == NOT_RUN) {
            if (!__atomic_compare_exchange_n(word, &state, RUNNING, 0, __ATOMIC_ACQUIRE,
                                             __ATOMIC_RELAXED))
                continue;
            pthread_cleanup_push(init_cancelled, (void*)word);
            init();
            pthread_cleanup_pop(0);
            __atomic_store_n(word, DONE, __ATOMIC_RELEASE);
            __futex_wake(word, 0x7fffffff);
            return 0;
        }
        (void)__futex_wait(word, RUNNING, NULL);
    }
}
