/* stackoverflow: a recursion that never ends, and the guard page that
 * ends it.
 *
 * 1. A thread on a 64 KiB stack (mmap) with one page below it mapped
 *    PROT_NONE: the guard page. The thread recurses until it touches
 *    the guard; the fault is SIGSEGV, and a thread's fault takes its
 *    whole process down -- the main thread too. (This is what
 *    pthread_create's stacks look like; here the thread is made with
 *    clone() directly, so every step is visible.)
 * 2. The main stack grows on demand up to RLIMIT_STACK (8 MiB by
 *    default); under a 128 KiB limit the same recursion dies the same
 *    way, SIGSEGV, once the stack would pass the limit.
 * Each runs in a child process; the parent reports how it ended.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define STACK_SIZE (64 * 1024)

/* Deeper than any stack here can go (volatile: the compiler must not
 * conclude the recursion is endless, which it is meant to be). */
static volatile int max_depth = 1 << 30;

/* Each call uses about 1 KiB of stack; every 16 calls say how deep.
 * write(), not printf: the thread of part 1 has no TLS of its own. */
static int __attribute__((noinline)) recurse(int depth) {
    volatile char frame[1024];
    frame[0] = (char)depth;
    if (depth % 16 == 0) {
        char line[64];
        int n = snprintf(line, sizeof line, "  depth %4d, sp near %p\n", depth, (void*)frame);
        write(1, line, (size_t)n);
    }
    if (depth >= max_depth) return 0;
    return recurse(depth + 1) + frame[0];
}

static int thread_main(void* arg) {
    (void)arg;
    return recurse(1);
}

/* Part 1, in a child process. */
static int overflow_a_thread_stack(void) {
    char* region =
        mmap(NULL, PAGE + STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) {
        perror("stackoverflow: mmap");
        return 2;
    }
    if (mprotect(region, PAGE, PROT_NONE) < 0) { /* the guard page */
        perror("stackoverflow: mprotect");
        return 2;
    }
    printf("thread stack %p..%p, guard page %p..%p\n", (void*)(region + PAGE),
           (void*)(region + PAGE + STACK_SIZE), (void*)region, (void*)(region + PAGE));
    fflush(stdout);
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
    if (clone(thread_main, region + PAGE + STACK_SIZE, flags, NULL) < 0) {
        perror("stackoverflow: clone");
        return 2;
    }
    for (;;)
        pause(); /* the thread's fault ends this thread too */
    return 0;
}

/* Part 2, in a child process. */
static int overflow_the_main_stack(void) {
    struct rlimit rl = {128 * 1024, RLIM_INFINITY};
    if (setrlimit(RLIMIT_STACK, &rl) < 0) {
        perror("stackoverflow: setrlimit");
        return 2;
    }
    printf("main stack, RLIMIT_STACK = 128 KiB\n");
    fflush(stdout);
    return recurse(1);
}

static void run(const char* what, int (*fn)(void)) {
    printf("stackoverflow: %s\n", what);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(fn());
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        printf("stackoverflow: the child was killed by signal %d (%s)\n\n", WTERMSIG(status),
               strsignal(WTERMSIG(status)));
    else
        printf("stackoverflow: the child exited with status %d\n\n", WEXITSTATUS(status));
}

int main(void) {
    run("1. a thread recurses into its guard page", overflow_a_thread_stack);
    run("2. the main thread recurses past RLIMIT_STACK", overflow_the_main_stack);
    return 0;
}
