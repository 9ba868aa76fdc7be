/* killtests: SIGKILL and fork must not cross (kernel/proc/clone.cpp).
 *
 * A process killed while it forks must not leave a child made after the
 * kill: the kill and fork's publishing of the child both happen under
 * wait_lock, and fork gives way when its caller has a signal pending.
 * Without that, a fork in progress on another hart finishes after the
 * kill returned, and its child -- an orphan nobody meant to keep -- lives
 * on (seen under fuzzing as "a SIGKILLed child's child still alive").
 */
#include <weft_sched.h>

#include "testlib.h"

#define TRIALS 20
#define CHILDREN 24
/* Memory the victim has mapped: the bigger, the longer each of its forks
 * takes (every page's mapping is copied), so a kill lands inside one. */
#define BALLAST (8 << 20)

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];

/* The pids of every process that has a thread now, into pids; how many. */
static int snapshot(int* pids) {
    int n = procinfo(rows, WEFT_PROCINFO_MAX), count = 0;
    for (int i = 0; i < n; i++)
        if (count == 0 || pids[count - 1] != rows[i].pid) pids[count++] = rows[i].pid;
    return count;
}

static int contains(const int* pids, int n, int pid) {
    for (int i = 0; i < n; i++)
        if (pids[i] == pid) return 1;
    return 0;
}

/* The victim forks children (which only wait) as fast as it can; after
 * the first, it tells its parent through started. */
static void fork_children_then_wait(int started) {
    for (int i = 0; i < CHILDREN; i++) {
        pid_t c = fork();
        if (c == 0)
            for (;;)
                pause();
        if (c < 0) break;
        if (i == 0) write(started, "s", 1);
    }
    for (;;)
        pause();
}

static void kill_during_fork_makes_no_late_child(void) {
    static int before[WEFT_PROCINFO_MAX], after[WEFT_PROCINFO_MAX];
    char* ballast = sbrk(BALLAST);
    EXPECT(ballast != (char*)-1, "sbrk: %s", strerror(errno));
    for (long i = 0; i < BALLAST; i += 4096)
        ballast[i] = 1;
    for (int trial = 0; trial < TRIALS; trial++) {
        int started[2];
        EXPECT_OK(pipe(started));
        pid_t victim = fork();
        EXPECT(victim >= 0, "fork: %s", strerror(errno));
        if (victim == 0) {
            setpgid(0, 0);
            close(started[0]);
            fork_children_then_wait(started[1]);
        }
        setpgid(victim, victim); /* its children are in its group: one kill cleans up */
        close(started[1]);
        char c;
        EXPECT(read(started[0], &c, 1) == 1, "the victim did not start forking");
        close(started[0]);
        for (volatile int spin = 0; spin < trial * 2000; spin++)
            ; /* kill it at a different moment of its forking each time */
        EXPECT_OK(kill(victim, SIGKILL));
        int nbefore = snapshot(before); /* nothing of the victim's may appear after this */
        int status;
        EXPECT(waitpid(victim, &status, 0) == victim, "waitpid: %s", strerror(errno));
        EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status %#x", status);
        usleep(20 * 1000); /* a fork that slipped past would publish its child by now */
        int nafter = snapshot(after);
        int late = 0;
        for (int i = 0; i < nafter; i++)
            if (after[i] > victim && !contains(before, nbefore, after[i])) late = after[i];
        kill(-victim, SIGKILL); /* the children made before the kill (init reaps them) */
        EXPECT(late == 0, "trial %d: pid %d appeared after its parent %d was killed", trial, late,
               victim);
    }
}

static const struct Test tests[] = {
    {"kill_during_fork_makes_no_late_child", kill_during_fork_makes_no_late_child},
};

int main(int argc, char** argv) {
    return run_tests(tests, NTESTS(tests), argc, argv);
}
