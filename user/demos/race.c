/* race: two threads add to one shared counter, first without a lock,
 * then with the two fixes side by side: a mutex, and an atomic
 * increment (C11 <stdatomic.h>).
 *
 * counter++ is three instructions (load, add, store). When two threads
 * interleave them, both load the same value and one increment is lost.
 * On several harts the threads really run at once; on one hart a timer
 * interrupt between a thread's load and its store is enough (the other
 * thread's increments made meanwhile are then overwritten). Both
 * threads first wait until the other is running too: otherwise the
 * first might be done before the second begins.
 *
 * A real CPU takes an interrupt between any two instructions. QEMU takes
 * one only between blocks of translated code, and a block ends at a jump,
 * so a plain counter++ in a loop (one block) would never be interrupted
 * between its load and its store. The racy loop therefore calls an empty
 * function between them: a block boundary, nothing more, so the lost
 * updates show on one hart too, as they would on hardware.
 *
 *   race            each thread adds for half a second; every addition
 *                   is also counted in the thread's own local variable,
 *                   so the expected total is exact. Half a second is
 *                   dozens of timer ticks on any machine: updates are
 *                   lost in every run, at one hart or many.
 *   race N          each thread adds exactly N times (the lecture's
 *                   version, expected 2N). On a fast machine a small N
 *                   may finish within one time slice and lose nothing.
 *
 * The two fixes differ in cost, and the times show it: the mutex makes
 * every addition a lock and an unlock (two atomic instructions, and a
 * futex system call whenever the other thread holds it), the atomic
 * increment is one instruction (RISC-V's amoadd) that the memory system
 * performs indivisibly. Each version prints its time, and the time
 * divided by the additions made.
 *
 * Seeds (docs/testing.md): boot with a timer-jitter seed, e.g.
 * make qemu CPUS=2 BOOTARGS="jitter=1234", run race, and try other
 * seeds; the seed fixes where the timer ticks fall, not how the host
 * runs the two harts, so the number lost still varies between runs.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long iterations; /* 0: add until `stop` is set */
static volatile int stop;
static volatile long counter; /* volatile: really load and store each time */
static atomic_long atomic_counter; /* the atomic fix's counter */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int running; /* threads that reached the start line */

static void wait_for_the_other(void) {
    __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    while (running < 2) {
    }
}

static int more_to_add(long done) {
    return iterations ? done < iterations : !stop;
}

/* Ends QEMU's translated block (see the top of the file); does nothing. */
__attribute__((noinline)) static void between_steps(void) {
    __asm__ volatile("");
}

/* Each returns how many additions it made (a private count, exact). */
static void* add_without_lock(void* arg) {
    (void)arg;
    long done = 0;
    wait_for_the_other();
    for (; more_to_add(done); done++) {
        long value = counter; /* the race: load, */
        value = value + 1;    /* add, */
        between_steps();
        counter = value; /* store */
    }
    return (void*)done;
}

static void* add_with_mutex(void* arg) {
    (void)arg;
    long done = 0;
    wait_for_the_other();
    for (; more_to_add(done); done++) {
        pthread_mutex_lock(&lock);
        counter++; /* only one thread at a time gets here */
        pthread_mutex_unlock(&lock);
    }
    return (void*)done;
}

static void* add_atomically(void* arg) {
    (void)arg;
    long done = 0;
    wait_for_the_other();
    for (; more_to_add(done); done++)
        atomic_fetch_add(&atomic_counter, 1); /* load, add, store as one step */
    return (void*)done;
}

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void run_two(const char* title, void* (*fn)(void*)) {
    pthread_t a, b;
    void *done_a, *done_b;
    counter = 0;
    atomic_store(&atomic_counter, 0);
    running = 0;
    stop = 0;
    long start = now_ns();
    pthread_create(&a, NULL, fn, NULL);
    pthread_create(&b, NULL, fn, NULL);
    if (!iterations) {
        struct timespec half_second = {0, 500 * 1000 * 1000};
        while (running < 2) /* the time starts when both are adding */
            sched_yield();
        nanosleep(&half_second, NULL);
        stop = 1;
    }
    pthread_join(a, &done_a);
    pthread_join(b, &done_b);
    long elapsed = now_ns() - start;
    long expected = (long)done_a + (long)done_b;
    long total = fn == add_atomically ? atomic_load(&atomic_counter) : counter;
    /* The time per addition is wall-clock time over additions made (by
     * both threads): comparable between the versions of one run. */
    printf("%s counter = %ld (expected %ld, %ld updates lost) in %ld ms, %ld ns per addition\n",
           title, total, expected, expected - total, elapsed / 1000000,
           expected ? elapsed / expected : 0);
}

int main(int argc, char** argv) {
    if (argc > 1) {
        iterations = atol(argv[1]);
        if (iterations <= 0) {
            fprintf(stderr, "usage: race [iterations per thread, at least 1]\n");
            return 2;
        }
    }
    run_two("without a lock:", add_without_lock);
    run_two("with a mutex:  ", add_with_mutex);
    run_two("atomic add:    ", add_atomically);
    return 0;
}
