/* crashdemo: a crash ends its whole process, and nothing more.
 *
 * 1. A process with two threads, one of which dereferences NULL: the
 *    kernel kills the process (SIGSEGV), so the other thread, which
 *    would have printed a line later, is gone too. Threads share one
 *    address space; after a wild store none of them can be trusted.
 * 2. A child process that dereferences NULL: the child dies (SIGSEGV),
 *    and its parent -- this program -- carries on: the child had an
 *    address space of its own.
 * 3. A child process that divides by zero: nothing happens. RISC-V's
 *    integer division never traps (no SIGFPE): 42 / 0 is -1 and
 *    42 % 0 is 42 (docs/traps.md), so the child exits normally.
 * Each crash is its own child of this program, so the demo itself
 * survives both and reports the wait statuses. (The kernel's console
 * line "killed by signal 11" for each crash is expected.)
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void* crash(void* arg) {
    (void)arg;
    usleep(20000);
    printf("  crashing thread: writing through a NULL pointer\n");
    fflush(stdout);
    *(volatile int*)0 = 1;
    return NULL;
}

static void* survive(void* arg) {
    (void)arg;
    usleep(200000);
    printf("  other thread: still alive after the crash (this should never print)\n");
    return NULL;
}

static int two_threads_one_crashes(void) {
    pthread_t a, b;
    pthread_create(&b, NULL, survive, NULL);
    pthread_create(&a, NULL, crash, NULL);
    pthread_join(b, NULL);
    printf("  main thread: still alive after the crash (this should never print)\n");
    return 0;
}

static int a_process_crashes(void) {
    printf("  child process %d: writing through a NULL pointer\n", getpid());
    fflush(stdout);
    *(volatile int*)0 = 1;
    return 0;
}

static int a_process_divides_by_zero(void) {
    volatile int dividend = 42, divisor = 0; /* volatile: computed at run time */
    printf("  child process %d: 42 / 0 = %d, 42 %% 0 = %d (no trap)\n", getpid(),
           dividend / divisor, dividend % divisor);
    return 0;
}

static void run_child(const char* what, int (*fn)(void)) {
    printf("%s\n", what);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(fn());
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        printf("  process %d was killed by signal %d%s\n", pid, WTERMSIG(status),
               WTERMSIG(status) == SIGSEGV ? " (SIGSEGV)" : "");
    else
        printf("  process %d exited with %d\n", pid, WEXITSTATUS(status));
}

int main(void) {
    run_child("1. a thread crashes: its whole process ends", two_threads_one_crashes);
    run_child("2. a child process crashes: its parent lives on", a_process_crashes);
    run_child("3. a child process divides by zero: RISC-V does not trap",
              a_process_divides_by_zero);
    printf("parent %d: still alive after both crashes\n", getpid());
    return 0;
}
