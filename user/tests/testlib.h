/* The small harness shared by sigtests, waittests and rlimittests (a
 * header, not a program: only .c files in user/tests/ become programs).
 *
 * Each test is a function that runs in a child process of its own,
 * which leads a process group of its own too: a test that crashes,
 * hangs or leaves children behind is a FAIL line, the runner kills
 * whatever is left of its group, and the next test starts clean. A
 * test reports its first failed check through EXPECT*; it passes if
 * it returns without one.
 *
 *   static void something_works(void) { EXPECT(1 + 1 == 2, "math"); }
 *   static const struct Test tests[] = {{"something_works", something_works}};
 *   int main(int argc, char** argv) { return run_tests(tests, NTESTS(tests), argc, argv); }
 *
 * `prog name` runs only the tests whose names contain name; `prog -T 3`
 * stretches the few time limits left in tests by 3 (see time_scale).
 * run_tests_checking_pages also checks that the free-page count is the
 * same after every test as before (free_pages_restored). Output: one
 * "PASS name" or "FAIL name: why" per test, then "ALL TESTS PASSED" or
 * "SOME TESTS FAILED" (exit status 1).
 */
#ifndef WEFT_TESTLIB_H
#define WEFT_TESTLIB_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <weft.h>

static int failed;
static char why[240];

static void fail_at(int line, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_at(int line, const char* fmt, ...) {
    if (failed) return; /* the first failure explains the test */
    failed = 1;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof why)
        snprintf(why + n, sizeof why - (size_t)n, " (line %d)", line);
}

#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fail_at(__LINE__, __VA_ARGS__);                                                        \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* A POSIX call must fail with -1 and errno e. */
#define EXPECT_ERRNO(expr, e)                                                                      \
    do {                                                                                           \
        errno = 0;                                                                                 \
        long r_ = (long)(expr);                                                                    \
        int err_ = errno;                                                                          \
        if (r_ != -1 || err_ != (e)) {                                                             \
            fail_at(__LINE__, "%s: got %ld, errno %d (%s), want -1 with %s", #expr, r_, err_,      \
                    strerror(err_), #e);                                                           \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* A POSIX call must not fail (-1). */
#define EXPECT_OK(expr)                                                                            \
    do {                                                                                           \
        errno = 0;                                                                                 \
        if ((long)(expr) == -1) {                                                                  \
            fail_at(__LINE__, "%s failed: %s", #expr, strerror(errno));                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* Describe a wait status: "exit 3", "signal 9", "stopped by 19". */
__attribute__((unused)) static const char* status_text(int st) {
    static char text[40];
    if (WIFEXITED(st))
        snprintf(text, sizeof text, "exit %d", WEXITSTATUS(st));
    else if (WIFSTOPPED(st))
        snprintf(text, sizeof text, "stopped by %d", WSTOPSIG(st));
    else
        snprintf(text, sizeof text, "signal %d", WTERMSIG(st));
    return text;
}

/* Fork; the child runs fn(arg) and exits with its result. The child's
 * pid (or -1). stdout is flushed first so nothing is printed twice. */
__attribute__((unused)) static pid_t spawn(int (*fn)(void*), void* arg) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(fn(arg));
    return pid;
}

/* Wait for a specific child; its wait status, or -1. EINTR is retried. */
static int status_of(pid_t pid) {
    int st;
    pid_t got;
    while ((got = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    return got == pid ? st : -1;
}

/* Milliseconds since boot (the time CSR). */
__attribute__((unused)) static long now_ms(void) {
    return (long)(rdtime() / (WEFT_TIME_HZ / 1000));
}

__attribute__((unused)) static void sleep_ms(long ms) {
    usleep(ms * 1000);
}

struct Test {
    const char* name;
    void (*fn)(void);
};
#define NTESTS(t) (int)(sizeof(t) / sizeof((t)[0]))

/* How much slower than usual this machine runs, as the harness measured
 * it (tests/weft.py time_scale, passed as "-T N"); 1 by default. There is
 * no per-test time limit: a test that hangs is caught by the harness's
 * timeout. A test that still has to give up waiting at some point (to
 * report what it saw instead of hanging) multiplies its limit by this. */
static long time_scale = 1;

/* Take "-T N" out of argv (anywhere); N rounded up, at least 1. */
__attribute__((unused)) static void take_time_scale(int* argc, char** argv) {
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "-T") == 0 && i + 1 < *argc) {
            char* end;
            long whole = strtol(argv[++i], &end, 10);
            if (*end == '.' && end[1] && end[1] != '0') whole++; /* round up */
            time_scale = whole > 1 ? whole : 1;
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    *argc = out;
}

/* A time limit of ms, stretched by time_scale. */
__attribute__((unused)) static long scaled_ms(long ms) {
    return ms * time_scale;
}

/* Run one test in a child process (leader of its own group); 1 if it
 * passed. */
static int run_one(const struct Test* t) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        printf("FAIL %s: fork: %s\n", t->name, strerror(errno));
        return 0;
    }
    if (pid == 0) {
        setpgid(0, 0);
        t->fn();
        if (failed)
            printf("FAIL %s: %s\n", t->name, why);
        else
            printf("PASS %s\n", t->name);
        fflush(stdout);
        _exit(failed);
    }
    setpgid(pid, pid); /* also here: whichever runs first */
    int status = status_of(pid);
    if (status == -1) {
        printf("FAIL %s: waitpid: %s\n", t->name, strerror(errno));
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        return 0;
    }
    kill(-pid, SIGKILL); /* anything the test left behind (init reaps it) */
    if (WIFSIGNALED(status)) {
        printf("FAIL %s: test process killed by signal %d\n", t->name, WTERMSIG(status));
        return 0;
    }
    return WEXITSTATUS(status) == 0;
}

/* Run every test (or those whose name contains argv[1]); how many failed.
 * "-T N" anywhere in argv sets time_scale. */
static int run_selected(const struct Test* tests, int n, int argc, char** argv) {
    take_time_scale(&argc, argv);
    const char* only = argc > 1 ? argv[1] : NULL;
    int failures = 0;
    for (int i = 0; i < n; i++) {
        if (only && !strstr(tests[i].name, only)) continue;
        if (!run_one(&tests[i])) failures++;
    }
    return failures;
}

/* The last line of a run; the exit status. */
static int summary(int failures) {
    printf(failures == 0 ? "ALL TESTS PASSED\n" : "SOME TESTS FAILED\n");
    return failures == 0 ? 0 : 1;
}

/* Run every test (or those whose name contains argv[1]); the exit status. */
__attribute__((unused)) static int run_tests(const struct Test* tests, int n, int argc,
                                             char** argv) {
    return summary(run_selected(tests, n, argc, argv));
}

/* The check free_pages_restored: once every test process is reaped, the
 * kernel's free-page count must be what it was before (a difference is a
 * leak: stacks, trapframes, page tables). 1 if it failed, else 0. */
__attribute__((unused)) static int check_free_pages_restored(const struct weft_sysinfo* before) {
    struct weft_sysinfo after;
    while (wait(NULL) > 0) {
    }
    sysinfo(&after);
    if (after.free_pages == before->free_pages) {
        printf("PASS free_pages_restored\n");
        return 0;
    }
    printf("FAIL free_pages_restored: %lu free pages before, %lu after\n", before->free_pages,
           after.free_pages);
    return 1;
}

/* Like run_tests, then check_free_pages_restored. */
__attribute__((unused)) static int run_tests_checking_pages(const struct Test* tests, int n,
                                                            int argc, char** argv) {
    struct weft_sysinfo before;
    sysinfo(&before);
    int failures = run_selected(tests, n, argc, argv);
    failures += check_free_pages_restored(&before);
    return summary(failures);
}

#endif
