/* sabench: the thread-operation table of Anderson et al. (SOSP 1991,
 * Table IV) on Weft, plus the latency of an upcall.
 *
 *   sabench [name...]      names: null_fork signal_wait upcall_latency
 *
 *   null fork     create a thread that does nothing and join it
 *                 (processes: fork a child that exits, wait for it)
 *   signal-wait   one thread signals a condition variable another waits
 *                 on, then waits itself: two threads ping-pong, and one
 *                 "op" is one hand-off (processes: a byte over a pipe)
 *   upcall        a thread blocks in read; the time until the library
 *   latency       runs another user thread on the same VP (sa only)
 *
 * for uthread (many-to-one, <uthread.h>), sa (M:N on activations, one
 * VP as in the paper, <sa.h>), pthread (a kernel thread each) and
 * processes. One line per measurement,
 *
 *   BENCH <op>.<library> <iterations> <ns per op>
 *
 * then a table with each library's time as a multiple of uthread's.
 * scripts/bench.py runs it (`make bench`). Times are QEMU's, measured
 * with the time CSR (10 MHz, 100 ns resolution): compare the columns
 * with each other, not with real hardware. No pass/fail.
 *
 * Each measurement runs in a child process of its own (a process can
 * register for activations once); one that has not finished after 60 s
 * is killed and reported as "-".
 */
#include <pthread.h>
#include <sa.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uthread.h>
#include <weft.h>

enum { UTHREAD, SA, PTHREAD, PROCESS, NLIB };
static const char* const lib_names[NLIB] = {"uthread", "sa", "pthread", "process"};
enum { NULL_FORK, SIGNAL_WAIT, UPCALL_LATENCY, NOP };
static const char* const op_names[NOP] = {"null_fork", "signal_wait", "upcall_latency"};
static const char* const op_titles[NOP] = {"Null fork", "Signal-wait", "Upcall latency"};

static unsigned long ns(unsigned long ticks) {
    return ticks * (1000000000UL / WEFT_TIME_HZ);
}

/* ---------------------------------------------------------------- null fork */

static void* nothing(void* arg) {
    return arg;
}

static unsigned long null_fork(int lib, long n) {
    unsigned long t0 = rdtime();
    for (long i = 0; i < n; i++) {
        switch (lib) {
        case UTHREAD: {
            uthread_t t;
            if (uthread_create(&t, nothing, NULL) || uthread_join(t, NULL)) return 0;
            break;
        }
        case SA: {
            sa_thread_t t;
            if (sa_thread_create(&t, nothing, NULL) || sa_thread_join(t, NULL)) return 0;
            break;
        }
        case PTHREAD: {
            pthread_t t;
            if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL)) return 0;
            break;
        }
        case PROCESS: {
            pid_t pid = fork();
            if (pid < 0) return 0;
            if (pid == 0) _exit(0);
            waitpid(pid, NULL, 0);
            break;
        }
        }
    }
    return rdtime() - t0;
}

/* ---------------------------------------------------------------- signal-wait */
/* turn says whose move it is; each side waits for its turn, passes it
 * on and signals. One op = one hand-off. */
static long rounds;
static volatile int turn;
static uthread_mutex_t um = UTHREAD_MUTEX_INITIALIZER;
static uthread_cond_t uc = UTHREAD_COND_INITIALIZER;
static sa_mutex_t sm = SA_MUTEX_INITIALIZER;
static sa_cond_t sc = SA_COND_INITIALIZER;
static pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pc = PTHREAD_COND_INITIALIZER;

static void* ping_uthread(void* arg) {
    int me = (int)(long)arg;
    for (long i = 0; i < rounds; i++) {
        uthread_mutex_lock(&um);
        while (turn != me)
            uthread_cond_wait(&uc, &um);
        turn = !me;
        uthread_cond_signal(&uc);
        uthread_mutex_unlock(&um);
    }
    return NULL;
}

static void* ping_sa(void* arg) {
    int me = (int)(long)arg;
    for (long i = 0; i < rounds; i++) {
        sa_mutex_lock(&sm);
        while (turn != me)
            sa_cond_wait(&sc, &sm);
        turn = !me;
        sa_cond_signal(&sc);
        sa_mutex_unlock(&sm);
    }
    return NULL;
}

static void* ping_pthread(void* arg) {
    int me = (int)(long)arg;
    for (long i = 0; i < rounds; i++) {
        pthread_mutex_lock(&pm);
        while (turn != me)
            pthread_cond_wait(&pc, &pm);
        turn = !me;
        pthread_cond_signal(&pc);
        pthread_mutex_unlock(&pm);
    }
    return NULL;
}

static unsigned long signal_wait(int lib, long n) {
    rounds = n / 2;
    turn = 0;
    unsigned long t0 = rdtime();
    if (lib == UTHREAD) {
        uthread_t a, b;
        uthread_create(&a, ping_uthread, (void*)0L);
        uthread_create(&b, ping_uthread, (void*)1L);
        uthread_join(a, NULL);
        uthread_join(b, NULL);
    } else if (lib == SA) {
        sa_thread_t a, b;
        sa_thread_create(&a, ping_sa, (void*)0L);
        sa_thread_create(&b, ping_sa, (void*)1L);
        sa_thread_join(a, NULL);
        sa_thread_join(b, NULL);
    } else if (lib == PTHREAD) {
        pthread_t a, b;
        pthread_create(&a, NULL, ping_pthread, (void*)0L);
        pthread_create(&b, NULL, ping_pthread, (void*)1L);
        pthread_join(a, NULL);
        pthread_join(b, NULL);
    } else { /* two processes, a byte each way over two pipes */
        int ab[2], ba[2];
        if (pipe(ab) < 0 || pipe(ba) < 0) return 0;
        char c = 0;
        pid_t pid = fork();
        if (pid == 0) {
            for (long i = 0; i < rounds; i++)
                if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1) _exit(1);
            _exit(0);
        }
        for (long i = 0; i < rounds; i++)
            if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1) return 0;
        waitpid(pid, NULL, 0);
    }
    return rdtime() - t0;
}

/* ---------------------------------------------------------------- upcall latency */
/* The blocker arms round k, notes the time and reads an empty pipe.
 * The watcher, ready on the same (only) VP, yields until round k is
 * armed AND the library has seen one more SA_BLOCKED -- then it is
 * running because of that upcall. It notes the time, and writes the
 * byte that lets the blocker go on. */
static int lat_pipe[2];
static volatile long armed = -1;
static volatile unsigned long block_time, latency_sum;

static unsigned long blocked_events(void) {
    struct sa_stats s;
    sa_get_stats(&s);
    return s.events[SA_BLOCKED];
}

static void* blocker(void* arg) {
    (void)arg;
    char c;
    for (long k = 0; k < rounds; k++) {
        armed = k;
        block_time = rdtime();
        if (read(lat_pipe[0], &c, 1) != 1) return (void*)1L;
    }
    return NULL;
}

static void* watcher(void* arg) {
    (void)arg;
    for (long k = 0; k < rounds; k++) {
        unsigned long seen = blocked_events();
        while (armed != k || blocked_events() == seen)
            sa_thread_yield();
        latency_sum += rdtime() - block_time;
        if (write(lat_pipe[1], "x", 1) != 1) return (void*)1L;
    }
    return NULL;
}

static unsigned long upcall_latency(int lib, long n) {
    if (lib != SA || pipe(lat_pipe) < 0) return 0;
    rounds = n;
    sa_thread_t b, w;
    sa_thread_create(&w, watcher, NULL);
    sa_thread_create(&b, blocker, NULL);
    sa_thread_join(b, NULL);
    sa_thread_join(w, NULL);
    return latency_sum;
}

/* ---------------------------------------------------------------- the runner */

static const long iterations[NOP][NLIB] = {
    /*                uthread    sa   pthread  process */
    [NULL_FORK] = {2000, 2000, 200, 50},
    [SIGNAL_WAIT] = {10000, 10000, 1000, 1000},
    [UPCALL_LATENCY] = {0, 200, 0, 0},
};

/* ns per op of every cell, -1: not measured; in shared memory so the
 * child that measured can report to the parent. */
static long* results;

static int measure(int op, int lib) {
    long n = iterations[op][lib];
    if (lib == SA && sa_init(1) != 0) return 1;
    unsigned long ticks = op == NULL_FORK     ? null_fork(lib, n)
                          : op == SIGNAL_WAIT ? signal_wait(lib, n)
                                              : upcall_latency(lib, n);
    if (ticks == 0) return 2;
    results[op * NLIB + lib] = (long)(ns(ticks) / (unsigned long)n);
    return 0;
}

static void run_cell(int op, int lib) {
    if (iterations[op][lib] == 0) return;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(measure(op, lib));
    unsigned long deadline = rdtime() + 60 * WEFT_TIME_HZ;
    int st = 0;
    while (waitpid(pid, &st, WNOHANG) != pid) {
        if (rdtime() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            fprintf(stderr, "sabench: %s.%s did not finish in 60 s\n", op_names[op],
                    lib_names[lib]);
            return;
        }
        usleep(10000);
    }
    long r = results[op * NLIB + lib];
    if (st != 0 || r < 0) {
        fprintf(stderr, "sabench: %s.%s failed (status %d)\n", op_names[op], lib_names[lib], st);
        return;
    }
    printf("BENCH %s.%s %ld %ld\n", op_names[op], lib_names[lib], iterations[op][lib], r);
}

static void table(void) {
    printf("\n%-16s", "operation (ns)");
    for (int lib = 0; lib < NLIB; lib++)
        printf("%12s", lib_names[lib]);
    printf("\n");
    for (int op = 0; op < NOP; op++) {
        printf("%-16s", op_titles[op]);
        for (int lib = 0; lib < NLIB; lib++) {
            long r = results[op * NLIB + lib];
            if (r < 0)
                printf("%12s", "-");
            else
                printf("%12ld", r);
        }
        printf("\n%-16s", "  x uthread");
        long base = results[op * NLIB + UTHREAD];
        for (int lib = 0; lib < NLIB; lib++) {
            long r = results[op * NLIB + lib];
            if (r < 0 || base <= 0)
                printf("%12s", "-");
            else
                printf("%11.1fx", (double)r / (double)base);
        }
        printf("\n");
    }
}

int main(int argc, char** argv) {
    results = mmap(NULL, sizeof(long) * NOP * NLIB, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (results == MAP_FAILED) {
        perror("sabench: mmap");
        return 1;
    }
    for (int i = 0; i < NOP * NLIB; i++)
        results[i] = -1;
    for (int op = 0; op < NOP; op++) {
        int wanted = argc < 2;
        for (int j = 1; j < argc; j++)
            wanted |= strcmp(argv[j], op_names[op]) == 0;
        if (!wanted) continue;
        for (int lib = 0; lib < NLIB; lib++)
            run_cell(op, lib);
    }
    table();
    return 0;
}
