/* forkbomb: every process forks as fast as it can, and so does every
 * child -- and what stops it.
 *
 *   forkbomb              under the shell's limits (see: ulimit -u)
 *   ulimit -u 20; forkbomb   the same with RLIMIT_NPROC = 20
 *   forkbomb -f &         the real thing: forks forever, no safety net;
 *                         stop it with the shell's kill -9 %1 (or ^C
 *                         when it runs in the foreground)
 *   forkbomb -s           print the processes and free pages now (to see
 *                         that a killed bomb gave everything back)
 *
 * The classic `while (1) fork();` doubles the number of processes at
 * every step. Without a limit, Weft's fixed process table (NPROC = 64)
 * fills up and fork fails with EAGAIN; with RLIMIT_NPROC the user's
 * count (processes and threads of this user) stops it earlier, leaving
 * room for everybody else. Either way, the machine stays usable.
 *
 * A safety net, so the demo cleans up after itself: the bomb runs in a
 * process group of its own; each bomb process stops forking at its
 * first failure and reports to this program through a pipe; once every
 * one of them has failed, this program kills the whole group with one
 * kill(-pgid, SIGKILL), and init reaps the orphans.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <weft.h>
#include <weft_sched.h>

#define MAXBOMB 128

/* 'B': a new bomb process (written by its parent right after fork);
 * 'E': a bomb process's fork failed with err (written by itself). */
struct Record {
    char kind;
    int pid;
    int err;
};
static int report_fd;

static void announce(char kind, int pid, int err) {
    struct Record r = {kind, pid, err};
    write(report_fd, &r, sizeof r);
}

static void bomb(void) {
    for (int i = 0; i < 1000; i++) { /* bounded, in case nothing stops it */
        pid_t pid = fork();
        if (pid == 0) {
            i = -1;
            continue; /* the child bombs too */
        }
        if (pid < 0) {
            announce('E', getpid(), errno);
            break;
        }
        announce('B', pid, 0);
    }
    for (;;)
        pause(); /* keep the slot until killed */
}

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];
static int alive(int pid) {
    int n = procinfo(rows, WEFT_PROCINFO_MAX);
    for (int i = 0; i < n; i++)
        if (rows[i].pid == pid) return 1;
    return 0;
}

static long now_ms(void) {
    return (long)(rdtime() / (WEFT_TIME_HZ / 1000));
}

/* forkbomb -f: `while (1) fork();` and nothing else. A failed fork is
 * tried again at once, so every slot a dying process frees is taken
 * again: only a kill of the whole process group that no fork can slip
 * past ends it (docs/signals.md, "Taming a fork bomb"). */
static void bomb_forever(void) {
    printf("forkbomb: forking forever in process group %d\n", getpgrp());
    fflush(stdout);
    for (;;)
        fork();
}

static int print_state(void) {
    struct weft_sysinfo info;
    if (sysinfo(&info) < 0) {
        perror("forkbomb: sysinfo");
        return 1;
    }
    printf("forkbomb: %lu processes, %lu free pages\n", info.processes, info.free_pages);
    return 0;
}

int main(int argc, char** argv) {
    if (argc == 2 && strcmp(argv[1], "-f") == 0) bomb_forever();
    if (argc == 2 && strcmp(argv[1], "-s") == 0) return print_state();
    if (argc != 1) {
        fprintf(stderr, "usage: forkbomb [-f | -s]\n");
        return 2;
    }
    struct rlimit rl;
    getrlimit(RLIMIT_NPROC, &rl);
    if (rl.rlim_cur == RLIM_INFINITY)
        printf("forkbomb: RLIMIT_NPROC is unlimited: only the kernel's tables will stop it\n");
    else
        printf("forkbomb: RLIMIT_NPROC is %lu (processes and threads of user %d)\n", rl.rlim_cur,
               getuid());
    struct weft_sysinfo before, after;
    /* Warm up first, so that pages this program itself gains on the way
     * (its procinfo buffer, copy-on-write copies after a fork) do not
     * look like a leak. */
    alive(1);
    fflush(stdout);
    pid_t warm = fork();
    if (warm == 0) _exit(0);
    waitpid(warm, NULL, 0);
    sysinfo(&before);
    printf("forkbomb: %lu processes before the bomb\n", before.processes);

    int p[2];
    if (pipe(p) < 0) {
        perror("forkbomb: pipe");
        return 1;
    }
    report_fd = p[1];
    fflush(stdout);
    pid_t leader = fork();
    if (leader < 0) {
        perror("forkbomb: fork");
        return 1;
    }
    if (leader == 0) {
        setpgid(0, 0);
        bomb();
    }
    setpgid(leader, leader);
    close(p[1]);

    /* Until every bomb process has failed once (see rlimittests.c for
     * why this test is exact). */
    int pids[MAXBOMB], failed[MAXBOMB], npids = 1, nfailed = 0, peak = 0;
    int errors[128] = {0}; /* how many forks failed with each errno */
    pids[0] = leader;
    long deadline = now_ms() + 20000;
    for (;;) {
        int settled = nfailed == npids;
        for (int i = 0; settled && i < nfailed; i++) {
            int known = 0;
            for (int j = 0; j < npids; j++)
                known |= pids[j] == failed[i];
            settled = known;
        }
        if (settled || now_ms() > deadline) break;
        struct Record r;
        if (read(p[0], &r, sizeof r) != sizeof r) break;
        if (r.kind == 'B' && npids < MAXBOMB)
            pids[npids++] = r.pid;
        else if (r.kind == 'E' && nfailed < MAXBOMB)
            failed[nfailed++] = r.pid, errors[r.err & 127]++;
    }
    struct weft_sysinfo during;
    sysinfo(&during);
    peak = (int)during.processes;
    printf("forkbomb: %d bomb processes, then fork failed:", npids);
    for (int e = 0; e < 128; e++)
        if (errors[e]) printf(" %d x %s%s", errors[e], e == EAGAIN ? "EAGAIN " : "", strerror(e));
    printf("\n");
    printf("forkbomb: %d processes in the system at the peak\n", peak);

    printf("forkbomb: kill(-%d, SIGKILL): the whole process group at once\n", leader);
    kill(-leader, SIGKILL);
    waitpid(leader, NULL, 0);
    struct Record r;
    while (read(p[0], &r, sizeof r) > 0) /* EOF: every bomb process is dead */
        ;
    close(p[0]);
    int left = 0;
    deadline = now_ms() + 5000;
    for (int i = 0; i < npids; i++)
        while (alive(pids[i]) && now_ms() < deadline)
            usleep(10 * 1000);
    for (int i = 0; i < npids; i++)
        left += alive(pids[i]);
    deadline = now_ms() + 2000;
    do {
        sysinfo(&after);
    } while (after.free_pages != before.free_pages && now_ms() < deadline && usleep(10000) == 0);
    printf("forkbomb: %d left after the kill (init reaped the orphans)\n", left);
    printf("forkbomb: free pages: %lu before, %lu after\n", before.free_pages, after.free_pages);
    return left == 0 ? 0 : 1;
}
