/* rlimittests: resource limits and user ids (docs/abi.md "Resource
 * limits and users", docs/signals.md "Taming a fork bomb").
 *
 *   rlimittests        every test
 *   rlimittests name   only the tests whose names contain "name"
 *
 * The defaults; the rules for lowering and raising; inheritance by fork
 * and exec; RLIMIT_NPROC stopping a fork bomb (EAGAIN), which is then
 * killed as a process group and reaped, giving back every page;
 * RLIMIT_NOFILE (EMFILE); RLIMIT_STACK (a deep recursion dies with
 * SIGSEGV under a small limit and works under the default). Each test
 * runs in a child process of its own (testlib.h).
 */
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <weft_sched.h>

#include "testlib.h"

#define MiB (1024UL * 1024)

static int get(int resource, struct rlimit* rl) {
    return getrlimit(resource, rl);
}
static int set(int resource, rlim_t cur, rlim_t max) {
    struct rlimit rl = {cur, max};
    return setrlimit(resource, &rl);
}

/* Is pid in the process table (alive, or a zombie)? */
static struct weft_procinfo rows[WEFT_PROCINFO_MAX];
static int find_pid(int pid) {
    int n = procinfo(rows, WEFT_PROCINFO_MAX);
    for (int i = 0; i < n; i++)
        if (rows[i].pid == pid) return 1;
    return 0;
}

/* ---------------------------------------------------------------- defaults and rules */

static void getrlimit_defaults(void) {
    struct rlimit rl;
    EXPECT_OK(get(RLIMIT_STACK, &rl));
    EXPECT(rl.rlim_cur == 8 * MiB && rl.rlim_max == RLIM_INFINITY,
           "RLIMIT_STACK %lu/%lu, want 8 MiB/unlimited", rl.rlim_cur, rl.rlim_max);
    EXPECT_OK(get(RLIMIT_NPROC, &rl));
    EXPECT(rl.rlim_cur == RLIM_INFINITY && rl.rlim_max == RLIM_INFINITY,
           "RLIMIT_NPROC %lu/%lu, want unlimited", rl.rlim_cur, rl.rlim_max);
    EXPECT_OK(get(RLIMIT_NOFILE, &rl));
    EXPECT(rl.rlim_cur == 64 && rl.rlim_max == 64, "RLIMIT_NOFILE %lu/%lu, want 64/64", rl.rlim_cur,
           rl.rlim_max);
    EXPECT_ERRNO(get(99, &rl), EINVAL);
    EXPECT_ERRNO(get(RLIMIT_NOFILE, (struct rlimit*)8), EFAULT);
    EXPECT(getuid() == 0 && geteuid() == 0, "uid %d, want 0 (root)", getuid());
}

/* Lowering is always allowed; cur above max is EINVAL; uid 0 may raise
 * max; after setuid(1000) raising max is EPERM (cur up to max is fine)
 * and setuid back is EPERM. */
static int as_user_1000(void* arg) {
    (void)arg;
    if (setuid(1000) < 0) return 10;
    if (getuid() != 1000) return 11;
    if (set(RLIMIT_NPROC, 50, 100) < 0) return 12;
    if (set(RLIMIT_NPROC, 50, 200) == 0 || errno != EPERM) return 13;
    if (set(RLIMIT_NPROC, 100, 100) < 0) /* soft up to hard: allowed */
        return 14;
    if (set(RLIMIT_NPROC, RLIM_INFINITY, RLIM_INFINITY) == 0 || errno != EPERM) return 15;
    if (setuid(0) == 0 || errno != EPERM) return 16;
    if (setuid(1000) < 0) /* one's own id: allowed? Linux says yes */
        return 17;
    return 0;
}
static void setrlimit_lowering_and_raising(void) {
    struct rlimit rl;
    EXPECT_OK(set(RLIMIT_NOFILE, 32, 64));
    EXPECT_OK(get(RLIMIT_NOFILE, &rl));
    EXPECT(rl.rlim_cur == 32 && rl.rlim_max == 64, "after lowering: %lu/%lu", rl.rlim_cur,
           rl.rlim_max);
    EXPECT_OK(set(RLIMIT_NOFILE, 64, 64));
    EXPECT_ERRNO(set(RLIMIT_NOFILE, 65, 64), EINVAL);
    EXPECT_ERRNO(set(99, 1, 1), EINVAL);
    EXPECT_OK(set(RLIMIT_NPROC, 1000, 1000));
    EXPECT_OK(set(RLIMIT_NPROC, 2000, 3000)); /* root may raise max */
    EXPECT_OK(get(RLIMIT_NPROC, &rl));
    EXPECT(rl.rlim_cur == 2000 && rl.rlim_max == 3000, "root raised to %lu/%lu", rl.rlim_cur,
           rl.rlim_max);
    EXPECT_OK(set(RLIMIT_NPROC, RLIM_INFINITY, RLIM_INFINITY));
    int st = status_of(spawn(as_user_1000, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0,
           "as uid 1000: %s (10 setuid, 11 getuid, 12 lowering, 13 raising max not EPERM, 14 "
           "raising cur to max, 15 unlimited not EPERM, 16 setuid(0) not EPERM, 17 setuid(own))",
           status_text(st));
}

/* Limits are inherited by fork and kept across exec. */
static int report_nofile(void* arg) {
    (void)arg;
    struct rlimit rl;
    get(RLIMIT_NOFILE, &rl);
    return (int)rl.rlim_cur;
}
static int exec_report(void* arg) {
    (void)arg;
    char* argv[] = {"rlimittests", "--nofile", NULL};
    execv("/bin/rlimittests", argv);
    return 99;
}
static void limits_inherited_by_fork_and_exec(void) {
    EXPECT_OK(set(RLIMIT_NOFILE, 20, 40));
    int st = status_of(spawn(report_nofile, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 20, "forked child's limit: %s, want 20",
           status_text(st));
    st = status_of(spawn(exec_report, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 20, "after exec: %s, want 20", status_text(st));
}

/* ---------------------------------------------------------------- RLIMIT_NOFILE */

/* With RLIMIT_NOFILE = 8, descriptors 0..7 can be used and the next
 * open/dup/pipe fails with EMFILE. */
static void nofile_limit_gives_emfile(void) {
    EXPECT_OK(set(RLIMIT_NOFILE, 8, 64));
    int opened = 0;
    for (int i = 0; i < 64; i++) {
        int fd = dup(0);
        if (fd < 0) {
            EXPECT(errno == EMFILE, "dup failed with %s, want EMFILE", strerror(errno));
            break;
        }
        EXPECT(fd < 8, "dup gave fd %d beyond the limit of 8", fd);
        opened++;
    }
    int in_use = 0;
    for (int fd = 0; fd < 8; fd++) {
        struct stat st;
        if (fstat(fd, &st) == 0) in_use++;
    }
    EXPECT(in_use == 8, "%d descriptors in use at the limit, want 8 (opened %d)", in_use, opened);
    EXPECT_ERRNO(open("/", 0), EMFILE);
    int p[2];
    EXPECT_ERRNO(pipe(p), EMFILE);
    EXPECT_OK(close(7));
    EXPECT(dup(0) == 7, "after a close the freed descriptor is usable again");
}

/* ---------------------------------------------------------------- RLIMIT_STACK */

/* Recurse depth times with a 1 KiB frame; the stack grows on demand. */
static int __attribute__((noinline)) recurse(int depth) {
    volatile char frame[1024];
    frame[0] = (char)depth;
    frame[sizeof frame - 1] = (char)depth;
    if (depth == 0) return frame[0];
    return recurse(depth - 1) + frame[sizeof frame - 1] - (char)depth;
}
static int recurse_1mib(void* arg) {
    rlim_t limit = (rlim_t)(unsigned long)arg;
    if (limit && set(RLIMIT_STACK, limit, RLIM_INFINITY) < 0) return 2;
    return recurse(1024) == 0 ? 0 : 3; /* about 1 MiB of stack */
}
static void stack_limit_stops_deep_recursion(void) {
    int st = status_of(spawn(recurse_1mib, (void*)(unsigned long)(128 * 1024)));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
           "1 MiB of recursion under a 128 KiB stack limit: %s, want SIGSEGV", status_text(st));
    st = status_of(spawn(recurse_1mib, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0,
           "1 MiB of recursion under the default 8 MiB limit: %s, want exit 0", status_text(st));
    st = status_of(spawn(recurse_1mib, (void*)(unsigned long)(4 * MiB)));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0,
           "1 MiB of recursion under a 4 MiB limit: %s, want exit 0", status_text(st));
}

/* ---------------------------------------------------------------- the fork bomb */

/* The bomb reports through a pipe: 'P' with a new bomb process's pid
 * (written by its parent right after fork, and by the leader for
 * itself) and 'E' with errno when a process's fork fails (written by
 * that process, which then waits to be killed). The bomb has settled
 * when every announced pid has failed and every failed pid was
 * announced: a process that forked a child announced it before it
 * could fail itself. */
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

/* Fork until fork fails; every child does the same. (Bounded, in case
 * no limit ever stops it: 1000 forks per process.) */
static void bomber(void) {
    for (int i = 0; i < 1000; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            i = -1; /* a new bomber: start counting afresh */
            continue;
        }
        if (pid < 0) {
            announce('E', getpid(), errno);
            break;
        }
        announce('P', pid, 0);
    }
    for (;;)
        pause(); /* hold the slot until killed */
}

/* The bomb's leader: a new user (1000) so only the bomb counts against
 * its RLIMIT_NPROC, a new process group so one kill ends it. */
static int bomb_leader(void* arg) {
    rlim_t limit = (rlim_t)(unsigned long)arg;
    setpgid(0, 0);
    if (setuid(1000) < 0 || set(RLIMIT_NPROC, limit, limit) < 0) return 2;
    announce('P', getpid(), 0);
    bomber();
    return 0;
}

static int trivial_child(void* arg) {
    (void)arg;
    return 7;
}

/* RLIMIT_NPROC = 8 for uid 1000: a fork bomb of that user gets at most 8
 * processes, every further fork fails with EAGAIN; meanwhile root can
 * still fork; kill(-pgid, SIGKILL) ends the bomb, init reaps the
 * orphans, and the free-page count comes back. */
static pid_t bomb_group;
static void fork_bomb_checks(void);
static void fork_bomb_stopped_by_nproc_limit(void) {
    fork_bomb_checks();
    /* However the checks ended: the bomb (its own process group, so the
     * test runner's clean-up would miss it) must not outlive the test. */
    if (bomb_group > 0) kill(-bomb_group, SIGKILL);
}
static void fork_bomb_checks(void) {
    enum { LIMIT = 8 };
    struct weft_sysinfo before, after;
    /* Touch first what the test uses later (the procinfo buffer, the
     * stack of a fork): pages this process gains are not a leak. */
    find_pid(1);
    status_of(spawn(trivial_child, NULL));
    EXPECT_OK(sysinfo(&before));
    int p[2];
    EXPECT_OK(pipe(p));
    report_fd = p[1];
    pid_t leader = spawn(bomb_leader, (void*)(unsigned long)LIMIT);
    setpgid(leader, leader);
    bomb_group = leader;
    close(p[1]);
    int pids[64], failed_pids[64], npids = 0, errors = 0, wrong_errno = 0;
    for (;;) { /* a bomb that never settles: the harness's timeout */
        int settled = npids > 0 && errors == npids;
        for (int i = 0; settled && i < errors; i++) {
            int known = 0;
            for (int j = 0; j < npids; j++)
                known |= pids[j] == failed_pids[i];
            settled = known;
        }
        if (settled) break;
        struct Record r;
        ssize_t n = read(p[0], &r, sizeof r);
        EXPECT(n == sizeof r, "report pipe: read %ld", (long)n);
        if (r.kind == 'P') {
            EXPECT(npids < 64, "more than 64 bomb processes");
            pids[npids++] = r.pid;
        } else {
            EXPECT(errors < 64, "more than 64 failures");
            failed_pids[errors++] = r.pid;
            if (r.err != EAGAIN) wrong_errno = r.err;
        }
    }
    EXPECT(npids <= LIMIT, "%d bomb processes under RLIMIT_NPROC %d", npids, LIMIT);
    EXPECT(wrong_errno == 0, "fork failed with %s, want EAGAIN", strerror(wrong_errno));
    EXPECT(npids >= LIMIT - 1, "only %d bomb processes under RLIMIT_NPROC %d", npids, LIMIT);

    /* The system is still usable: root can fork. */
    int st = status_of(spawn(trivial_child, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 7, "a fork during the bomb: %s", status_text(st));

    EXPECT_OK(kill(-leader, SIGKILL));
    st = status_of(leader);
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the leader: %s", status_text(st));
    /* Every write end is closed once every bomb process is dead. */
    struct Record r;
    EXPECT(read(p[0], &r, sizeof r) == 0, "a bomb process survived (the pipe is still open)");
    close(p[0]);
    /* And init reaps the orphans. */
    for (int i = 0; i < npids; i++) /* never reaped: the harness's timeout */
        while (find_pid(pids[i]))
            sleep_ms(10);
    /* Pages may come back a little after the last reap (a dying thread's
       stack); a leak never does: give up after a while, and say so. */
    long deadline = now_ms() + scaled_ms(3000);
    do {
        EXPECT_OK(sysinfo(&after));
        if (after.free_pages >= before.free_pages) break;
        sleep_ms(20);
    } while (now_ms() < deadline);
    /* This process was itself forked (copy-on-write): its own first
       writes to a shared page, or a stack page grown now, cost a page
       that is not the bomb's. A bomb process left behind would cost far
       more (page tables, stack, trapframe), so 2 pages of slack still
       catch any leak of the bomb. */
    EXPECT(after.free_pages + 2 >= before.free_pages, "free pages: %lu before the bomb, %lu after",
           before.free_pages, after.free_pages);
}

/* RLIMIT_NPROC counts the calling user's processes: a user at its limit
 * cannot fork, another user (root) can. */
static int fork_at_limit(void* arg) {
    (void)arg;
    if (setuid(1001) < 0 || set(RLIMIT_NPROC, 1, 1) < 0) return 2;
    pid_t pid = fork(); /* this process is the user's one process */
    if (pid == 0) _exit(0);
    if (pid > 0) return 3;
    return errno == EAGAIN ? 0 : 4;
}
static void nproc_counts_the_users_processes(void) {
    int st = status_of(spawn(fork_at_limit, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0,
           "uid 1001 at RLIMIT_NPROC 1: %s (3: fork succeeded, 4: wrong errno)", status_text(st));
}

/* ---------------------------------------------------------------- the list */

static const struct Test tests[] = {
    {"getrlimit_defaults", getrlimit_defaults},
    {"setrlimit_lowering_and_raising", setrlimit_lowering_and_raising},
    {"limits_inherited_by_fork_and_exec", limits_inherited_by_fork_and_exec},
    {"nofile_limit_gives_emfile", nofile_limit_gives_emfile},
    {"stack_limit_stops_deep_recursion", stack_limit_stops_deep_recursion},
    {"nproc_counts_the_users_processes", nproc_counts_the_users_processes},
    {"fork_bomb_stopped_by_nproc_limit", fork_bomb_stopped_by_nproc_limit},
};

int main(int argc, char** argv) {
    if (argc == 2 && strcmp(argv[1], "--nofile") == 0) return report_nofile(NULL);
    return run_tests(tests, NTESTS(tests), argc, argv);
}
