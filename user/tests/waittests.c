/* waittests: waitpid and the process tree (docs/abi.md "waitpid",
 * docs/signals.md).
 *
 *   waittests        every test
 *   waittests name   only the tests whose names contain "name"
 *
 * WNOHANG, the four kinds of pid argument, the status macros, ECHILD,
 * zombies (visible through procinfo until their parent waits) and
 * orphans (adopted and reaped by init). Each test runs in a child
 * process of its own, leading its own process group (testlib.h).
 */
#include <weft_sched.h>

#include "testlib.h"

/* ---------------------------------------------------------------- helpers */

static int exit_with(void* arg) {
    return (int)(long)arg;
}

/* A child that exits with the byte it reads from fd (so the test says
 * when it ends), or 99 if the read fails. */
static int exit_with_byte_read(void* arg) {
    unsigned char c;
    return read((int)(long)arg, &c, 1) == 1 ? c : 99;
}

/* The procinfo row of process pid (its first thread, or its zombie
 * row); 0 if pid is not in the table at all. */
static struct weft_procinfo rows[WEFT_PROCINFO_MAX];
static int find_process(pid_t pid, struct weft_procinfo* out) {
    int n = procinfo(rows, WEFT_PROCINFO_MAX);
    for (int i = 0; i < n; i++) {
        if (rows[i].pid == pid) {
            if (out) *out = rows[i];
            return 1;
        }
    }
    return 0;
}

/* Wait up to ms for pid's row to have state (or, with state 0, for pid
 * to be gone); 1 if it happened. */
static int wait_for_state(pid_t pid, char state, long ms) {
    long deadline = now_ms() + ms;
    for (;;) {
        struct weft_procinfo r;
        int present = find_process(pid, &r);
        if (state == 0 ? !present : (present && r.state == state)) return 1;
        if (now_ms() > deadline) return 0;
        sleep_ms(5);
    }
}

/* ---------------------------------------------------------------- WNOHANG */

/* WNOHANG: 0 while the child runs, its pid once it has exited. */
static void wnohang_returns_zero_while_child_runs(void) {
    int p[2];
    EXPECT_OK(pipe(p));
    pid_t child = spawn(exit_with_byte_read, (void*)(long)p[0]);
    int st = -1;
    EXPECT(waitpid(child, &st, WNOHANG) == 0, "waitpid(child, WNOHANG) on a running child: %d", st);
    EXPECT(waitpid(-1, &st, WNOHANG) == 0, "waitpid(-1, WNOHANG) on a running child");
    EXPECT(write(p[1], "\x03", 1) == 1, "write");
    long deadline = now_ms() + 3000;
    pid_t got;
    while ((got = waitpid(child, &st, WNOHANG)) == 0 && now_ms() < deadline)
        sleep_ms(2);
    EXPECT(got == child, "waitpid WNOHANG after the exit: %d (%s)", got, strerror(errno));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 3, "status %s", status_text(st));
    EXPECT_ERRNO(waitpid(-1, &st, WNOHANG), ECHILD);
}

/* ---------------------------------------------------------------- which child */

/* pid > 0 waits for that child only, even when others have already
 * exited; each child is reported once; pid -1 takes the rest. */
static void waitpid_for_one_child(void) {
    pid_t c[3];
    for (int i = 0; i < 3; i++)
        c[i] = spawn(exit_with, (void*)(long)(10 + i));
    int st;
    EXPECT(waitpid(c[2], &st, 0) == c[2], "waitpid(c2): %s", strerror(errno));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 12, "c2: %s", status_text(st));
    sleep_ms(30); /* c0 and c1 have long exited: they must not be confused with c2 */
    EXPECT_ERRNO(waitpid(c[2], &st, 0), ECHILD); /* reported already */
    EXPECT(waitpid(c[0], &st, 0) == c[0] && WEXITSTATUS(st) == 10, "c0: %s", status_text(st));
    pid_t got = waitpid(-1, &st, 0);
    EXPECT(got == c[1] && WEXITSTATUS(st) == 11, "waitpid(-1): %d %s, want c1 %d", got,
           status_text(st), c[1]);
    EXPECT_ERRNO(waitpid(-1, &st, 0), ECHILD);
}

/* wait() is waitpid(-1, s, 0): every child, in any order, then ECHILD;
 * a NULL status is allowed. */
static void wait_reaps_every_child(void) {
    int seen = 0;
    pid_t c[4];
    for (int i = 0; i < 4; i++)
        c[i] = spawn(exit_with, (void*)(long)i);
    for (int i = 0; i < 4; i++) {
        int st;
        pid_t got = i == 3 ? wait(NULL) : wait(&st);
        for (int j = 0; j < 4; j++)
            if (got == c[j]) {
                EXPECT(i == 3 || WEXITSTATUS(st) == j, "child %d exited %d", j, WEXITSTATUS(st));
                seen |= 1 << j;
            }
    }
    EXPECT(seen == 15, "children reaped: mask %#x, want all four", seen);
    EXPECT_ERRNO(wait(NULL), ECHILD);
}

/* pid 0: children in the caller's group only; pid -g: children in group
 * g only. One child stays in the test's group, one gets a new group. */
static int new_group_then_exit(void* arg) {
    setpgid(0, 0);
    return (int)(long)arg;
}
static void waitpid_by_process_group(void) {
    int p[2];
    EXPECT_OK(pipe(p));
    pid_t other = spawn(new_group_then_exit, (void*)(long)21);
    setpgid(other, other); /* also here, so the group exists at once */
    EXPECT(getpgid(other) == other, "getpgid(child) = %d, want %d", getpgid(other), other);
    EXPECT(getpgid(0) == getpid() && getpgrp() == getpid(), "the test leads its own group");
    pid_t same = spawn(exit_with_byte_read, (void*)(long)p[0]);
    EXPECT(getpgid(same) == getpgrp(), "a child starts in its parent's group");
    sleep_ms(50); /* `other` has exited by now */
    int st;
    EXPECT(waitpid(0, &st, WNOHANG) == 0,
           "waitpid(0, WNOHANG) reported a child of another group, or failed: %s", strerror(errno));
    EXPECT(write(p[1], "\x16", 1) == 1, "write");
    EXPECT(waitpid(0, &st, 0) == same && WEXITSTATUS(st) == 22, "waitpid(0): %s", status_text(st));
    EXPECT_ERRNO(waitpid(0, &st, WNOHANG), ECHILD);
    EXPECT(waitpid(-other, &st, 0) == other && WEXITSTATUS(st) == 21, "waitpid(-pgid): %s",
           status_text(st));
    EXPECT_ERRNO(waitpid(-other, &st, 0), ECHILD);
}

/* setpgid's rules: only the caller or its children; a group must exist
 * in the caller's session (here: an existing group or the pid itself). */
static void setpgid_rules(void) {
    EXPECT_ERRNO(setpgid(1, 1), ESRCH); /* init is not our child */
    EXPECT_ERRNO(setpgid(0, -1), EINVAL);
    EXPECT_ERRNO(getpgid(99999), ESRCH);
    EXPECT(getpgid(0) == getpid(), "getpgid(0) %d", getpgid(0));
}

/* ---------------------------------------------------------------- statuses */

static int killed_by_kill(void* arg) {
    (void)arg;
    kill(getpid(), SIGKILL);
    return 0;
}

/* WIFEXITED/WEXITSTATUS/WIFSIGNALED/WTERMSIG on real statuses; only the
 * low 8 bits of an exit code survive. */
static void status_macros(void) {
    int st = status_of(spawn(exit_with, (void*)3L));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 3 && !WIFSIGNALED(st) && !WIFSTOPPED(st),
           "exit(3) gave %#x", st);
    EXPECT(st == 3 << 8, "exit(3) gave %#x, want 0x300", st);
    st = status_of(spawn(exit_with, (void*)255L));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 255, "exit(255) gave %#x", st);
    st = status_of(spawn(exit_with, (void*)256L));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exit(256) gave %#x", st);
    st = status_of(spawn(killed_by_kill, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL && !WIFEXITED(st), "SIGKILL gave %#x", st);
    EXPECT(st == SIGKILL, "SIGKILL gave %#x, want 9", st);
}

/* ECHILD: no children; a pid that is not a child (the parent, init, a
 * grandchild); EINVAL for unknown options. */
static int fork_grandchild_and_report(void* arg) {
    int fd = (int)(long)arg;
    pid_t g = spawn(exit_with, (void*)0L);
    write(fd, &g, sizeof g);
    sleep_ms(100);
    waitpid(g, NULL, 0);
    return 0;
}
static void echild_and_einval(void) {
    int st;
    EXPECT_ERRNO(waitpid(-1, &st, 0), ECHILD);
    EXPECT_ERRNO(waitpid(-1, &st, WNOHANG), ECHILD);
    EXPECT_ERRNO(waitpid(1, &st, 0), ECHILD);
    EXPECT_ERRNO(waitpid(getppid(), &st, 0), ECHILD);
    EXPECT_ERRNO(waitpid(getpid(), &st, 0), ECHILD);
    int p[2];
    EXPECT_OK(pipe(p));
    pid_t child = spawn(fork_grandchild_and_report, (void*)(long)p[1]);
    pid_t grandchild = 0;
    EXPECT(read(p[0], &grandchild, sizeof grandchild) == sizeof grandchild, "read");
    EXPECT_ERRNO(waitpid(grandchild, &st, 0), ECHILD);
    EXPECT_ERRNO(waitpid(child, &st, 0x100), EINVAL);
    EXPECT(status_of(child) == 0, "child failed");
}

/* ---------------------------------------------------------------- zombies and orphans */

/* A child that has exited stays in the process table as a zombie ('Z')
 * until its parent waits; then it is gone. */
static void zombie_visible_until_reaped(void) {
    pid_t child = spawn(exit_with, (void*)4L);
    EXPECT(wait_for_state(child, 'Z', 3000), "the exited child never showed as a zombie");
    struct weft_procinfo r;
    EXPECT(find_process(child, &r) && r.ppid == getpid() && r.tid == 0,
           "zombie row: ppid %d (want %d), tid %d (want 0)", r.ppid, getpid(), r.tid);
    sleep_ms(50);
    EXPECT(find_process(child, &r) && r.state == 'Z', "the zombie went away without a wait");
    int st;
    EXPECT(waitpid(child, &st, 0) == child && WEXITSTATUS(st) == 4, "waitpid: %s", status_text(st));
    EXPECT(!find_process(child, NULL), "the reaped child is still in the table");
}

/* The middle process of three exits first: its child (an orphan) is
 * adopted by init (getppid() becomes 1, and procinfo says so) and, when
 * it exits, reaped by init. */
struct Orphan {
    int report_fd; /* the orphan writes its pid, then its ppid after adoption */
    int go_fd;     /* it reads one byte here before it looks and exits */
};
static int orphan_main(void* arg) {
    struct Orphan* o = arg;
    pid_t me = getpid();
    write(o->report_fd, &me, sizeof me);
    char c;
    read(o->go_fd, &c, 1);
    pid_t ppid = getppid();
    write(o->report_fd, &ppid, sizeof ppid);
    return 0;
}
static int parent_of_orphan(void* arg) {
    return spawn(orphan_main, arg) > 0 ? 0 : 1; /* and exit at once */
}
static void orphan_adopted_and_reaped_by_init(void) {
    int report[2], go[2];
    EXPECT_OK(pipe(report));
    EXPECT_OK(pipe(go));
    static struct Orphan o;
    o.report_fd = report[1];
    o.go_fd = go[0];
    pid_t middle = spawn(parent_of_orphan, &o);
    pid_t orphan = 0;
    EXPECT(read(report[0], &orphan, sizeof orphan) == sizeof orphan, "read the orphan's pid");
    int st = status_of(middle);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "middle process: %s", status_text(st));
    struct weft_procinfo r;
    long deadline = now_ms() + 2000;
    while (find_process(orphan, &r) && r.ppid != 1 && now_ms() < deadline)
        sleep_ms(5);
    EXPECT(find_process(orphan, &r), "the orphan is gone before it was told to go");
    EXPECT(r.ppid == 1, "procinfo: the orphan's ppid is %d, want 1 (init)", r.ppid);
    EXPECT(write(go[1], "g", 1) == 1, "write");
    pid_t ppid = 0;
    EXPECT(read(report[0], &ppid, sizeof ppid) == sizeof ppid, "read the orphan's ppid");
    EXPECT(ppid == 1, "the orphan's getppid() is %d, want 1 (init)", ppid);
    EXPECT_ERRNO(waitpid(orphan, &st, WNOHANG), ECHILD); /* not ours */
    EXPECT(wait_for_state(orphan, 0, 3000), "init did not reap the orphan (still in the table)");
}

/* ---------------------------------------------------------------- the list */

static const struct Test tests[] = {
    {"wnohang_returns_zero_while_child_runs", wnohang_returns_zero_while_child_runs},
    {"waitpid_for_one_child", waitpid_for_one_child},
    {"wait_reaps_every_child", wait_reaps_every_child},
    {"waitpid_by_process_group", waitpid_by_process_group},
    {"setpgid_rules", setpgid_rules},
    {"status_macros", status_macros},
    {"echild_and_einval", echild_and_einval},
    {"zombie_visible_until_reaped", zombie_visible_until_reaped},
    {"orphan_adopted_and_reaped_by_init", orphan_adopted_and_reaped_by_init},
};

int main(int argc, char** argv) {
    /* For tests/test_signals.py: a foreground job that stops itself. */
    if (argc == 2 && strcmp(argv[1], "--stop-self") == 0) {
        raise(SIGSTOP);
        printf("waittests: continued\n");
        return 0;
    }
    return run_tests(tests, NTESTS(tests), argc, argv);
}
