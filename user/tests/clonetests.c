/* clonetests: clone's sharing flags seen from both sides, and what a
 * process with several threads does as a whole (docs/threads.md).
 *
 *   clonetests        every test, then free_pages_restored
 *   clonetests name   only the tests whose names contain "name"
 *
 * Most tests make their children with raw clone() on a static stack, so
 * that exactly one flag differs from the previous case; the
 * process-wide tests (fork, exec, exit, faults, the thread limit) use
 * pthreads. Harness and output: testlib.h. Run it from the root
 * directory: it makes /ct-dir for the cwd tests.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/stat.h>

#include "testlib.h"

/* A child task's stack (its top is what clone takes). One child at a
 * time uses it: a test waits for each child before making the next. */
static char child_stack[16 * 1024] __attribute__((aligned(16)));
#define CHILD_STACK_TOP (child_stack + sizeof child_stack)

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

/* Yield until *word == value (another task, sharing our memory, sets
 * it); 0 if it never did. */
static int await_value(volatile int* word, int value) {
    for (long i = 0; i < 100000 && *word != value; i++)
        sched_yield();
    return *word == value;
}

/* A child process made by clone must exit 0 (its checks passed). */
#define EXPECT_CHILD_OK(pid)                                                                       \
    do {                                                                                           \
        pid_t pid_ = (pid);                                                                        \
        EXPECT(pid_ > 0, "clone: %s", strerror(errno));                                            \
        int st_ = status_of(pid_);                                                                 \
        EXPECT(st_ != -1 && WIFEXITED(st_) && WEXITSTATUS(st_) == 0,                               \
               "the child's own checks failed: %s",                                                \
               st_ == -1 ? "not waitable" : status_text(st_));                                     \
    } while (0)

/* ---------------------------------------------------------------- CLONE_VM */

static volatile int shared_var;

/* The child sees the parent's 1, stores 2; sharing memory, it then
 * waits for the parent's answer 3. */
static int store_and_maybe_await_reply(void* shared) {
    if (shared_var != 1) return 10;
    shared_var = 2;
    if (shared && !await_value(&shared_var, 3)) return 11;
    return 0;
}

static void clone_vm_shares_memory(void) {
    shared_var = 1;
    pid_t pid = clone(store_and_maybe_await_reply, CHILD_STACK_TOP, CLONE_VM, (void*)1);
    EXPECT(pid > 0 && await_value(&shared_var, 2), "the child's store did not reach the parent");
    shared_var = 3;
    EXPECT_CHILD_OK(pid);
}

static void clone_without_vm_copies_memory(void) {
    shared_var = 1;
    EXPECT_CHILD_OK(clone(store_and_maybe_await_reply, CHILD_STACK_TOP, 0, NULL));
    EXPECT(shared_var == 1, "a child without CLONE_VM changed our memory (%d)", shared_var);
}

/* ---------------------------------------------------------------- CLONE_FILES */

static int parent_fd;

/* The child opens a descriptor of its own and closes one the parent
 * opened (it has that either way); its exit status is the new one. */
static int close_parents_fd_open_own(void* arg) {
    (void)arg;
    int fd = open("/ct-dir/inside", O_RDONLY);
    if (fd < 0) return 100;
    return close(parent_fd) == 0 ? fd : 101;
}

/* The descriptor the child opened; -1 if the child failed. */
static int run_fd_child(int flags) {
    parent_fd = open("/ct-marker", O_RDONLY);
    if (parent_fd < 0) return -1;
    int st = status_of(clone(close_parents_fd_open_own, CHILD_STACK_TOP, flags, NULL));
    if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) >= 100) return -1;
    return WEXITSTATUS(st);
}

static void clone_files_shares_fd_table(void) {
    struct stat st;
    int childs_fd = run_fd_child(CLONE_FILES);
    EXPECT(childs_fd >= 0, "the child's close or open failed");
    EXPECT_ERRNO(fstat(parent_fd, &st), EBADF); /* closed by the child */
    EXPECT(fstat(childs_fd, &st) == 0, "the child's new fd %d is not in our table", childs_fd);
    close(childs_fd);
}

static void clone_without_files_copies_fd_table(void) {
    struct stat st;
    int childs_fd = run_fd_child(0);
    EXPECT(childs_fd >= 0, "the child's close or open failed");
    EXPECT(fstat(parent_fd, &st) == 0, "a child without CLONE_FILES closed our fd");
    EXPECT_ERRNO(fstat(childs_fd, &st), EBADF); /* opened in the child's table only */
    close(parent_fd);
}

/* ---------------------------------------------------------------- CLONE_FS */

static int chdir_in_child(void* arg) {
    (void)arg;
    struct stat st;
    if (stat("ct-marker", &st) != 0) return 1; /* starts in the parent's cwd, / */
    return chdir("/ct-dir") == 0 ? 0 : 2;
}

static void clone_fs_shares_cwd(void) {
    struct stat st;
    EXPECT_OK(chdir("/"));
    EXPECT_CHILD_OK(clone(chdir_in_child, CHILD_STACK_TOP, CLONE_FS, NULL));
    EXPECT(stat("inside", &st) == 0, "the child's chdir (CLONE_FS) did not move us");
    chdir("/");
}

static void clone_without_fs_copies_cwd(void) {
    struct stat st;
    EXPECT_OK(chdir("/"));
    EXPECT_CHILD_OK(clone(chdir_in_child, CHILD_STACK_TOP, 0, NULL));
    EXPECT(stat("ct-marker", &st) == 0, "a child without CLONE_FS moved our cwd");
}

/* ---------------------------------------------------------------- CLONE_SIGHAND */

static void handler_a(int sig) {
    (void)sig;
}
static void handler_b(int sig) {
    (void)sig;
}

/* The child sees the parent's handler A and installs B. */
static int change_handler(void* arg) {
    (void)arg;
    struct sigaction old;
    if (sigaction(SIGUSR1, NULL, &old) != 0 || old.sa_handler != handler_a) return 1;
    return signal(SIGUSR1, handler_b) == handler_a ? 0 : 2;
}

static void* handler_after_child(int flags) {
    struct sigaction now;
    signal(SIGUSR1, handler_a);
    int st = status_of(clone(change_handler, CHILD_STACK_TOP, flags, NULL));
    if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) return NULL;
    sigaction(SIGUSR1, NULL, &now);
    return (void*)now.sa_handler;
}

static void clone_sighand_shares_handlers(void) {
    void* h = handler_after_child(CLONE_VM | CLONE_SIGHAND);
    EXPECT(h, "the child did not see our handler");
    EXPECT(h == (void*)handler_b, "the child's sigaction (CLONE_SIGHAND) is not ours");
}

static void clone_without_sighand_copies_handlers(void) {
    void* h = handler_after_child(CLONE_VM);
    EXPECT(h, "the child did not see our handler");
    EXPECT(h == (void*)handler_a, "a child without CLONE_SIGHAND changed our handler");
}

/* ---------------------------------------------------------------- CLONE_THREAD */

static volatile int child_pid, child_tid, child_done;
static volatile pid_t cleared_tid; /* CLONE_CHILD_CLEARTID's word */

static int record_identity(void* arg) {
    (void)arg;
    child_pid = getpid();
    child_tid = gettid();
    child_done = 1;
    return 0;
}

/* The same process: getpid is ours, gettid new, and there is no child
 * to wait for; the kernel clears the tid word when the thread is gone. */
static void clone_thread_joins_our_process(void) {
    child_done = 0;
    cleared_tid = -1; /* not 0 until the kernel clears it */
    int tid = clone(record_identity, CHILD_STACK_TOP, THREAD_FLAGS | CLONE_CHILD_CLEARTID, NULL,
                    NULL, NULL, &cleared_tid);
    EXPECT(tid > 0, "clone: %s", strerror(errno));
    EXPECT(await_value(&child_done, 1), "the thread never ran");
    EXPECT(await_value((volatile int*)&cleared_tid, 0), "the tid word was never cleared");
    EXPECT(child_pid == getpid(), "thread's getpid %d, ours %d", child_pid, getpid());
    EXPECT(child_tid == tid && tid != gettid(), "thread's gettid %d, clone said %d, ours %d",
           child_tid, tid, gettid());
    EXPECT_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD); /* a thread is not a child */
}

/* Without CLONE_THREAD (the same sharing otherwise) it is a process of
 * its own: a new pid, and our child, which wait reports. */
static void clone_without_thread_makes_a_process(void) {
    child_done = 0;
    int pid = clone(record_identity, CHILD_STACK_TOP, CLONE_VM | CLONE_SIGHAND, NULL);
    EXPECT(pid > 0, "clone: %s", strerror(errno));
    int st;
    EXPECT(waitpid(-1, &st, 0) == pid, "wait did not report the child");
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %s", status_text(st));
    EXPECT(child_done && child_pid == pid && child_pid != getpid(), "child's getpid %d, clone %d",
           child_pid, pid);
}

/* ---------------------------------------------------------------- invalid combinations */

static int return_zero(void* arg) {
    (void)arg;
    return 0;
}

static void clone_rejects_bad_flags(void) {
    void* top = CHILD_STACK_TOP;
    EXPECT_ERRNO(clone(return_zero, top, CLONE_VM | CLONE_THREAD, NULL), EINVAL); /* no SIGHAND */
    EXPECT_ERRNO(clone(return_zero, top, CLONE_THREAD, NULL), EINVAL);
    EXPECT_ERRNO(clone(return_zero, top, CLONE_SIGHAND, NULL), EINVAL); /* no VM */
    EXPECT_ERRNO(clone(return_zero, top, CLONE_SIGHAND | CLONE_THREAD, NULL), EINVAL);
    /* Weft's own rule: a thread shares its process's fd table and cwd. */
    EXPECT_ERRNO(clone(return_zero, top, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, NULL), EINVAL);
    EXPECT_ERRNO(clone(return_zero, top, THREAD_FLAGS & ~CLONE_FILES, NULL), EINVAL);
    EXPECT_ERRNO(clone(return_zero, top, THREAD_FLAGS & ~CLONE_FS, NULL), EINVAL);
    EXPECT_ERRNO(clone(return_zero, top, (int)0x80000000, NULL), EINVAL); /* unknown bits */
    EXPECT_ERRNO(clone(return_zero, top, 0x00002000, NULL), EINVAL);      /* CLONE_PTRACE */
    EXPECT_ERRNO(clone(return_zero, NULL, 0, NULL), EINVAL);              /* no stack */
    EXPECT_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD);                     /* nothing was made */
}

/* ---------------------------------------------------------------- tid and TLS flags */

static char tls_block[4096] __attribute__((aligned(64)));
static volatile pid_t parent_word, child_word;
static volatile unsigned long child_tp;
static volatile int child_word_seen;

static int record_tp_and_tid_word(void* arg) {
    (void)arg;
    unsigned long tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    child_tp = tp;
    child_word_seen = child_word;
    child_done = 1;
    return 0;
}

static void clone_settid_cleartid_and_settls(void) {
    child_done = 0;
    parent_word = child_word = -1;
    int flags = THREAD_FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
                CLONE_SETTLS;
    int tid = clone(record_tp_and_tid_word, CHILD_STACK_TOP, flags, NULL, &parent_word, tls_block,
                    &child_word);
    EXPECT(tid > 0, "clone: %s", strerror(errno));
    EXPECT(parent_word == tid, "*parent_tid %d before clone returned, want %d", parent_word, tid);
    EXPECT(await_value(&child_done, 1), "the thread never ran");
    EXPECT(child_word_seen == tid, "the thread saw *child_tid %d, want %d", child_word_seen, tid);
    EXPECT(child_tp == (unsigned long)tls_block, "the thread's tp %lx, want %p", child_tp,
           (void*)tls_block);
    EXPECT(await_value((volatile int*)&child_word, 0), "*child_tid not cleared at exit (%d)",
           child_word);
}

/* CLONE_CHILD_SETTID writes into the child's memory: without CLONE_VM
 * that is its copy, and ours stays as it was. */
static int child_word_is_my_tid(void* arg) {
    (void)arg;
    return child_word == gettid() ? 0 : 1;
}

static void child_settid_writes_the_childs_copy(void) {
    child_word = -1;
    EXPECT_CHILD_OK(clone(child_word_is_my_tid, CHILD_STACK_TOP, CLONE_CHILD_SETTID, NULL, NULL,
                          NULL, &child_word));
    EXPECT(child_word == -1, "our word became %d", child_word);
}

/* ---------------------------------------------------------------- a process of several threads */

static pthread_t start(void* (*fn)(void*), void* arg) {
    pthread_t t;
    return pthread_create(&t, NULL, fn, arg) == 0 ? t : NULL;
}

static volatile unsigned long spin_count;
static void* spin_forever(void* arg) {
    (void)arg;
    for (;;)
        spin_count++;
    return NULL;
}

/* In a forked child: the spinner must not be there. */
static int spinner_is_gone(void* arg) {
    (void)arg;
    unsigned long before = spin_count;
    sleep_ticks(5);
    return spin_count == before ? 0 : 1;
}

static void* fork_from_thread(void* arg) {
    (void)arg;
    return (void*)(long)status_of(spawn(spinner_is_gone, NULL));
}

static void fork_copies_only_calling_thread(void) {
    EXPECT(start(spin_forever, NULL), "pthread_create failed");
    int st = status_of(spawn(spinner_is_gone, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the spinner ran in the child (%s)",
           status_text(st));
    unsigned long before = spin_count;
    sleep_ticks(2);
    EXPECT(spin_count != before, "the spinner stopped in the parent");
    /* And from a thread other than main. */
    void* result = NULL;
    pthread_t t = start(fork_from_thread, NULL);
    EXPECT(t && pthread_join(t, &result) == 0, "pthread_create/join failed");
    st = (int)(long)result;
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork from a thread: %s", status_text(st));
}

static void* exec_self(void* arg) {
    (void)arg;
    char* argv[] = {"clonetests", "--exit-42", NULL};
    execv("/bin/clonetests", argv);
    return NULL;
}

static int threads_then_exec(void* arg) {
    (void)arg;
    int fds[2];
    pipe(fds);
    start(spin_forever, NULL);
    start(exec_self, NULL);
    char c;
    read(fds[0], &c, 1); /* blocks for ever: exec must end this thread */
    return 1;
}

static void exec_from_thread_ends_the_others(void) {
    int st = status_of(spawn(threads_then_exec, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 42, "%s, want exit 42", status_text(st));
}

static void* exit_five(void* arg) {
    (void)arg;
    sleep_ticks(2);
    exit(5);
}

static int threads_one_exits(void* arg) {
    (void)arg;
    start(exit_five, NULL);
    start(spin_forever, NULL);
    sleep_ticks(10000); /* ended by the other thread's exit */
    return 1;
}

static void exit_from_any_thread_ends_all(void) {
    long t0 = now_ms();
    int st = status_of(spawn(threads_one_exits, NULL));
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 5, "%s, want exit 5", status_text(st));
    /* Not the 100 s the main thread would sleep (times -T: a slow host). */
    EXPECT(now_ms() - t0 < scaled_ms(10000), "took %ld ms", now_ms() - t0);
}

static int report_fd = -1;
static void* sleep_then_report(void* arg) {
    (void)arg;
    sleep_ticks(5);
    write(report_fd, "alive", 5);
    return NULL;
}

static int main_calls_pthread_exit(void* arg) {
    (void)arg;
    start(sleep_then_report, NULL);
    pthread_exit(NULL); /* the process lives on with the other thread */
}

static void main_thread_exit_leaves_others_running(void) {
    int fds[2];
    EXPECT_OK(pipe(fds));
    report_fd = fds[1];
    int st = status_of(spawn(main_calls_pthread_exit, NULL));
    close(fds[1]);
    char buf[8] = {0};
    EXPECT(read(fds[0], buf, sizeof buf) == 5 && strcmp(buf, "alive") == 0,
           "the other thread did not run on after main's pthread_exit");
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s, want exit 0", status_text(st));
}

static void* fault(void* arg) {
    (void)arg;
    sleep_ticks(2);
    *(volatile int*)0 = 1;
    return NULL;
}

static int thread_faults(void* arg) {
    (void)arg;
    start(fault, NULL);
    sleep_ticks(10000);
    return 1;
}

static int sleep_briefly(void* arg) {
    (void)arg;
    sleep_ticks(20);
    return 0;
}

static void faulting_thread_kills_its_process_only(void) {
    pid_t bystander = spawn(sleep_briefly, NULL);
    int st = status_of(spawn(thread_faults, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "%s, want signal SIGSEGV", status_text(st));
    st = status_of(bystander);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the other process: %s", status_text(st));
}

static sem_t release_all;
static void* wait_for_release(void* arg) {
    (void)arg;
    sem_wait(&release_all);
    return NULL;
}

/* Threads until EAGAIN; every one of them joins, and every slot comes
 * back (a second round gets as many). */
static void thread_limit_gives_eagain(void) {
    static pthread_t threads[256];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
    sem_init(&release_all, 0, 0);
    for (int round = 0; round < 2; round++) {
        int n = 0, r = 0;
        while (n < 256 && (r = pthread_create(&threads[n], &attr, wait_for_release, NULL)) == 0)
            n++;
        EXPECT(r == EAGAIN, "round %d: pthread_create stopped with %d (%s) after %d threads", round,
               r, strerror(r), n);
        EXPECT(n >= 8 && n <= PTHREAD_THREADS_MAX, "round %d: only %d threads", round, n);
        for (int i = 0; i < n; i++)
            sem_post(&release_all);
        for (int i = 0; i < n; i++) {
            r = pthread_join(threads[i], NULL);
            EXPECT(r == 0, "round %d: join %d: %s", round, i, strerror(r));
        }
    }
}

/* The kernel's thread table (kernel/param.h NTHREAD): threads-max, for
 * the whole system, above what any one process may have. */
#define THREADS_MAX 128
#define MAX_FILLERS 8

/* In a child: threads until EAGAIN, report how many (or -errno) on fd,
 * then hold them until release_fd gives EOF. */
static int release_fd, release_write_fd;
static void* wait_for_eof(void* arg) {
    (void)arg;
    char c;
    (void)read(release_fd, &c, 1);
    return NULL;
}
static int fill_thread_table(void* arg) {
    int fd = (int)(long)arg;
    close(release_write_fd); /* or EOF would never come */
    static pthread_t threads[64];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
    int n = 0, r = 0;
    while (n < 64 && (r = pthread_create(&threads[n], &attr, wait_for_eof, NULL)) == 0)
        n++;
    int report = r == EAGAIN ? n : -r;
    if (write(fd, &report, sizeof report) != sizeof report) return 1;
    close(fd);
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
    return 0;
}

/* Several processes together run into threads-max: processes make
 * threads until EAGAIN, one after another, until one gets fewer than the
 * first did (or fork itself says EAGAIN). The kernel then has exactly
 * THREADS_MAX threads, and every slot comes back after. */
static void threads_max_is_system_wide(void) {
    struct weft_sysinfo si;
    EXPECT_OK(sysinfo(&si));
    unsigned long threads_before = si.threads;
    int counts[2], release[2];
    EXPECT_OK(pipe(counts));
    EXPECT_OK(pipe(release));
    release_fd = release[0];
    release_write_fd = release[1];
    pid_t pids[MAX_FILLERS];
    int made[MAX_FILLERS], n = 0, fork_errno = 0;
    while (n < MAX_FILLERS) {
        pid_t pid = spawn(fill_thread_table, (void*)(long)counts[1]);
        if (pid < 0) {
            fork_errno = errno;
            break;
        }
        pids[n] = pid;
        /* One at a time: each fills what is left before the next starts. */
        EXPECT(read(counts[0], &made[n], sizeof made[n]) == sizeof made[n], "filler %d died", n);
        EXPECT(made[n] >= 0, "filler %d: pthread_create failed with %s, want EAGAIN", n,
               strerror(-made[n]));
        if (made[n++] < made[0]) break; /* stopped by the system, not by itself */
    }
    EXPECT_OK(sysinfo(&si));
    unsigned long threads_full = si.threads;
    close(release[1]); /* EOF: every filler thread returns */
    for (int i = 0; i < n; i++) {
        int st = status_of(pids[i]);
        EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "filler %d: %s", i, status_text(st));
    }
    printf("     (%d fillers, the first made %d threads, the last %d; %lu threads in all)\n", n,
           made[0], made[n - 1], threads_full);
    EXPECT(fork_errno == 0 || fork_errno == EAGAIN, "fork: %s, want EAGAIN", strerror(fork_errno));
    EXPECT(n < MAX_FILLERS || made[n - 1] < made[0],
           "%d processes of %d threads each: threads-max never hit", n, made[0]);
    EXPECT(threads_full == THREADS_MAX, "%lu threads when full, want %d", threads_full,
           THREADS_MAX);
    EXPECT_OK(sysinfo(&si));
    EXPECT(si.threads == threads_before, "%lu threads after, %lu before", si.threads,
           threads_before);
}

/* ---------------------------------------------------------------- the runner */

static const struct Test tests[] = {
    {"clone_vm_shares_memory", clone_vm_shares_memory},
    {"clone_without_vm_copies_memory", clone_without_vm_copies_memory},
    {"clone_files_shares_fd_table", clone_files_shares_fd_table},
    {"clone_without_files_copies_fd_table", clone_without_files_copies_fd_table},
    {"clone_fs_shares_cwd", clone_fs_shares_cwd},
    {"clone_without_fs_copies_cwd", clone_without_fs_copies_cwd},
    {"clone_sighand_shares_handlers", clone_sighand_shares_handlers},
    {"clone_without_sighand_copies_handlers", clone_without_sighand_copies_handlers},
    {"clone_thread_joins_our_process", clone_thread_joins_our_process},
    {"clone_without_thread_makes_a_process", clone_without_thread_makes_a_process},
    {"clone_rejects_bad_flags", clone_rejects_bad_flags},
    {"clone_settid_cleartid_and_settls", clone_settid_cleartid_and_settls},
    {"child_settid_writes_the_childs_copy", child_settid_writes_the_childs_copy},
    {"fork_copies_only_calling_thread", fork_copies_only_calling_thread},
    {"exec_from_thread_ends_the_others", exec_from_thread_ends_the_others},
    {"exit_from_any_thread_ends_all", exit_from_any_thread_ends_all},
    {"main_thread_exit_leaves_others_running", main_thread_exit_leaves_others_running},
    {"faulting_thread_kills_its_process_only", faulting_thread_kills_its_process_only},
    {"thread_limit_gives_eagain", thread_limit_gives_eagain},
    {"threads_max_is_system_wide", threads_max_is_system_wide},
};

int main(int argc, char** argv) {
    if (argc == 2 && strcmp(argv[1], "--exit-42") == 0)
        return 42; /* exec_from_thread_ends_the_others */
    mkdir("/ct-dir", 0755);
    close(open("/ct-dir/inside", O_CREAT | O_RDWR, 0644));
    close(open("/ct-marker", O_CREAT | O_RDWR, 0644));
    return run_tests_checking_pages(tests, NTESTS(tests), argc, argv);
}
