/* yielddemo: cooperative threads must yield; kernel threads need not.
 *
 * Two threads: a "spinner" that computes for SPIN_MS milliseconds, and
 * a "counter" that counts steps for as long as the spinner runs. The
 * question is how many steps the counter makes while the spinner spins.
 *
 *   1. uthreads, the spinner never yields: the counter makes 0 steps.
 *      User-level threads (<uthread.h>, many-to-one) switch only when
 *      the running one calls into the library; the kernel sees one
 *      thread and its timer interrupt returns to whichever uthread was
 *      running. (uthread's optional SIGALRM time slices,
 *      uthread_set_preemption, are left off here: that is the point.)
 *   2. uthreads, both call uthread_yield in their loops: both run,
 *      turn about.
 *   3. pthreads (kernel threads, one-to-one), the spinner never yields:
 *      the counter runs anyway -- the kernel's timer preempts the
 *      spinner on one hart, and on two the threads simply run at once.
 *
 * Then what one yield costs in each model, measured here: uthread_yield
 * is a function call that saves and loads registers; sched_yield is a
 * system call (a trap, the scheduler, a kernel context switch when
 * another thread is runnable on the hart). Each part runs in a forked
 * child, so the two thread libraries never meet in one process.
 *
 *   yielddemo          exit status 0 when all three behaved as above
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uthread.h>

enum { SPIN_MS = 300, YIELDS = 2000 };

static volatile int spinner_done;
static volatile long counter_steps, spinner_steps;
static long steps_while_spinning; /* counter_steps made during the spin */
static int spinner_yields;        /* part 2: the spinner yields as it goes */

static long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

static void reset(int yields) {
    spinner_done = 0;
    counter_steps = spinner_steps = 0;
    steps_while_spinning = 0;
    spinner_yields = yields;
}

/* ---------------------------------------------------------------- user-level threads */

static void* uthread_spinner(void* unused) {
    (void)unused;
    long before = counter_steps, until = now_us() + SPIN_MS * 1000L;
    while (now_us() < until) {
        spinner_steps++;
        if (spinner_yields)
            uthread_yield();
    }
    steps_while_spinning = counter_steps - before;
    spinner_done = 1;
    return NULL;
}

static void* uthread_counter(void* unused) {
    (void)unused;
    while (!spinner_done) {
        counter_steps++;
        uthread_yield(); /* the counter is polite either way */
    }
    return NULL;
}

/* Each of two threads yields YIELDS times, to the other. */
static void* uthread_ping(void* unused) {
    (void)unused;
    for (int i = 0; i < YIELDS; i++)
        uthread_yield();
    return NULL;
}

static long uthread_yield_cost_ns(void) {
    uthread_t a, b;
    long start = now_us();
    uthread_create(&a, uthread_ping, NULL);
    uthread_create(&b, uthread_ping, NULL);
    uthread_join(a, NULL);
    uthread_join(b, NULL);
    return (now_us() - start) * 1000 / (2 * YIELDS);
}

static int run_uthreads(int yields) {
    uthread_t spinner, counter;
    reset(yields);
    uthread_create(&counter, uthread_counter, NULL);
    uthread_create(&spinner, uthread_spinner, NULL);
    uthread_join(spinner, NULL);
    uthread_join(counter, NULL);
    if (!yields) {
        printf("1. uthreads, spinner never yields: while it spun %d ms, the counter made %ld "
               "steps%s\n",
               SPIN_MS, steps_while_spinning, steps_while_spinning == 0 ? " (it starved)" : "");
        return steps_while_spinning == 0;
    }
    printf("2. uthreads, both yield: while the spinner spun %d ms (%ld steps), the counter "
           "made %ld steps (both ran)\n",
           SPIN_MS, spinner_steps, steps_while_spinning);
    printf("   one uthread_yield costs %ld ns (a function call in this process)\n",
           uthread_yield_cost_ns());
    return steps_while_spinning > 0;
}

/* ---------------------------------------------------------------- kernel threads */

static void* pthread_spinner(void* unused) {
    (void)unused;
    long before = counter_steps, until = now_us() + SPIN_MS * 1000L;
    while (now_us() < until)
        spinner_steps++; /* no yield at all */
    steps_while_spinning = counter_steps - before;
    spinner_done = 1;
    return NULL;
}

static void* pthread_counter(void* unused) {
    (void)unused;
    while (!spinner_done)
        counter_steps++; /* no yield either */
    return NULL;
}

static void* pthread_ping(void* unused) {
    (void)unused;
    for (int i = 0; i < YIELDS; i++)
        sched_yield();
    return NULL;
}

static long sched_yield_cost_ns(void) {
    pthread_t a, b;
    long start = now_us();
    pthread_create(&a, NULL, pthread_ping, NULL);
    pthread_create(&b, NULL, pthread_ping, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return (now_us() - start) * 1000 / (2 * YIELDS);
}

static int run_pthreads(void) {
    pthread_t spinner, counter;
    reset(0);
    pthread_create(&counter, NULL, pthread_counter, NULL);
    pthread_create(&spinner, NULL, pthread_spinner, NULL);
    pthread_join(spinner, NULL);
    pthread_join(counter, NULL);
    printf("3. pthreads, spinner never yields: while it spun %d ms, the counter made %ld "
           "steps (the timer preempts; on several harts both run at once)\n",
           SPIN_MS, steps_while_spinning);
    printf("   one sched_yield costs %ld ns (a system call, and a kernel switch when the other "
           "thread is waiting for the hart)\n",
           sched_yield_cost_ns());
    return steps_while_spinning > 0;
}

/* ---------------------------------------------------------------- main */

/* Runs part(arg) in a child; whether the child showed what it should. */
static int in_child(int (*part)(int), int arg) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("yielddemo: fork");
        return 0;
    }
    if (pid == 0)
        _exit(part(arg) ? 0 : 1);
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int pthreads_part(int unused) {
    (void)unused;
    return run_pthreads();
}

int main(int argc, char** argv) {
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: yielddemo\n");
        return 2;
    }
    int shown = in_child(run_uthreads, 0);
    shown &= in_child(run_uthreads, 1);
    shown &= in_child(pthreads_part, 0);
    printf(shown ? "lesson: user-level threads must yield; the kernel preempts kernel threads\n"
                 : "yielddemo: the threads did not behave as the lecture says (see above)\n");
    return shown ? 0 : 1;
}
