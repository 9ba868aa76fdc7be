/* schedtests: the scheduler seen from user space (docs/scheduling.md):
 * preemption, cooperative mode, fairness, the quantum, MLFQ, the trace,
 * and the calls behind ps and top.
 *
 *   schedtests [GROUP...]      default: basic preempt
 *
 * What a test may expect depends on how the kernel was booted, so the
 * caller says which groups fit the boot options (tests/test_sched.py):
 *   basic     nice values, sched_getcpu, procinfo, thread names, CPU-time clocks (any boot)
 *   preempt   the timer preempts: a busy thread cannot starve another,
 *             equal threads get equal shares, the trace shows preemptions
 *   coop      preempt=off on ONE hart: a busy thread does starve another
 *             until it gives up the hart; the trace shows no preemption
 *   mlfq      sched=mlfq: hogs sink, an interactive thread stays on top
 *             and wakes up promptly, nice starts a thread lower
 *   quantum   prints "switches_per_100_ticks N" for two busy threads, for
 *             the caller to compare between boots with different quanta
 *   latency   prints the wake-up latency of a sleeper among hogs (no bound)
 *
 * Each test runs in a child process, so a crash is a FAIL line, not the
 * end of the run; it prints "PASS <name>" or "FAIL <name>: <why>". At the
 * end: "ALL TESTS PASSED", or "SOME TESTS FAILED" and exit status 1.
 * Every test takes at most a few seconds. QEMU's harts are host threads,
 * which a busy host can pause at any moment for a while: so a test judges
 * by counts (ticks charged, turns taken) and by ratios within one run,
 * not by wall-clock time; the few absolute time bounds left are
 * multiplied by "-T N" (the harness's measure of how slow this host is,
 * tests/weft.py time_scale). No test is retried.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <weft.h>
#include <weft_sched.h>

/* ---------------------------------------------------------------- the harness */

static int failures; /* in this (child) process */

/* What a test prints goes here first, and out in one piece at its end. */
static char said[4096];
static size_t said_len;

static void say(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(said + said_len, sizeof said - said_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        said_len += (size_t)n < sizeof said - said_len ? (size_t)n : sizeof said - said_len - 1;
}

/* The verdict on one named check. */
static void report(const char* name, int ok, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(const char* name, int ok, const char* fmt, ...) {
    char why[240] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (ok) {
        say("PASS %s\n", name);
    } else {
        say("FAIL %s: %s\n", name, why);
        failures++;
    }
}

/* How the kernel schedules, as the groups asked for say. */
static int cooperative; /* coop: no preemption */
static int harts;
static long time_scale = 1; /* -T N */

/* Time from the time CSR, in microseconds (no system call). */
static long now_us(void) {
    return (long)(rdtime() / (WEFT_TIME_HZ / 1000000));
}

/* Spin (without yielding) until `until_us`. */
static void spin_until(long until_us) {
    while (now_us() < until_us) {
    }
}

static long cpu_ticks(const struct weft_procinfo* r) {
    return (long)(r->user_ticks + r->system_ticks);
}

/* The procinfo row of thread tid in rows[0..n-1], or NULL. */
static const struct weft_procinfo* row_of(const struct weft_procinfo* rows, int n, int tid) {
    for (int i = 0; i < n; i++)
        if (rows[i].tid == tid && rows[i].state != 'Z') return &rows[i];
    return NULL;
}

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];
static struct weft_procinfo rows_before[WEFT_PROCINFO_MAX];

/* ---------------------------------------------------------------- basic */

static void nice_value_round_trips(void) {
    const char* name = "nice_value_round_trips";
    int before = getpriority(PRIO_PROCESS, 0);
    if (setpriority(PRIO_PROCESS, 0, 5) != 0)
        return report(name, 0, "setpriority(0, 5): %s", strerror(errno));
    int got = getpriority(PRIO_PROCESS, gettid());
    if (got != 5) return report(name, 0, "getpriority after setting 5: %d", got);
    if ((got = nice(3)) != 8) return report(name, 0, "nice(3) from 5 gave %d, want 8", got);
    setpriority(PRIO_PROCESS, 0, 100);
    if ((got = getpriority(PRIO_PROCESS, 0)) != NICE_MAX)
        return report(name, 0, "setting 100 gave %d, want it clamped to %d", got, NICE_MAX);
    errno = 0;
    if (getpriority(PRIO_PROCESS, 1000000) != -1 || errno != ESRCH)
        return report(name, 0, "getpriority of no thread: errno %d, want ESRCH", errno);
    errno = 0;
    if (setpriority(7, 0, 0) != -1 || errno != EINVAL)
        return report(name, 0, "setpriority(which 7): errno %d, want EINVAL", errno);
    setpriority(PRIO_PROCESS, 0, before);
    report(name, 1, " ");
}

static void sched_getcpu_names_an_online_hart(void) {
    const char* name = "sched_getcpu_names_an_online_hart";
    for (int i = 0; i < 20; i++) {
        int cpu = sched_getcpu();
        if (cpu < 0 || cpu >= harts)
            return report(name, 0, "sched_getcpu() = %d with %d harts", cpu, harts);
        sched_yield();
    }
    report(name, 1, " ");
}

static int blocker_pipe[2];
static volatile int blocker_tid;

static void* block_on_pipe(void* arg) {
    (void)arg;
    blocker_tid = gettid();
    char c;
    read(blocker_pipe[0], &c, 1);
    return NULL;
}

static void procinfo_lists_our_threads(void) {
    const char* name = "procinfo_lists_our_threads";
    pipe(blocker_pipe);
    pthread_t t;
    pthread_create(&t, NULL, block_on_pipe, NULL);
    /* Until the other thread is blocked in read. */
    const struct weft_procinfo* other = NULL;
    int n = 0;
    for (int tries = 0; tries < 100; tries++) {
        n = procinfo(rows, WEFT_PROCINFO_MAX);
        if (blocker_tid && (other = row_of(rows, n, blocker_tid)) && other->state == 'S') break;
        sleep_ticks(1);
    }
    const struct weft_procinfo* me = row_of(rows, n, gettid());
    char byte = 'x';
    write(blocker_pipe[1], &byte, 1);
    pthread_join(t, NULL);

    if (n <= 0 || !me)
        return report(name, 0, "procinfo gave %d rows, none for our tid %d", n, gettid());
    if (me->pid != getpid() || me->ppid != getppid() || me->state != 'R' || me->threads != 2 ||
        strcmp(me->name, "schedtests") != 0)
        return report(name, 0, "our row: pid %d ppid %d state %c threads %u name %s", me->pid,
                      me->ppid, me->state, me->threads, me->name);
    if (me->hart < 0 || me->hart >= harts || me->switches == 0)
        return report(name, 0, "our row: hart %d, switches %lu", me->hart, me->switches);
    if (!other || other->state != 'S' || other->pid != getpid())
        return report(name, 0, "the thread blocked in read: %s",
                      other ? "not shown sleeping" : "missing");
    report(name, 1, " ");
}

/* prctl(PR_SET_NAME) names the calling thread only, and procinfo shows
 * it beside the process's name; a new thread starts with its creator's
 * name; a long name is cut to 15 characters. */
static char inherited_name[16], long_name[16];

static void* rename_self(void* arg) {
    (void)arg;
    prctl(PR_GET_NAME, inherited_name);
    prctl(PR_SET_NAME, "a rather long thread name");
    prctl(PR_GET_NAME, long_name);
    return NULL;
}

static void threads_name_themselves(void) {
    const char* name = "threads_name_themselves";
    char before[16] = "", after[16] = "";
    prctl(PR_GET_NAME, before);
    if (strcmp(before, "schedtests") != 0)
        return report(name, 0, "unnamed, PR_GET_NAME gave '%s', want the process's name", before);
    if (prctl(PR_SET_NAME, "namer") != 0) return report(name, 0, "PR_SET_NAME failed");
    pthread_t t;
    pthread_create(&t, NULL, rename_self, NULL);
    pthread_join(t, NULL);
    prctl(PR_GET_NAME, after);
    if (strcmp(inherited_name, "namer") != 0)
        return report(name, 0, "a new thread started as '%s', want its creator's 'namer'",
                      inherited_name);
    if (strcmp(long_name, "a rather long t") != 0)
        return report(name, 0, "a long name came back as '%s', want 15 characters", long_name);
    if (strcmp(after, "namer") != 0)
        return report(name, 0, "another thread's rename changed ours to '%s'", after);
    int n = procinfo(rows, WEFT_PROCINFO_MAX);
    const struct weft_procinfo* me = row_of(rows, n, gettid());
    if (!me || strcmp(me->thread_name, "namer") != 0 || strcmp(me->name, "schedtests") != 0)
        return report(name, 0, "procinfo: thread name '%s', process name '%s'",
                      me ? me->thread_name : "(no row)", me ? me->name : "");
    errno = 0;
    if (prctl(12345, 0) != -1 || errno != EINVAL)
        return report(name, 0, "an unknown option gave errno %d, want EINVAL", errno);
    report(name, 1, " ");
}

static void procinfo_shows_zombies(void) {
    const char* name = "procinfo_shows_zombies";
    int child = fork();
    if (child == 0) _exit(0);
    /* Not waited for yet: a zombie, one row with tid 0. */
    const struct weft_procinfo* zombie = NULL;
    for (int tries = 0; tries < 100 && !zombie; tries++) {
        sleep_ticks(1);
        int n = procinfo(rows, WEFT_PROCINFO_MAX);
        for (int i = 0; i < n; i++)
            if (rows[i].pid == child && rows[i].state == 'Z' && rows[i].tid == 0) zombie = &rows[i];
    }
    waitpid(child, NULL, 0);
    if (!zombie) return report(name, 0, "no 'Z' row with tid 0 for the exited child %d", child);
    int n = procinfo(rows, WEFT_PROCINFO_MAX);
    for (int i = 0; i < n; i++)
        if (rows[i].pid == child) return report(name, 0, "child %d still listed after wait", child);
    report(name, 1, " ");
}

static void thread_cputime_counts_ticks(void) {
    const char* name = "thread_cputime_counts_ticks";
    struct timespec a, b, pa;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &pa);
    /* Spin until 50 ms (5 ticks) are charged; a paused hart is charged
       nothing, so give up only after much longer (times -T). */
    long start = now_us(), used_ms = 0;
    while (now_us() - start < 2000000 * time_scale) {
        spin_until(now_us() + 5000);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
        used_ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
        if (used_ms >= 50) break;
    }
    long wall_ms = (now_us() - start) / 1000;
    if (b.tv_nsec % 10000000 != 0)
        return report(name, 0, "thread CPU time %ld ns is not whole 10 ms ticks", (long)b.tv_nsec);
    if (used_ms < 50 || used_ms > wall_ms + 20)
        return report(name, 0, "spinning %ld ms charged %ld ms of CPU time", wall_ms, used_ms);
    struct timespec pb;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &pb);
    if (pb.tv_sec * 1000 + pb.tv_nsec / 1000000 < b.tv_sec * 1000 + b.tv_nsec / 1000000)
        return report(name, 0, "process CPU time below its thread's");
    report(name, 1, " ");
}

/* ---------------------------------------------------------------- starvation */

/* A spinner that never yields, watching a counter that a yielding worker
 * increments: how long did the worker go without running? */
static struct {
    long counter;     /* worker's progress */
    int done;         /* the spinner has finished */
    long spin_us;     /* how long the spinner spins */
    long longest_gap; /* us the spinner saw the counter stand still, at most */
    long advanced;    /* increments seen during the spin */
    long turns;       /* times the spinner saw the counter move */
    long spin_ticks;  /* ticks charged to the spinner meanwhile */
} starve;

static long thread_ticks(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * WEFT_HZ + t.tv_nsec / (1000000000 / WEFT_HZ);
}

static void* spinner(void* arg) {
    (void)arg;
    long ticks_before = thread_ticks();
    long start = now_us(), last_change = start;
    long seen = __atomic_load_n(&starve.counter, __ATOMIC_RELAXED), first = seen;
    long now;
    while ((now = now_us()) < start + starve.spin_us) {
        long c = __atomic_load_n(&starve.counter, __ATOMIC_RELAXED);
        if (c != seen) {
            if (now - last_change > starve.longest_gap) starve.longest_gap = now - last_change;
            seen = c;
            last_change = now;
            starve.turns++;
        }
    }
    starve.spin_ticks = thread_ticks() - ticks_before;
    if (now - last_change > starve.longest_gap) starve.longest_gap = now - last_change;
    starve.advanced = seen - first;
    __atomic_store_n(&starve.done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void* yielding_worker(void* arg) {
    (void)arg;
    do {
        __atomic_fetch_add(&starve.counter, 1, __ATOMIC_RELAXED);
        sched_yield();
    } while (!__atomic_load_n(&starve.done, __ATOMIC_ACQUIRE));
    return NULL;
}

static void run_spinner_and_worker(long spin_us) {
    memset(&starve, 0, sizeof starve);
    starve.spin_us = spin_us;
    pthread_t s, w;
    pthread_create(&s, NULL, spinner, NULL);
    pthread_create(&w, NULL, yielding_worker, NULL);
    pthread_join(s, NULL);
    pthread_join(w, NULL);
}

static void busy_thread_cannot_starve_another(void) {
    const char* name = "busy_thread_cannot_starve_another";
    run_spinner_and_worker(400000);
    say("  spinner 400 ms (%ld ticks charged): worker advanced %ld times in %ld turns, "
        "longest wait %ld ms\n",
        starve.spin_ticks, starve.advanced, starve.turns, starve.longest_gap / 1000);
    if (starve.advanced == 0)
        return report(name, 0, "the worker never ran while the spinner spun 400 ms");
    /* Counted in the spinner's own ticks, not wall time (a paused hart
       pauses both): the worker gets a turn at least every quantum or two
       (round-robin) or every lowest-level allotment of 4 quanta (MLFQ).
       One turn per 8 of the spinner's ticks is twice as generous. */
    if (starve.spin_ticks >= 8 && starve.turns * 8 < starve.spin_ticks)
        return report(name, 0, "the worker got %ld turns while the spinner was charged %ld ticks",
                      starve.turns, starve.spin_ticks);
    report(name, 1, " ");
}

static void busy_thread_starves_another_without_preemption(void) {
    const char* name = "busy_thread_starves_another_without_preemption";
    if (harts != 1)
        return report(name, 0, "needs one hart (booted with %d): another hart would run it", harts);
    run_spinner_and_worker(300000);
    say("  spinner 300 ms: worker advanced %ld times; %ld times in all\n", starve.advanced,
        starve.counter);
    if (starve.advanced != 0)
        return report(name, 0, "the worker ran %ld times while the spinner held the hart",
                      starve.advanced);
    if (starve.counter == 0)
        return report(name, 0, "the worker never ran, even after the spinner finished");
    report(name, 1, " ");
}

/* ---------------------------------------------------------------- shares, quantum */

#define MAX_HOGS 12

static struct {
    int stop;
    int tids[MAX_HOGS];
    long spins[MAX_HOGS];
    pthread_barrier_t ready;
} hogs;

static void* hog(void* arg) {
    long i = (long)arg;
    hogs.tids[i] = gettid();
    pthread_barrier_wait(&hogs.ready);
    while (!__atomic_load_n(&hogs.stop, __ATOMIC_RELAXED))
        hogs.spins[i]++;
    return NULL;
}

/* Start n hogs and wait until all are running; stop_hogs ends them. */
static pthread_t hog_threads[MAX_HOGS];
static void start_hogs(int n) {
    memset(&hogs, 0, sizeof hogs);
    pthread_barrier_init(&hogs.ready, NULL, (unsigned)n + 1);
    for (long i = 0; i < n; i++)
        pthread_create(&hog_threads[i], NULL, hog, (void*)i);
    pthread_barrier_wait(&hogs.ready);
}
static void stop_hogs(int n) {
    __atomic_store_n(&hogs.stop, 1, __ATOMIC_RELAXED);
    for (int i = 0; i < n; i++)
        pthread_join(hog_threads[i], NULL);
    pthread_barrier_destroy(&hogs.ready);
}

/* Ticks (or switches) each hog got between two procinfo snapshots. */
static long hog_delta(int i, int nbefore, int nafter, int switches) {
    const struct weft_procinfo* a = row_of(rows_before, nbefore, hogs.tids[i]);
    const struct weft_procinfo* b = row_of(rows, nafter, hogs.tids[i]);
    if (!a || !b) return -1;
    return switches ? (long)(b->switches - a->switches) : cpu_ticks(b) - cpu_ticks(a);
}

static void equal_threads_get_equal_shares(void) {
    const char* name = "equal_threads_get_equal_shares";
    int n = harts + 1; /* more threads than harts: they must take turns */
    start_hogs(n);
    int nbefore = procinfo(rows_before, WEFT_PROCINFO_MAX);
    sleep_ticks(250);
    int nafter = procinfo(rows, WEFT_PROCINFO_MAX);
    stop_hogs(n);

    long ticks[MAX_HOGS], total = 0;
    say("  %d threads, 2.5 s: ticks", n);
    for (int i = 0; i < n; i++) {
        ticks[i] = hog_delta(i, nbefore, nafter, 0);
        total += ticks[i];
        say(" %ld", ticks[i]);
    }
    say("\n");
    /* Enough ticks for shares to mean something: hart 0 counts the 250
       ticks main sleeps, and one hart's worth goes to the hogs at least. */
    if (total < 150)
        return report(name, 0, "only %ld ticks charged in 250 ticks on %d harts", total, harts);
    for (int i = 0; i < n; i++) {
        /* Within a third of the fair share: |ticks * n - total| <= total / 3.
           One hart: round-robin gives turns exactly. Several: a host that
           pauses one hart more than another skews shares a little; an
           unfair scheduler (a thread starved, or two of three hogging a
           hart) is far outside. */
        long diff = ticks[i] * n - total;
        if (ticks[i] < 0 || (diff < 0 ? -diff : diff) * 3 > total)
            return report(name, 0, "thread %d got %ld of %ld ticks; the fair share is %ld", i,
                          ticks[i], total, total / n);
    }
    report(name, 1, " ");
}

static void busy_threads_are_switched(void) {
    const char* name = "busy_threads_are_switched";
    int n = 2;
    start_hogs(n);
    int nbefore = procinfo(rows_before, WEFT_PROCINFO_MAX);
    long start = uptime();
    sleep_ticks(100);
    int nafter = procinfo(rows, WEFT_PROCINFO_MAX);
    long elapsed = uptime() - start;
    stop_hogs(n);
    long switches = 0;
    for (int i = 0; i < n; i++)
        switches += hog_delta(i, nbefore, nafter, 1);
    /* Per tick, not per second: a paused hart misses ticks and switches
       alike, so the count per tick does not depend on the host. */
    long per_100 = switches * 100 / (elapsed > 0 ? elapsed : 1);
    say("switches_per_100_ticks %ld\n", per_100);
    report(name, switches > 0, "two busy threads were switched in %ld times", switches);
}

/* ---------------------------------------------------------------- MLFQ, latency */

static struct {
    int stop;
    int tid;
    long wakeups;
    long total_us, worst_us; /* lateness past the requested 10 ms */
} sleeper;

static void* interactive(void* arg) {
    (void)arg;
    sleeper.tid = gettid();
    struct timespec ten_ms = {0, 10000000};
    while (!__atomic_load_n(&sleeper.stop, __ATOMIC_RELAXED)) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        nanosleep(&ten_ms, NULL);
        clock_gettime(CLOCK_MONOTONIC, &b);
        long slept = (b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000;
        long late = slept > 10000 ? slept - 10000 : 0;
        sleeper.total_us += late;
        if (late > sleeper.worst_us) sleeper.worst_us = late;
        sleeper.wakeups++;
    }
    return NULL;
}

/* Levels seen while hogs and the interactive thread run. */
static struct {
    int hog_reached_bottom[MAX_HOGS];
    int samples, interactive_on_top;
} levels;

/* nhogs hogs and one interactive sleeper for about a second, sampling
 * MLFQ levels meanwhile. */
static void run_hogs_and_sleeper(int nhogs) {
    memset(&sleeper, 0, sizeof sleeper);
    memset(&levels, 0, sizeof levels);
    start_hogs(nhogs);
    pthread_t t;
    pthread_create(&t, NULL, interactive, NULL);
    for (int s = 0; s < 20; s++) {
        sleep_ticks(5);
        int n = procinfo(rows, WEFT_PROCINFO_MAX);
        for (int i = 0; i < nhogs; i++) {
            const struct weft_procinfo* r = row_of(rows, n, hogs.tids[i]);
            if (r && r->level == 2) levels.hog_reached_bottom[i] = 1;
        }
        const struct weft_procinfo* r = row_of(rows, n, sleeper.tid);
        if (r) {
            levels.samples++;
            levels.interactive_on_top += r->level == 0;
        }
    }
    __atomic_store_n(&sleeper.stop, 1, __ATOMIC_RELAXED);
    pthread_join(t, NULL);
    stop_hogs(nhogs);
}

/* Few hogs and many: under MLFQ the hogs sink below a sleeper, so it
 * waits at most for the running hog's lowest-level allotment (4 quanta),
 * however many hogs there are; under round-robin it queues behind all
 * of them. */
static int few_hogs(void) {
    return 2;
}
static int many_hogs(void) {
    return 2 * harts + 4;
}

static long sleeper_average_us(void) {
    return sleeper.wakeups ? sleeper.total_us / sleeper.wakeups : 0;
}

static void print_latency(int nhogs) {
    say("  %d hogs: %ld wakeups, late by %ld us on average, %ld us at worst; "
        "sleeper on level 0 in %d of %d samples\n",
        nhogs, sleeper.wakeups, sleeper_average_us(), sleeper.worst_us, levels.interactive_on_top,
        levels.samples);
}

static void mlfq_hogs_sink_and_sleepers_stay_on_top(void) {
    run_hogs_and_sleeper(few_hogs());
    print_latency(few_hogs());
    long few_average = sleeper_average_us(), few_wakeups = sleeper.wakeups;

    int nhogs = many_hogs();
    run_hogs_and_sleeper(nhogs);
    print_latency(nhogs);
    long average = sleeper_average_us();

    int sunk = 0;
    for (int i = 0; i < nhogs; i++)
        sunk += levels.hog_reached_bottom[i];
    report("mlfq_hogs_sink_to_the_lowest_level", sunk == nhogs,
           "%d of %d hogs were seen on level 2", sunk, nhogs);
    report("mlfq_sleeper_stays_on_the_top_level",
           levels.samples > 0 && levels.interactive_on_top * 10 >= levels.samples * 8,
           "on level 0 in %d of %d samples", levels.interactive_on_top, levels.samples);
    /* Bounds (at quantum=1): below one lowest-level allotment (40 ms) plus
     * the tick the sleep itself may lose (10 ms); and with many hogs not
     * much worse than with few (round-robin: 3 to 10 times worse). */
    report("mlfq_sleeper_wakes_up_promptly",
           few_wakeups >= 20 && sleeper.wakeups >= 20 && few_average < 50000 * time_scale &&
               average < 50000 * time_scale && average < 2 * few_average + 10000 * time_scale,
           "late by %ld us on average with %d hogs, %ld us with %d (bounds: 50 ms, and twice "
           "the first + 10 ms; the ms times -T %ld)",
           few_average, few_hogs(), average, nhogs, time_scale);
}

static void mlfq_nice_starts_a_thread_lower(void) {
    const char* name = "mlfq_nice_starts_a_thread_lower";
    /* A new thread inherits the nice value, and MLFQ starts it on level
     * min(nice / 7, 2). */
    setpriority(PRIO_PROCESS, 0, 14);
    pipe(blocker_pipe);
    blocker_tid = 0;
    pthread_t t;
    pthread_create(&t, NULL, block_on_pipe, NULL);
    setpriority(PRIO_PROCESS, 0, 0);
    const struct weft_procinfo* r = NULL;
    for (int tries = 0; tries < 100; tries++) {
        int n = procinfo(rows, WEFT_PROCINFO_MAX);
        if (blocker_tid && (r = row_of(rows, n, blocker_tid)) && r->state == 'S') break;
        sleep_ticks(1);
    }
    int nice_seen = r ? r->nice : -99, level = r ? r->level : -1;
    char byte = 'x';
    write(blocker_pipe[1], &byte, 1);
    pthread_join(t, NULL);
    report(name, nice_seen == 14 && level == 2, "new thread: nice %d, level %d (want 14, 2)",
           nice_seen, level);
}

static void sleeper_latency_among_hogs(void) {
    run_hogs_and_sleeper(few_hogs());
    print_latency(few_hogs());
    long few_average = sleeper_average_us();
    run_hogs_and_sleeper(many_hogs());
    print_latency(many_hogs());
    say("latency_us %d hogs %ld, %d hogs %ld\n", few_hogs(), few_average, many_hogs(),
        sleeper_average_us());
    report("sleeper_latency_measured", sleeper.wakeups > 0, "the sleeper never woke up");
}

/* ---------------------------------------------------------------- the trace */

static struct weft_trace_event* trace_buf;

static void* short_spin(void* arg) {
    (void)arg;
    long end = now_us() + 100000;
    while (now_us() < end) {
        spin_until(now_us() + 10000);
        if (cooperative) sched_yield(); /* or the others never run on one hart */
    }
    return NULL;
}

static void* short_sleeps(void* arg) {
    (void)arg;
    for (int i = 0; i < 5; i++)
        sleep_ticks(1);
    return NULL;
}

/* Per hart: times never go back, and switch-ins and switch-outs
 * alternate, each out naming the thread that came in. A hart's first
 * event may be the switch-out of a thread that was running when the
 * trace started. Empty string if fine, else what is wrong. */
static const char* check_well_formed(const struct weft_trace_event* ev, long n, char* why,
                                     size_t size) {
    for (long i = 0; i < n;) {
        int hart = ev[i].hart;
        unsigned long last_time = 0;
        long inside = -1; /* tid switched in, or -1 */
        int first_switch = 1;
        for (; i < n && ev[i].hart == hart; i++) {
            const struct weft_trace_event* e = &ev[i];
            if (e->time < last_time) {
                snprintf(why, size, "hart %d: time goes back at event %ld", hart, i);
                return why;
            }
            last_time = e->time;
            if (e->event == WEFT_EV_IN) {
                if (inside != -1) {
                    snprintf(why, size, "hart %d: tid %u in while tid %ld still in", hart, e->tid,
                             inside);
                    return why;
                }
                inside = e->tid;
            } else if (e->event == WEFT_EV_OUT) {
                if (inside != (long)e->tid && !(inside == -1 && first_switch)) {
                    snprintf(why, size, "hart %d: tid %u out but %ld was in", hart, e->tid, inside);
                    return why;
                }
                inside = -1;
            }
            if (e->event == WEFT_EV_IN || e->event == WEFT_EV_OUT) first_switch = 0;
        }
        /* A hart's events come together: seeing it again is an error. */
        for (long j = i; j < n; j++) {
            if (ev[j].hart == hart) {
                snprintf(why, size, "hart %d: its events are not together", hart);
                return why;
            }
        }
    }
    return "";
}

static void trace_is_well_formed(void) {
    const char* name = "trace_is_well_formed";
    long max = (long)harts * WEFT_TRACE_EVENTS_PER_HART;
    trace_buf = malloc((size_t)max * sizeof *trace_buf);
    if (!trace_buf) return report(name, 0, "no memory for %ld events", max);

    struct weft_sysinfo before, now;
    sysinfo(&before);
    if (sched_trace_start() != 0) return report(name, 0, "sched_trace_start: %s", strerror(errno));
    pthread_t t[3];
    pthread_create(&t[0], NULL, short_spin, NULL);
    pthread_create(&t[1], NULL, short_spin, NULL);
    pthread_create(&t[2], NULL, short_sleeps, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    /* A join returns when the thread has cleared its tid, a moment before
       its last switch (the "exit" event) on another hart. Its kernel slot
       is given back after that switch: wait for the slots. */
    do {
        sched_yield();
        sysinfo(&now);
    } while (now.threads > before.threads);
    errno = 0;
    long busy = sched_trace_read(trace_buf, max);
    int busy_errno = errno;
    sched_trace_stop();
    long n = sched_trace_read(trace_buf, max);
    long dropped = sched_trace_dropped();

    if (busy != -1 || busy_errno != EBUSY)
        return report(name, 0, "reading while recording: %ld, errno %d; want EBUSY", busy,
                      busy_errno);
    if (n <= 0) return report(name, 0, "read %ld events", n);
    if (dropped != 0) return report(name, 0, "%ld events dropped", dropped);
    char why[160];
    if (*check_well_formed(trace_buf, n, why, sizeof why)) return report(name, 0, "%s", why);

    /* What each of our threads went through. */
    long created = 0, exited = 0, blocked = 0, woken = 0, preempted = 0;
    int me = getpid();
    for (long i = 0; i < n; i++) {
        const struct weft_trace_event* e = &trace_buf[i];
        if ((int)e->pid != me) continue;
        created += e->event == WEFT_EV_CREATE;
        exited += e->event == WEFT_EV_OUT && e->reason == WEFT_WHY_EXIT;
        blocked += e->event == WEFT_EV_OUT && e->reason == WEFT_WHY_BLOCK;
        woken += e->event == WEFT_EV_WAKE;
        preempted += e->event == WEFT_EV_OUT && e->reason == WEFT_WHY_PREEMPT;
    }
    say("  %ld events: %ld created, %ld exited, %ld blocked, %ld woken, %ld preempted\n", n,
        created, exited, blocked, woken, preempted);
    if (created != 3 || exited != 3)
        return report(name, 0, "%ld threads created and %ld exited, want 3 and 3", created, exited);
    if (blocked == 0 || woken == 0)
        return report(name, 0, "the sleeper's blocks (%ld) and wakeups (%ld) are missing", blocked,
                      woken);
    if (!cooperative && preempted == 0)
        return report(name, 0, "spinning 100 ms, no thread was preempted");
    if (cooperative && preempted != 0)
        return report(name, 0, "%ld preemptions with preempt=off", preempted);
    report(name, 1, " ");
}

/* ---------------------------------------------------------------- main */

struct test {
    const char* group;
    const char* name; /* for a crash report; the test prints its own lines */
    void (*run)(void);
};

static const struct test tests[] = {
    {"basic", "nice_value_round_trips", nice_value_round_trips},
    {"basic", "sched_getcpu_names_an_online_hart", sched_getcpu_names_an_online_hart},
    {"basic", "procinfo_lists_our_threads", procinfo_lists_our_threads},
    {"basic", "procinfo_shows_zombies", procinfo_shows_zombies},
    {"basic", "threads_name_themselves", threads_name_themselves},
    {"basic", "thread_cputime_counts_ticks", thread_cputime_counts_ticks},
    {"preempt", "busy_thread_cannot_starve_another", busy_thread_cannot_starve_another},
    {"preempt", "equal_threads_get_equal_shares", equal_threads_get_equal_shares},
    {"preempt", "trace_is_well_formed", trace_is_well_formed},
    {"coop", "busy_thread_starves_another_without_preemption",
     busy_thread_starves_another_without_preemption},
    {"coop", "trace_is_well_formed", trace_is_well_formed},
    {"mlfq", "mlfq_hogs_sink_and_sleepers_stay_on_top", mlfq_hogs_sink_and_sleepers_stay_on_top},
    {"mlfq", "mlfq_nice_starts_a_thread_lower", mlfq_nice_starts_a_thread_lower},
    {"quantum", "busy_threads_are_switched", busy_threads_are_switched},
    {"latency", "sleeper_latency_among_hogs", sleeper_latency_among_hogs},
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

static const char* const groups[] = {"basic", "preempt", "coop", "mlfq", "quantum", "latency"};

static int wanted(const char* group, int argc, char** argv) {
    if (argc == 1) return strcmp(group, "basic") == 0 || strcmp(group, "preempt") == 0;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], group) == 0) return 1;
    return 0;
}

int main(int argc, char** argv) {
    int kept = 1;
    for (int i = 1; i < argc; i++) { /* -T N: out of argv, into time_scale */
        if (strcmp(argv[i], "-T") == 0 && i + 1 < argc) {
            char* end;
            time_scale = strtol(argv[++i], &end, 10);
            if (*end == '.' && end[1] && end[1] != '0') time_scale++;
            if (time_scale < 1) time_scale = 1;
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    for (int i = 1; i < argc; i++) {
        int known = 0;
        for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
            known |= strcmp(argv[i], groups[g]) == 0;
        if (!known) {
            fprintf(
                stderr,
                "usage: schedtests [-T N] [basic] [preempt] [coop] [mlfq] [quantum] [latency]\n");
            return 2;
        }
        cooperative |= strcmp(argv[i], "coop") == 0;
    }
    struct weft_sysinfo info;
    sysinfo(&info);
    harts = (int)info.harts;

    int failed = 0;
    for (int i = 0; i < NTESTS; i++) {
        if (!wanted(tests[i].group, argc, argv)) continue;
        fflush(stdout);
        int pid = fork();
        if (pid < 0) {
            printf("FAIL %s: fork: %s\n", tests[i].name, strerror(errno));
            failed++;
            continue;
        }
        if (pid == 0) {
            tests[i].run();
            fwrite(said, 1, said_len, stdout);
            fflush(stdout);
            _exit(failures ? 1 : 0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (WIFSIGNALED(status)) {
            printf("FAIL %s: killed by signal %d\n", tests[i].name, WTERMSIG(status));
            failed++;
        } else if (WEXITSTATUS(status) != 0) {
            failed++;
        }
    }
    printf(failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
    return failed ? 1 : 0;
}
