/* race: two threads add to one shared counter, first without a lock,
 * then with a mutex.
 *
 * counter++ is three instructions (load, add, store). When two threads
 * interleave them, both load the same value and one increment is lost.
 * On several harts the threads really run at once; on one hart a timer
 * interrupt between a thread's load and its store is enough (the other
 * thread's increments made meanwhile are then overwritten). Both
 * threads first wait until the other is running too: otherwise the
 * first might be done before the second begins.
 *
 * Under QEMU on one hart the lost updates rarely show: QEMU takes
 * interrupts only between blocks of translated code, and the whole
 * loop body is one block, so the timer never lands between the load
 * and the store. Boot with several harts (make qemu CPUS=2) to see it.
 *
 *   race [iterations]     default 1000000 per thread
 *
 * Seeds (docs/testing.md): boot with a timer-jitter seed, e.g.
 * make qemu CPUS=2 BOOTARGS="jitter=1234", run race, and try other
 * seeds; the seed fixes where the timer ticks fall, not how the host
 * runs the two harts, so the number lost still varies between runs.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long iterations = 1000000;
static volatile long counter; /* volatile: really load and store each time */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int running; /* threads that reached the start line */

static void wait_for_the_other(void) {
    __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    while (running < 2) {
    }
}

static void* add_without_lock(void* arg) {
    (void)arg;
    wait_for_the_other();
    for (long i = 0; i < iterations; i++)
        counter++; /* the race: load, add, store */
    return NULL;
}

static void* add_with_mutex(void* arg) {
    (void)arg;
    wait_for_the_other();
    for (long i = 0; i < iterations; i++) {
        pthread_mutex_lock(&lock);
        counter++; /* only one thread at a time gets here */
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static long run_two(void* (*fn)(void*)) {
    pthread_t a, b;
    counter = 0;
    running = 0;
    pthread_create(&a, NULL, fn, NULL);
    pthread_create(&b, NULL, fn, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return counter;
}

int main(int argc, char** argv) {
    if (argc > 1) iterations = atol(argv[1]);
    long expected = 2 * iterations;
    long racy = run_two(add_without_lock);
    printf("without a lock: counter = %ld (expected %ld, %ld updates lost)\n", racy, expected,
           expected - racy);
    long locked = run_two(add_with_mutex);
    printf("with a mutex:   counter = %ld (expected %ld, %ld updates lost)\n", locked, expected,
           expected - locked);
    return 0;
}
