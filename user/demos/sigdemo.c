/* sigdemo: handlers belong to the process, masks to the thread.
 *
 * Three threads, A, B and C, beside main. One handler, installed once
 * by main, records which thread it ran on.
 * 1. A signal sent to the process (kill) goes to a thread that does not
 *    block it. While every thread blocks it, it waits, pending; the
 *    moment one thread unblocks it, that thread runs the handler. Move
 *    the unblocked thread and the signals follow it. An action set by
 *    one thread (A ignores the signal) is the action of all.
 * 2. A signal sent to a thread (pthread_kill) reaches that thread only,
 *    though none of them blocks it.
 * 3. A fault is a signal to the thread that caused it, and its default
 *    action ends the process: every thread of it. With a handler, the
 *    handler runs on the faulting thread. (Each fault happens in a child
 *    process, so the demo lives on to report it; the kernel's console
 *    line "killed by signal 11" is expected.)
 * The demo exits 0 when every point showed as described.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NWORKERS 3
static const char* const names[NWORKERS] = {"A", "B", "C"};

static pthread_t workers[NWORKERS];
static volatile pid_t worker_tid[NWORKERS];
static volatile pid_t main_tid;

/* What main asks of the workers: the one that should leave SIGUSR1
 * unblocked (-1: none). Each worker sets its own mask -- a mask belongs
 * to its thread, nobody else can change it -- and acknowledges with the
 * generation it has applied. */
static volatile int taker = -1;
static volatile int generation;
static volatile int applied[NWORKERS];
static volatile int stop;
/* Or a job for one worker to run on its own thread (then cleared). */
static void (*volatile job[NWORKERS])(void);

/* The handler's log: which thread ran it, one entry per signal. Main
 * sends one signal at a time and waits for its entry, so entries are
 * never written by two threads at once. */
#define LOG_MAX 16
static volatile pid_t handled_by[LOG_MAX];
static volatile int handled;

static void record(int sig) {
    (void)sig;
    if (handled < LOG_MAX) handled_by[handled] = gettid();
    handled++;
}

static const char* name_of(pid_t tid) {
    for (int i = 0; i < NWORKERS; i++)
        if (worker_tid[i] == tid) return names[i];
    return tid == main_tid ? "main" : "?";
}

static void set_usr1_blocked(int blocked) {
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &usr1, NULL);
}

static void* worker(void* arg) {
    int me = (int)(long)arg;
    worker_tid[me] = gettid();
    while (!stop) {
        int gen = generation;
        if (applied[me] != gen) {
            set_usr1_blocked(taker != me);
            applied[me] = gen;
        }
        if (job[me]) {
            job[me]();
            job[me] = NULL;
        }
        usleep(2000); /* a signal may cut this short: the loop goes on */
    }
    return NULL;
}

/* Ask the workers for a new taker and wait until each has set its mask. */
static void make_taker(int who) {
    taker = who;
    generation++;
    for (int i = 0; i < NWORKERS; i++)
        while (applied[i] != generation) usleep(1000);
}

/* Run fn on worker w's thread and wait until it has. */
static void run_on(int w, void (*fn)(void)) {
    job[w] = fn;
    while (job[w]) usleep(1000);
}

/* Wait up to ms for the handler to have run `count` times in all. */
static int wait_handled(int count, int ms) {
    for (int waited = 0; handled < count && waited < ms; waited++) usleep(1000);
    return handled >= count;
}

static int pending_usr1(void) {
    sigset_t set;
    sigpending(&set);
    return sigismember(&set, SIGUSR1);
}

/* Send SIGUSR1 to the process n times, one at a time; print who handled
 * each; 1 if every one was handled by worker `expected`. */
static int kill_process(int n, int expected) {
    int all = 1;
    printf("   kill(getpid(), SIGUSR1) x%d: handled by", n);
    for (int i = 0; i < n; i++) {
        int before = handled;
        kill(getpid(), SIGUSR1);
        if (!wait_handled(before + 1, 5000)) {
            printf(" nobody");
            all = 0;
            continue;
        }
        pid_t tid = handled_by[before];
        printf(" %s", name_of(tid));
        all &= tid == worker_tid[expected];
    }
    printf("\n");
    return all;
}

static void ignore_usr1(void) { signal(SIGUSR1, SIG_IGN); }

static int part1_process_signals(void) {
    int ok = 1;
    printf("1. kill() sends SIGUSR1 to the process: a thread that does not block it runs "
           "the one handler\n");
    printf("   main blocks SIGUSR1 and so do A, B and C\n");
    int before = handled;
    kill(getpid(), SIGUSR1);
    usleep(100000);
    int waiting = handled == before && pending_usr1();
    printf("   kill(getpid(), SIGUSR1): handled by nobody after 100 ms; pending: %s\n",
           waiting ? "yes" : "no");
    ok &= waiting;

    make_taker(2);
    ok &= wait_handled(before + 1, 5000) && handled_by[before] == worker_tid[2];
    printf("   C unblocks SIGUSR1: the pending one is handled at once, by %s\n",
           handled > before ? name_of(handled_by[before]) : "nobody");
    ok &= kill_process(3, 2);

    make_taker(1);
    printf("   C blocks it again and B unblocks it\n");
    ok &= kill_process(3, 1);

    /* The action is the process's: A changes it, and B, the thread that
     * does not block the signal, no longer runs the handler. */
    run_on(0, ignore_usr1);
    before = handled;
    kill(getpid(), SIGUSR1);
    usleep(100000);
    int ignored = handled == before && !pending_usr1();
    printf("   A sets SIGUSR1 to SIG_IGN, for the whole process: kill(getpid(), SIGUSR1) is "
           "%s\n", ignored ? "handled by nobody, and not pending: ignored" : "still handled");
    ok &= ignored;
    return ok;
}

static int part2_thread_signals(void) {
    enum { SENT = 3 };
    printf("2. pthread_kill(B, SIGUSR2) x%d: a signal to one thread; no thread blocks "
           "SIGUSR2\n", SENT);
    int before = handled;
    for (int i = 0; i < SENT; i++) {
        pthread_kill(workers[1], SIGUSR2);
        wait_handled(before + i + 1, 5000);
    }
    int count[NWORKERS + 1] = {0}; /* A, B, C, main */
    for (int i = before; i < handled && i < LOG_MAX; i++) {
        int w = 0;
        while (w < NWORKERS && worker_tid[w] != handled_by[i]) w++;
        count[w]++;
    }
    printf("   handled: A %d, B %d, C %d, main %d\n", count[0], count[1], count[2],
           count[3]);
    return count[1] == SENT && handled - before == SENT;
}

/* ---------------------------------------------------------------- part 3, in a child */

static volatile pid_t faulter_tid;

static void* fault_later(void* arg) {
    (void)arg;
    faulter_tid = gettid();
    usleep(50000);
    *(volatile int*)0 = 1; /* a store to page 0, mapped by nobody: SIGSEGV */
    return NULL;
}

static void* outlive(void* arg) {
    printf("   %s: still alive 300 ms later (this should never print)\n", (char*)arg);
    return NULL;
}

static void* sleep_then_outlive(void* arg) {
    usleep(300000);
    return outlive(arg);
}

static void on_segv(int sig) {
    char line[96];
    int n = snprintf(line, sizeof line,
                     "   handler for signal %d runs on thread %s (the faulting one: %s)\n",
                     sig, gettid() == faulter_tid ? "B" : "other",
                     gettid() == faulter_tid ? "yes" : "no");
    write(1, line, n);
    _exit(gettid() == faulter_tid ? 42 : 1); /* returning would fault again */
}

/* A, B and C in a fresh process; B faults. */
static int fault_in_threads(int with_handler) {
    if (with_handler) signal(SIGSEGV, on_segv);
    pthread_t a, b, c;
    pthread_create(&a, NULL, sleep_then_outlive, "A");
    pthread_create(&b, NULL, fault_later, NULL);
    pthread_create(&c, NULL, sleep_then_outlive, "C");
    pthread_join(a, NULL);
    pthread_join(c, NULL);
    outlive("main");
    return 0;
}

static int run_child(int with_handler) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(fault_in_threads(with_handler));
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

static int part3_faults(void) {
    int ok = 1;
    printf("3. a fault is a signal to the faulting thread; its default action ends the "
           "process\n");
    printf("   a child process: B writes through NULL; A, C and main would print in 300 ms\n");
    int status = run_child(0);
    int killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
    if (killed)
        printf("   the child was killed by signal %d (SIGSEGV): A, C and main ended with B\n",
               WTERMSIG(status));
    else
        printf("   the child ended with status %#x, not by SIGSEGV\n", status);
    ok &= killed;

    printf("   the same child with a SIGSEGV handler (it calls _exit(42)):\n");
    status = run_child(1);
    int on_faulter = WIFEXITED(status) && WEXITSTATUS(status) == 42;
    printf("   the child exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    ok &= on_faulter;
    return ok;
}

int main(void) {
    main_tid = gettid();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = record;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    set_usr1_blocked(1); /* workers inherit main's mask: they start blocking it */

    printf("sigdemo: handlers belong to the process, masks to the thread\n");
    printf("main starts threads A, B and C; one handler for SIGUSR1 and SIGUSR2, set by "
           "main, logs the thread it runs on\n");
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&workers[i], NULL, worker, (void*)(long)i);
    make_taker(-1);

    int ok = part1_process_signals();
    ok &= part2_thread_signals();
    stop = 1;
    for (int i = 0; i < NWORKERS; i++) pthread_join(workers[i], NULL);
    ok &= part3_faults();

    printf("lesson: one action per signal for the whole process, one mask per thread; a "
           "fault ends every thread%s\n", ok ? "" : " (NOT shown this run)");
    return ok ? 0 : 1;
}
