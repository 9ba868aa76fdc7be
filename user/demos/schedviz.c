/* schedviz: a mix of threads for the scheduler to juggle, made to be
 * traced and drawn (docs/scheduling.md, "Seeing it: the trace"):
 *
 *   trace -o /tmp/schedviz.txt schedviz
 *
 * For about a second, in one process:
 *   hog 1, hog 2   spin without ever blocking (CPU-bound);
 *   interactive    sleeps 20 ms, works 2 ms, again and again, and every
 *                  fifth time sends a job down a pipe;
 *   burst          waits on that pipe, then computes 30 ms per job.
 * Each names itself (prctl PR_SET_NAME) so that ps -T and the trace
 * show its role, and prints what it did at the end: how much CPU it
 * got, on which harts, and (interactive) how late its wake-ups were. Under round-robin
 * the sleeper queues behind the hogs; under MLFQ the hogs sink to the
 * lowest level and the sleeper and the burst thread go first. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include <weft.h>
#include <weft_sched.h>

#define RUN_MS 1000

static unsigned long deadline; /* rdtime() value when everyone stops */
static int jobs[2];            /* the pipe: interactive -> burst */

static unsigned long ms_to_time(long ms) {
    return (unsigned long)ms * (WEFT_TIME_HZ / 1000);
}

/* Spin for ms milliseconds of wall-clock time; returns the loops done. */
static unsigned long work(long ms) {
    unsigned long end = rdtime() + ms_to_time(ms), loops = 0;
    while (rdtime() < end)
        loops++;
    return loops;
}

static long cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct report {
    const char* name;
    int tid;
    unsigned harts_seen; /* bit per hart */
    long cpu_ms;
    char detail[96];
};

static void note_hart(struct report* r) {
    r->harts_seen |= 1u << sched_getcpu();
}

static void* hog(void* arg) {
    struct report* r = arg;
    r->tid = gettid();
    prctl(PR_SET_NAME, r->name);
    unsigned long loops = 0;
    while (rdtime() < deadline) {
        loops += work(1);
        note_hart(r);
    }
    r->cpu_ms = cpu_ms();
    snprintf(r->detail, sizeof r->detail, "%lu million loops", loops / 1000000);
    return NULL;
}

static void* interactive(void* arg) {
    struct report* r = arg;
    r->tid = gettid();
    prctl(PR_SET_NAME, r->name);
    struct timespec twenty_ms = {0, 20 * 1000000};
    long wakeups = 0, late_total = 0, late_worst = 0;
    while (rdtime() < deadline) {
        unsigned long before = rdtime();
        nanosleep(&twenty_ms, NULL);
        long slept_us = (long)((rdtime() - before) / (WEFT_TIME_HZ / 1000000));
        long late = slept_us > 20000 ? slept_us - 20000 : 0;
        late_total += late;
        if (late > late_worst) late_worst = late;
        note_hart(r);
        work(2);
        if (++wakeups % 5 == 0) write(jobs[1], "j", 1);
    }
    write(jobs[1], "q", 1);
    r->cpu_ms = cpu_ms();
    snprintf(r->detail, sizeof r->detail, "%ld wake-ups, late by %ld ms on average, %ld at worst",
             wakeups, wakeups ? late_total / wakeups / 1000 : 0, late_worst / 1000);
    return NULL;
}

static void* burst(void* arg) {
    struct report* r = arg;
    r->tid = gettid();
    prctl(PR_SET_NAME, r->name);
    char job;
    int done = 0;
    while (read(jobs[0], &job, 1) == 1 && job == 'j') {
        note_hart(r);
        work(30);
        done++;
    }
    r->cpu_ms = cpu_ms();
    snprintf(r->detail, sizeof r->detail, "%d jobs of 30 ms, blocked on the pipe between them",
             done);
    return NULL;
}

int main(void) {
    struct report reports[] = {
        {.name = "hog 1"}, {.name = "hog 2"}, {.name = "interactive"}, {.name = "burst"}};
    void* (*bodies[])(void*) = {hog, hog, interactive, burst};
    enum { N = sizeof reports / sizeof reports[0] };

    if (pipe(jobs) < 0) {
        perror("schedviz: pipe");
        return 1;
    }
    printf("schedviz: pid %d, %d threads for %d ms\n", getpid(), N, RUN_MS);
    fflush(stdout);
    deadline = rdtime() + ms_to_time(RUN_MS);
    pthread_t threads[N];
    for (int i = 0; i < N; i++)
        pthread_create(&threads[i], NULL, bodies[i], &reports[i]);
    for (int i = 0; i < N; i++)
        pthread_join(threads[i], NULL);

    for (int i = 0; i < N; i++) {
        char harts[40] = "";
        for (int h = 0; h < 32; h++)
            if (reports[i].harts_seen & (1u << h))
                snprintf(harts + strlen(harts), sizeof harts - strlen(harts), "%s%d",
                         harts[0] ? "," : "", h);
        printf("%-11s tid %2d: cpu %4ld ms on hart %s: %s\n", reports[i].name, reports[i].tid,
               reports[i].cpu_ms, harts, reports[i].detail);
    }
    return 0;
}
