/* blockdemo: what happens to the other threads while one blocks in read.
 *
 *   blockdemo [uthread|pthread|sa] [vps]     (no argument: all three)
 *
 * The same workload under three thread libraries: 3 worker threads
 * count as fast as they can, a monitor thread prints their counts every
 * 100 ms, and a reader thread reads from an empty pipe that a child
 * process writes to ~0.5 s later.
 *
 *   uthread  many-to-one (<uthread.h>): the kernel sees ONE thread, and
 *            it is asleep in read -- the workers and the monitor freeze
 *            (no lines for half a second, counts unchanged).
 *   pthread  one kernel thread each (<pthread.h>): the others go on.
 *   sa       M:N on scheduler activations (<sa.h>), 1 virtual processor
 *            unless `vps` says otherwise: the kernel tells the library
 *            that the reader blocked (an upcall on a fresh activation),
 *            and the library runs the others on that same processor.
 *
 * Each thread names itself (prctl PR_SET_NAME: "worker 1", "monitor",
 * "reader", "writer") for ps -T and the trace. The name belongs to the
 * kernel thread, so under uthread and sa it names the one the user
 * thread runs on at that moment: the reader names the kernel thread
 * (the activation, under sa) just before it blocks in read.
 *
 * Each library runs in a child process of its own. With
 * `trace -o /tmp/block.txt blockdemo sa` the kernel's scheduling trace
 * shows the upcalls (scripts/blockdemo.py draws it).
 */
#include <pthread.h>
#include <sa.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uthread.h>
#include <weft.h>

enum { WORKERS = 3, DELAY_MS = 500 };

/* The three libraries behind one small interface. */
struct library {
    const char* name;
    int (*create)(void** t, void* (*fn)(void*), void* arg);
    int (*join)(void* t);
    void (*yield)(void); /* for uthread's cooperative workers; NULL otherwise */
};

static int ut_create(void** t, void* (*fn)(void*), void* arg) {
    return uthread_create((uthread_t*)t, fn, arg);
}
static int ut_join(void* t) {
    return uthread_join(t, NULL);
}
static int pt_create(void** t, void* (*fn)(void*), void* arg) {
    return pthread_create((pthread_t*)t, NULL, fn, arg);
}
static int pt_join(void* t) {
    return pthread_join(t, NULL);
}
static int sa_create(void** t, void* (*fn)(void*), void* arg) {
    return sa_thread_create((sa_thread_t*)t, fn, arg);
}
static int sa_join(void* t) {
    return sa_thread_join(t, NULL);
}

static const struct library libraries[] = {
    {"uthread", ut_create, ut_join, uthread_yield},
    {"pthread", pt_create, pt_join, NULL},
    {"sa", sa_create, sa_join, NULL},
};
static const struct library* lib;

static volatile long counts[WORKERS];
static volatile int stop;
static volatile int reader_blocked; /* 1 while the reader is inside read() */
static int data_pipe[2], go_pipe[2];

static long now_ms(void) {
    return (long)(rdtime() / (WEFT_TIME_HZ / 1000));
}

static void* worker(void* arg) {
    volatile long* c = &counts[(long)arg];
    char name[16];
    snprintf(name, sizeof name, "worker %ld", (long)arg + 1);
    prctl(PR_SET_NAME, name);
    while (!stop) {
        (*c)++;
        if (lib->yield && (*c & 1023) == 0) lib->yield();
    }
    return NULL;
}

static long start_ms;

static void print_counts(const char* note) {
    printf("  %-7s %5ld ms  workers %9ld %9ld %9ld  %s\n", lib->name, now_ms() - start_ms,
           counts[0], counts[1], counts[2], note);
}

static void* monitor(void* arg) {
    (void)arg;
    prctl(PR_SET_NAME, "monitor");
    long next = now_ms() + 100;
    while (!stop) {
        if (now_ms() >= next) {
            print_counts(reader_blocked ? "(reader blocked in read)" : "");
            next = now_ms() + 100;
        }
        if (lib->yield) lib->yield();
    }
    return NULL;
}

static long before_sum, after_sum, blocked_ms;

static void* reader(void* arg) {
    (void)arg;
    long until = now_ms() + 300; /* let everybody get going */
    while (now_ms() < until)
        if (lib->yield) lib->yield();
    char buf[16];
    before_sum = counts[0] + counts[1] + counts[2];
    prctl(PR_SET_NAME, "reader"); /* the kernel thread that is about to block */
    reader_blocked = 1;
    long t0 = now_ms();
    if (write(go_pipe[1], "g", 1) != 1) return NULL; /* the child starts its 0.5 s */
    long n = read(data_pipe[0], buf, sizeof buf);
    blocked_ms = now_ms() - t0;
    reader_blocked = 0;
    after_sum = counts[0] + counts[1] + counts[2];
    print_counts(n > 0 ? "(reader: read returned)" : "(reader: read failed)");
    until = now_ms() + 200;
    while (now_ms() < until)
        if (lib->yield) lib->yield();
    stop = 1;
    return NULL;
}

static int run(const struct library* l, int vps) {
    lib = l;
    if (pipe(data_pipe) < 0 || pipe(go_pipe) < 0) return 1;
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) { /* the writer: 0.5 s after the reader starts to wait */
        prctl(PR_SET_NAME, "writer");
        char c;
        if (read(go_pipe[0], &c, 1) == 1) {
            usleep(DELAY_MS * 1000);
            (void)write(data_pipe[1], "data", 4);
        }
        _exit(0);
    }
    if (strcmp(l->name, "sa") == 0) {
        int rc = sa_init(vps);
        if (rc != 0) {
            printf("  sa: sa_init: %s\n", strerror(rc));
            kill(child, SIGKILL);
            waitpid(child, NULL, 0);
            return 1;
        }
        printf("  sa: %d virtual processor%s\n", sa_concurrency(),
               sa_concurrency() == 1 ? "" : "s");
    }
    start_ms = now_ms();
    void* t[WORKERS + 2];
    for (long i = 0; i < WORKERS; i++)
        l->create(&t[i], worker, (void*)i);
    l->create(&t[WORKERS], monitor, NULL);
    l->create(&t[WORKERS + 1], reader, NULL);
    for (int i = WORKERS + 1; i >= 0; i--)
        l->join(t[i]);
    waitpid(child, NULL, 0);
    printf("  %s: while the reader was blocked for %ld ms the workers counted %ld -> %s\n", l->name,
           blocked_ms, after_sum - before_sum,
           after_sum == before_sum ? "FROZEN (the whole process slept in read)" : "they went on");
    fflush(stdout);
    return 0;
}

int main(int argc, char** argv) {
    int vps = argc > 2 ? atoi(argv[2]) : 1;
    int status = 0;
    for (int i = 0; i < 3; i++) {
        if (argc > 1 && strcmp(argv[1], libraries[i].name) != 0) continue;
        printf("%s:\n", libraries[i].name);
        fflush(stdout);
        pid_t pid = fork(); /* each library in a process of its own */
        if (pid == 0) exit(run(&libraries[i], vps));
        int st;
        waitpid(pid, &st, 0);
        if (st != 0) status = 1;
    }
    return status;
}
