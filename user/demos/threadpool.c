/* threadpool: a fixed set of worker threads takes jobs from a queue.
 *
 * The queue is guarded by a mutex; workers sleep on a condition
 * variable while it is empty. main submits M jobs (adding up 1..k for
 * some k), then shuts the pool down: it sets `shutting_down` and
 * broadcasts, and each worker leaves once the queue is empty -- so
 * every submitted job still runs. Creating threads once and reusing
 * them is cheaper than a thread per job.
 *
 * Each job also stands for real work (serving a request, compressing a
 * file): after its sum it keeps its worker busy for MS milliseconds of
 * computing, default 20, two timer ticks. That is what spreads the work:
 * while one worker computes, the timer hands the processor to the
 * others, which wake and take the next jobs. Jobs of a few microseconds
 * (try `threadpool 4 12 0`, a few times) can all go to whichever worker
 * wakes first, before the others get the processor at all -- correct,
 * but it shows no pool.
 *
 *   threadpool [workers] [jobs] [ms]     default 4 workers, 12 jobs, 20 ms
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_WORKERS 16
#define MAX_JOBS 64

struct job {
    int id;
    long n;      /* the job: 1 + 2 + ... + n */
    long result; /* written by the worker that ran it */
    int worker;
};

static struct {
    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t work_or_shutdown;
    struct job* queue[MAX_JOBS];
    int head, count;
    int shutting_down;
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0, 0};

static void submit(struct job* j) {
    pthread_mutex_lock(&pool.lock);
    pool.queue[(pool.head + pool.count++) % MAX_JOBS] = j;
    pthread_cond_signal(&pool.work_or_shutdown); /* one sleeping worker is enough */
    pthread_mutex_unlock(&pool.lock);
}

/* The next job, or NULL once the pool shuts down with the queue empty. */
static struct job* take(void) {
    pthread_mutex_lock(&pool.lock);
    while (pool.count == 0 && !pool.shutting_down)
        pthread_cond_wait(&pool.work_or_shutdown, &pool.lock);
    struct job* j = NULL;
    if (pool.count > 0) {
        j = pool.queue[pool.head];
        pool.head = (pool.head + 1) % MAX_JOBS;
        pool.count--;
    }
    pthread_mutex_unlock(&pool.lock);
    return j;
}

static int job_ms = 20; /* computing time of one job */

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Compute (not sleep) for ms milliseconds: a busy worker, preemptible. */
static void work_for(int ms) {
    long until = now_ms() + ms;
    while (now_ms() < until) {
    }
}

static void* worker(void* arg) {
    int me = (int)(long)arg;
    long done = 0;
    struct job* j;
    while ((j = take()) != NULL) {
        long sum = 0;
        for (long i = 1; i <= j->n; i++)
            sum += i;
        work_for(job_ms);
        j->result = sum;
        j->worker = me;
        printf("worker %d: job %d: 1..%ld adds up to %ld\n", me, j->id, j->n, sum);
        done++;
    }
    return (void*)done;
}

int main(int argc, char** argv) {
    int workers = argc > 1 ? atoi(argv[1]) : 4;
    int jobs = argc > 2 ? atoi(argv[2]) : 12;
    job_ms = argc > 3 ? atoi(argv[3]) : 20;
    if (workers < 1 || workers > MAX_WORKERS || jobs < 0 || jobs > MAX_JOBS || job_ms < 0 ||
        job_ms > 10000) {
        fprintf(stderr, "usage: threadpool [workers 1..%d] [jobs 0..%d] [ms per job 0..10000]\n",
                MAX_WORKERS, MAX_JOBS);
        return 1;
    }
    pthread_t threads[MAX_WORKERS];
    static struct job job[MAX_JOBS];
    for (int w = 0; w < workers; w++)
        pthread_create(&threads[w], NULL, worker, (void*)(long)w);
    printf("pool of %d workers; submitting %d jobs of %d ms each\n", workers, jobs, job_ms);
    long expected = 0;
    for (int i = 0; i < jobs; i++) {
        job[i] = (struct job){.id = i, .n = 1000 * (i + 1), .worker = -1};
        expected += job[i].n * (job[i].n + 1) / 2;
        submit(&job[i]);
    }
    pthread_mutex_lock(&pool.lock);
    pool.shutting_down = 1;
    pthread_cond_broadcast(&pool.work_or_shutdown); /* wake every idle worker */
    pthread_mutex_unlock(&pool.lock);
    long ran = 0, total = 0;
    int idle = 0;
    for (int w = 0; w < workers; w++) {
        void* done;
        pthread_join(threads[w], &done);
        printf("worker %d ran %ld jobs\n", w, (long)done);
        ran += (long)done;
        idle += (long)done == 0;
    }
    printf("%d of %d workers ran no job\n", idle, workers);
    for (int i = 0; i < jobs; i++)
        total += job[i].result;
    printf("shut down: %ld of %d jobs ran, results add up to %ld (expected %ld)\n", ran, jobs,
           total, expected);
    return ran == jobs && total == expected ? 0 : 1;
}
