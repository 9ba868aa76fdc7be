/* serverdemo: the lecture's question "a multi-threaded or a
 * multi-process server?", answered by running both.
 *
 * One request loop, serve(), reads requests from a pipe (each names a
 * file), reads that file and answers on a second pipe with its length
 * and a checksum (the sum of its bytes). The same loop runs
 *   - in a thread pool: WORKERS threads of one server process, and
 *   - in a process pool: WORKERS forked processes.
 * Part 1 measures requests per second for each (printed, not a claim:
 * it depends on the machine and the number of harts; here a request
 * reads a whole program file, which costs far more than a switch
 * between threads or processes, so expect the two to be close). Part 2 sends one
 * request that crashes its worker (a NULL pointer write) among normal
 * ones. Threads share one address space, so the kernel kills the whole
 * threaded server (it runs in a child of this program, which survives
 * to report it); the process server loses one worker, and the others
 * serve the rest. That is the price of sharing: cheaper to start and to
 * talk to, but one bad request takes everyone down.
 * (The kernel's console line "killed by signal 11" is expected.)
 *
 *   serverdemo [requests]    part 1's requests per server, default 200
 * Exits 0 if every normal answer was right, the crash killed the
 * threaded server and the process server answered all the rest.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORKERS 4
#define BATCH 32 /* requests in flight: 32 records fit in a pipe */
#define CRASH_NAME "CRASH"

/* Records of 64 bytes: the pipe holds 4096, so a 64-byte write or read
 * always moves one whole record even with several readers. */
struct request {
    int id;
    char path[60];
};
struct response {
    int id;
    int pid;     /* which process answered */
    long length; /* bytes, or -errno */
    unsigned long checksum;
    char pad[40];
};
_Static_assert(sizeof(struct request) == 64 && sizeof(struct response) == 64, "record size");

static const char* files[] = {"/bin/cat", "/bin/ls", "/bin/wc", "/bin/sh", "/bin/nosuchfile"};
#define NFILES ((int)(sizeof files / sizeof files[0]))

static long sum_file(const char* path, unsigned long* checksum) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -errno;
    unsigned char buf[512];
    long length = 0, n;
    *checksum = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (long i = 0; i < n; i++)
            *checksum += buf[i];
        length += n;
    }
    close(fd);
    return length;
}

struct pipes {
    int req, resp; /* read end of requests, write end of responses */
};

/* The request loop, the same in a thread and in a process. */
static void serve(const struct pipes* p) {
    struct request rq;
    while (read(p->req, &rq, sizeof rq) == (long)sizeof rq) {
        if (strcmp(rq.path, CRASH_NAME) == 0) *(volatile int*)0 = 1; /* the bad request */
        struct response rs = {.id = rq.id, .pid = getpid()};
        rs.length = sum_file(rq.path, &rs.checksum);
        write(p->resp, &rs, sizeof rs);
    }
}

static void* serve_thread(void* arg) {
    serve(arg);
    return NULL;
}

enum pool { THREADS, PROCESSES };

/* The server: its own process either way, so a crash ends it, not us. */
static void run_server(enum pool pool, struct pipes p) {
    if (pool == THREADS) {
        pthread_t t[WORKERS];
        for (int i = 0; i < WORKERS; i++)
            pthread_create(&t[i], NULL, serve_thread, &p);
        for (int i = 0; i < WORKERS; i++)
            pthread_join(t[i], NULL);
        _exit(0);
    }
    for (int i = 0; i < WORKERS; i++) {
        if (fork() == 0) {
            serve(&p);
            _exit(0);
        }
    }
    close(p.req);
    close(p.resp);
    int status, lost = 0;
    pid_t pid;
    while ((pid = wait(&status)) > 0) {
        if (WIFSIGNALED(status)) {
            lost++;
            printf("  process server: worker %d died of signal %d; %d workers go on\n", pid,
                   WTERMSIG(status), WORKERS - lost);
            fflush(stdout);
        }
    }
    _exit(0);
}

struct server {
    pid_t pid;
    int req, resp; /* our ends: write requests, read responses */
};

static struct server start(enum pool pool) {
    int req[2], resp[2];
    if (pipe(req) < 0 || pipe(resp) < 0) {
        perror("serverdemo: pipe");
        exit(1);
    }
    fflush(stdout);
    struct server s = {.pid = fork(), .req = req[1], .resp = resp[0]};
    if (s.pid < 0) {
        perror("serverdemo: fork");
        exit(1);
    }
    if (s.pid == 0) {
        close(req[1]);
        close(resp[0]);
        run_server(pool, (struct pipes){.req = req[0], .resp = resp[1]});
    }
    close(req[0]);
    close(resp[1]);
    return s;
}

static long expect_length[NFILES];
static unsigned long expect_sum[NFILES];

/* Sends n requests (file i % NFILES for request i; `crash_at` >= 0
 * makes that one the crashing request) in batches and reads the
 * answers; returns how many normal requests were answered correctly.
 * A reply that is wrong counts in *wrong. */
static int exchange(struct server* s, int n, int crash_at, int* wrong) {
    int right = 0;
    for (int first = 0; first < n; first += BATCH) {
        int last = first + BATCH < n ? first + BATCH : n, sent = 0;
        for (int i = first; i < last; i++) {
            struct request rq = {.id = i};
            strcpy(rq.path, i == crash_at ? CRASH_NAME : files[i % NFILES]);
            if (write(s->req, &rq, sizeof rq) != (long)sizeof rq) break;
            sent++;
        }
        for (int k = 0; k < sent - (crash_at >= first && crash_at < last); k++) {
            struct response rs;
            if (read(s->resp, &rs, sizeof rs) != (long)sizeof rs) return right; /* server gone */
            int f = rs.id % NFILES;
            if (rs.id != crash_at && rs.length == expect_length[f] &&
                (rs.length < 0 || rs.checksum == expect_sum[f]))
                right++;
            else
                (*wrong)++;
        }
    }
    return right;
}

/* Ends the server (end of file on its request pipe) and reaps it. */
static int stop(struct server* s) {
    close(s->req);
    close(s->resp);
    int status = 0;
    waitpid(s->pid, &status, 0);
    return status;
}

static const char* pool_name[] = {"thread pool", "process pool"};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    if (argc > 2 || n < 1 || n > 100000) {
        fprintf(stderr, "usage: serverdemo [requests 1..100000]\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN); /* a dead server: EPIPE, not death */
    for (int f = 0; f < NFILES; f++)
        expect_length[f] = sum_file(files[f], &expect_sum[f]);
    int ok = 1;

    printf("serverdemo: %d workers; each request names a file, the answer is its length and "
           "checksum\n",
           WORKERS);
    printf("part 1: %d requests to each server\n", n);
    for (enum pool pool = THREADS; pool <= PROCESSES; pool++) {
        struct server s = start(pool);
        int wrong = 0;
        double t0 = now();
        int right = exchange(&s, n, -1, &wrong);
        double t1 = now();
        int status = stop(&s);
        printf("  %s: %d of %d answered correctly, %d wrong, %.0f requests/s\n", pool_name[pool],
               right, n, wrong, right / (t1 - t0 > 0 ? t1 - t0 : 1e-9));
        ok &= right == n && wrong == 0 && WIFEXITED(status);
    }

    const int normal = 2 * BATCH - 2, crash_at = BATCH / 2;
    printf("part 2: %d requests, number %d of which crashes its worker\n", normal + 1, crash_at);
    for (enum pool pool = THREADS; pool <= PROCESSES; pool++) {
        printf("  %s:\n", pool_name[pool]);
        struct server s = start(pool);
        int wrong = 0;
        int right = exchange(&s, normal + 1, crash_at, &wrong);
        int status = stop(&s);
        printf("  %s: %d of %d normal requests answered correctly, %d wrong\n", pool_name[pool],
               right, normal, wrong);
        if (WIFSIGNALED(status))
            printf("  %s: the whole %s server died of %s\n", pool_name[pool],
                   pool == THREADS ? "threaded" : "process",
                   WTERMSIG(status) == SIGSEGV ? "SIGSEGV" : "a signal");
        else
            printf("  %s: the server survived and served the rest\n", pool_name[pool]);
        ok &= wrong == 0;
        if (pool == THREADS)
            ok &= WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
        else
            ok &= right == normal && WIFEXITED(status);
    }
    printf("serverdemo: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
