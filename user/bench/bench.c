/* bench: micro-benchmarks of the system-call paths.
 *
 *   bench [-c] [name...]   run the named benchmarks (default: all)
 *
 * Each prints one line
 *   BENCH <name> <iterations> <elapsed> unit=<ticks|cycles> [key=value...]
 * where elapsed is the time over all iterations: clock ticks (uptime,
 * 100 Hz) by default, or with -c cycles of the time CSR (rdtime, 10 MHz:
 * 10 cycles = 1 microsecond; needs the kernel to let user mode read the
 * CSR, scounteren.TM). scripts/bench.py turns the lines into a table
 * (and compares thread_create_join with fork_exit_wait).
 * Times include QEMU's emulation.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <weft.h>

static int use_cycles; /* -c: time CSR instead of clock ticks */

static unsigned long now(void) {
    return use_cycles ? rdtime() : (unsigned long)uptime();
}

static void report(const char* name, long iterations, unsigned long elapsed, const char* extra) {
    printf("BENCH %s %ld %lu unit=%s%s%s\n", name, iterations, elapsed,
           use_cycles ? "cycles" : "ticks", extra[0] ? " " : "", extra);
}

static void die(const char* what) {
    fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* The cheapest round trip into the kernel and back. */
static void bench_getpid(void) {
    const long n = 50000;
    unsigned long t0 = now();
    for (long i = 0; i < n; i++)
        getpid();
    report("getpid", n, now() - t0, "");
}

/* fork a child that exits at once, and wait for it. */
static void bench_fork(void) {
    const long n = 200;
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) _exit(0);
        if (wait(NULL) < 0) die("wait");
    }
    report("fork_exit_wait", n, now() - t0, "");
}

/* fork, exec a program that exits at once (this one, "--exit"), wait. */
static void bench_exec(void) {
    const long n = 50;
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) {
            char* argv[] = {"bench", "--exit", NULL};
            execv("/bin/bench", argv);
            _exit(127);
        }
        int status;
        if (wait(&status) < 0) die("wait");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "bench: exec of /bin/bench failed\n");
            exit(1);
        }
    }
    report("fork_exec_wait", n, now() - t0, "");
}

/* Bytes through a pipe from a child to its parent, in 4 KiB writes. */
static void bench_pipe(void) {
    static char buf[4096];
    const long total = 4L << 20;
    int p[2];
    if (pipe(p) < 0) die("pipe");
    unsigned long t0 = now();
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        close(p[0]);
        for (long sent = 0; sent < total; sent += sizeof buf)
            if (write(p[1], buf, sizeof buf) != (ssize_t)sizeof buf) _exit(1);
        _exit(0);
    }
    close(p[1]);
    long got = 0;
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0)
        got += n;
    close(p[0]);
    wait(NULL);
    unsigned long elapsed = now() - t0;
    if (got != total) {
        fprintf(stderr, "bench: pipe moved %ld bytes, want %ld\n", got, total);
        exit(1);
    }
    char extra[32];
    snprintf(extra, sizeof extra, "bytes=%ld", total);
    report("pipe_throughput", total / (long)sizeof buf, elapsed, extra);
}

/* ---------------------------------------------------------------- threads */

static void* return_null(void* arg) {
    (void)arg;
    return NULL;
}

/* pthread_create a thread that returns at once, and join it: to set
 * against fork_exit_wait. */
static void bench_thread(void) {
    const long n = 1000;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        pthread_t t;
        int r = pthread_create(&t, &attr, return_null, NULL);
        if (r != 0) {
            errno = r;
            die("pthread_create");
        }
        pthread_join(t, NULL);
    }
    report("thread_create_join", n, now() - t0, "");
}

/* Two threads take turns: `turn` says whose it is, and the other waits
 * -- yielding with the mutex (the lock is all they share), or asleep on
 * a condition variable. One iteration is a round trip: two hand-overs. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int turn;
    long rounds;
    int use_cond;
} ping = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0};

static void take_turns(int me) {
    for (long i = 0; i < ping.rounds; i++) {
        pthread_mutex_lock(&ping.lock);
        while (ping.turn != me) {
            if (ping.use_cond) {
                pthread_cond_wait(&ping.changed, &ping.lock);
            } else {
                pthread_mutex_unlock(&ping.lock);
                sched_yield();
                pthread_mutex_lock(&ping.lock);
            }
        }
        ping.turn = !me;
        if (ping.use_cond) pthread_cond_signal(&ping.changed);
        pthread_mutex_unlock(&ping.lock);
    }
}

static void* pong(void* arg) {
    (void)arg;
    take_turns(1);
    return NULL;
}

static void ping_pong(const char* name, int use_cond) {
    ping.rounds = 10000;
    ping.turn = 0;
    ping.use_cond = use_cond;
    pthread_t t;
    unsigned long t0 = now();
    if (pthread_create(&t, NULL, pong, NULL) != 0) die("pthread_create");
    take_turns(0);
    pthread_join(t, NULL);
    report(name, ping.rounds, now() - t0, "");
}

static void bench_mutex(void) {
    ping_pong("mutex_ping_pong", 0);
}

static void bench_cond(void) {
    ping_pong("cond_ping_pong", 1);
}

static const struct {
    const char* name;
    void (*fn)(void);
} benches[] = {
    {"getpid", bench_getpid}, {"fork", bench_fork},   {"exec", bench_exec}, {"pipe", bench_pipe},
    {"thread", bench_thread}, {"mutex", bench_mutex}, {"cond", bench_cond},
};

int main(int argc, char** argv) {
    if (argc == 2 && strcmp(argv[1], "--exit") == 0) return 0;
    if (argc > 1 && strcmp(argv[1], "-c") == 0) {
        use_cycles = 1;
        argv++;
        argc--;
    }
    int n = (int)(sizeof benches / sizeof benches[0]);
    for (int i = 0; i < n; i++) {
        int wanted = argc == 1;
        for (int j = 1; j < argc; j++)
            if (strcmp(argv[j], benches[i].name) == 0) wanted = 1;
        if (wanted) benches[i].fn();
    }
    for (int j = 1; j < argc; j++) {
        int known = 0;
        for (int i = 0; i < n; i++)
            known |= strcmp(argv[j], benches[i].name) == 0;
        if (!known) {
            fprintf(stderr, "bench: %s: no such benchmark\n", argv[j]);
            return 1;
        }
    }
    return 0;
}
