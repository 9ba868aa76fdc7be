/* usertests: the system-call behaviour user programs rely on.
 *
 *   usertests        the full suite
 *   usertests -q     a quick subset (well under a minute in QEMU)
 *   usertests name   only the tests whose names contain "name"
 *
 * Each test runs in its own child process, so a test that crashes is a
 * FAIL line, not the end of the run. Output: "PASS <name>" or
 * "FAIL <name>: <why>" per test, then "ALL TESTS PASSED", or "SOME TESTS
 * FAILED" and exit status 1. The last check, free_pages_restored,
 * compares the kernel's free-page count before and after everything
 * (all children reaped): a difference is a leak.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <weft.h>

#define PGSIZE 4096
#define NOFILE 64 /* open files per process */
#define MAXARG 32 /* exec arguments */

/* ---------------------------------------------------------------- the harness */

static int failed;      /* in a test's process: it has failed */
static char why[256];   /* and why */

static void fail_at(int line, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_at(int line, const char* fmt, ...) {
    if (failed)
        return; /* the first failure explains the test */
    failed = 1;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof why)
        snprintf(why + n, sizeof why - (size_t)n, " (line %d)", line);
}

/* Fail and leave the test function when cond is false. */
#define EXPECT(cond, ...)                   \
    do {                                    \
        if (!(cond)) {                      \
            fail_at(__LINE__, __VA_ARGS__); \
            return;                         \
        }                                   \
    } while (0)

/* expr must fail with -1 and errno e. */
#define EXPECT_ERRNO(expr, e)                                                                  \
    do {                                                                                       \
        errno = 0;                                                                             \
        long r_ = (long)(expr);                                                                \
        int err_ = errno;                                                                      \
        if (r_ != -1 || err_ != (e)) {                                                         \
            fail_at(__LINE__, "%s: got %ld, errno %d (%s), want -1 with %s", #expr, r_, err_, \
                    strerror(err_), #e);                                                       \
            return;                                                                            \
        }                                                                                      \
    } while (0)

/* expr must succeed (not -1). */
#define EXPECT_OK(expr)                                                                        \
    do {                                                                                       \
        errno = 0;                                                                             \
        if ((long)(expr) == -1) {                                                              \
            fail_at(__LINE__, "%s failed: %s", #expr, strerror(errno));                        \
            return;                                                                            \
        }                                                                                      \
    } while (0)

/* Describe a wait status ("exit 3", "signal 11") for messages. */
static const char* describe(int status) {
    static char buf[32];
    if (WIFEXITED(status))
        snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
    else
        snprintf(buf, sizeof buf, "signal %d", WTERMSIG(status));
    return buf;
}

/* Fork a child that runs fn(arg) and exits with its result; its status. */
static int run_child(int (*fn)(long), long arg) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        _exit(fn(arg));
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return status;
}

/* ---------------------------------------------------------------- processes */

static void fork_exit_wait_bulk(int n) {
    pid_t pids[100];
    for (int i = 0; i < n; i++) {
        pids[i] = fork();
        EXPECT(pids[i] >= 0, "fork %d: %s", i, strerror(errno));
        if (pids[i] == 0)
            _exit(i % 256);
    }
    for (int i = 0; i < n; i++) {
        int status;
        pid_t pid = wait(&status);
        EXPECT(pid > 0, "wait %d: %s", i, strerror(errno));
        int j = 0;
        while (j < n && pids[j] != pid)
            j++;
        EXPECT(j < n, "wait returned %d, not a child", pid);
        EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == j % 256, "child %d: %s, want exit %d", j,
               describe(status), j % 256);
        pids[j] = -1;
    }
    EXPECT_ERRNO(wait(NULL), ECHILD);
}
static void fork_exit_wait_20(void) { fork_exit_wait_bulk(20); }
static void fork_exit_wait_100(void) {
    for (int round = 0; round < 5 && !failed; round++)
        fork_exit_wait_bulk(50);
}

static void wait_without_children(void) { EXPECT_ERRNO(wait(NULL), ECHILD); }

static void getppid_in_child(void) {
    pid_t me = getpid();
    pid_t pid = fork();
    EXPECT_OK(pid);
    if (pid == 0)
        _exit(getppid() == me ? 0 : 1);
    int status;
    EXPECT_OK(wait(&status));
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child saw another parent (%s)", describe(status));
}

/* Run argv with standard output into a pipe; what it wrote, its status. */
static int capture(char* const argv[], char* out, size_t size, int* status) {
    int p[2];
    if (pipe(p) < 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        close(p[1]);
        execv(argv[0], argv);
        _exit(99);
    }
    close(p[1]);
    size_t got = 0;
    ssize_t n;
    while (got + 1 < size && (n = read(p[0], out + got, size - 1 - got)) > 0)
        got += (size_t)n;
    out[got] = 0;
    close(p[0]);
    return waitpid(pid, status, 0) == pid ? 0 : -1;
}

static void exec_runs_program(void) {
    char out[64];
    int status;
    char* argv[] = {"/bin/echo", "hello", "weft", NULL};
    EXPECT(capture(argv, out, sizeof out, &status) == 0, "fork/pipe: %s", strerror(errno));
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "echo: %s", describe(status));
    EXPECT(strcmp(out, "hello weft\n") == 0, "echo wrote \"%s\"", out);
}

static void exec_many_args(void) {
    char* argv[MAXARG + 1];
    argv[0] = "/bin/echo";
    for (int i = 1; i < MAXARG; i++)
        argv[i] = "x";
    argv[MAXARG] = NULL;
    char out[128];
    int status;
    EXPECT(capture(argv, out, sizeof out, &status) == 0, "fork/pipe: %s", strerror(errno));
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "echo with %d args: %s", MAXARG, describe(status));
    EXPECT(strlen(out) == 2 * (MAXARG - 1), "echo wrote %d bytes", (int)strlen(out));
}

/* What exec(path, argv) does, tried in a child: the errno it failed
 * with, or -1 if it succeeded (or the child died). */
static const char* exec_path;
static char* const* exec_argv;
static int try_exec(long unused) {
    (void)unused;
    close(1); /* a program that does start writes nowhere */
    execv(exec_path, exec_argv);
    return 100 + errno;
}

static int exec_errno(const char* path, char* const* argv) {
    exec_path = path;
    exec_argv = argv;
    int status = run_child(try_exec, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) > 100)
        return WEXITSTATUS(status) - 100;
    return -1;
}

#define EXPECT_EXEC_ERRNO(path, argv, e)                                                          \
    do {                                                                                          \
        int err_ = exec_errno(path, argv);                                                        \
        EXPECT(err_ == (e), "exec %s: %s, want %s", path, err_ < 0 ? "succeeded" : strerror(err_), \
               #e);                                                                               \
    } while (0)

static void exec_errors(void) {
    char* argv[] = {"x", NULL};
    EXPECT_EXEC_ERRNO("/no/such/program", argv, ENOENT);
    EXPECT_EXEC_ERRNO("/nonexistent", argv, ENOENT);

    int fd = open("ut.notelf", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    EXPECT_OK(fd);
    const char text[] = "#!/bin/sh\necho this is not an ELF file, but it is long enough to have a header\n";
    EXPECT(write(fd, text, sizeof text) == sizeof text, "write ut.notelf");
    close(fd);
    int err = exec_errno("ut.notelf", argv);
    unlink("ut.notelf");
    EXPECT(err == ENOEXEC, "exec of a text file: %s, want ENOEXEC", err < 0 ? "succeeded" : strerror(err));

    char* many[MAXARG + 10];
    many[0] = "/bin/echo";
    for (int i = 1; i < MAXARG + 9; i++)
        many[i] = "too-many";
    many[MAXARG + 9] = NULL;
    EXPECT_EXEC_ERRNO("/bin/echo", many, E2BIG);

    err = exec_errno("/", argv); /* a directory: Linux says EACCES */
    EXPECT(err == EACCES || err == ENOEXEC, "exec of a directory: %s, want EACCES",
           err < 0 ? "succeeded" : strerror(err));
}

static int block_on_pipe(long fd) {
    char c;
    read((int)fd, &c, 1);
    return 0;
}

static void kill_child(void) {
    int p[2];
    EXPECT_OK(pipe(p));
    fflush(stdout);
    pid_t pid = fork();
    EXPECT_OK(pid);
    if (pid == 0) {
        close(p[1]);
        _exit(block_on_pipe(p[0]) + 5);
    }
    close(p[0]);
    EXPECT_OK(kill(pid, 0));
    EXPECT_OK(kill(pid, SIGKILL));
    int status;
    EXPECT(waitpid(pid, &status, 0) == pid, "wait: %s", strerror(errno));
    close(p[1]);
    EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "killed child: %s, want signal 9",
           describe(status));
    EXPECT_ERRNO(kill(pid, 0), ESRCH);
    EXPECT_ERRNO(kill(30000, SIGKILL), ESRCH);
}

/* Fork until the kernel says no: EAGAIN; everything reaped after. */
static void fork_until_failure(void) {
    int p[2];
    EXPECT_OK(pipe(p));
    int n = 0, err = 0;
    fflush(stdout);
    for (;;) {
        pid_t pid = fork();
        if (pid < 0) {
            err = errno;
            break;
        }
        if (pid == 0) {
            close(p[1]);
            _exit(block_on_pipe(p[0]));
        }
        if (++n > 1000)
            break;
    }
    close(p[1]); /* every child's read sees end of file and exits */
    close(p[0]);
    int reaped = 0;
    while (wait(NULL) > 0)
        reaped++;
    EXPECT(n <= 1000, "fork never failed");
    EXPECT(err == EAGAIN || err == ENOMEM, "fork failed with %s, want EAGAIN", strerror(err));
    EXPECT(n > 10, "only %d forks before %s", n, strerror(err));
    EXPECT(reaped == n, "forked %d, reaped %d", n, reaped);
    /* and the process table has room again */
    int status = run_child(block_on_pipe, -1);
    EXPECT(WIFEXITED(status), "fork after reaping: %s", strerror(errno));
}

/* ---------------------------------------------------------------- memory */

static int touch(long address) {
    *(volatile char*)address = 1;
    return 0;
}

static int peek(long address) { return *(volatile char*)address; }

static void null_dereference(void) {
    int status = run_child(peek, 0);
    EXPECT(status != -1, "fork: %s", strerror(errno));
    EXPECT(!WIFEXITED(status), "reading address 0 did not kill the child (%s)", describe(status));
    status = run_child(touch, 0);
    EXPECT(!WIFEXITED(status), "writing address 0 did not kill the child (%s)", describe(status));
}

static void write_to_text(void) {
    int status = run_child(touch, (long)(uintptr_t)&write_to_text);
    EXPECT(status != -1, "fork: %s", strerror(errno));
    EXPECT(!(WIFEXITED(status) && WEXITSTATUS(status) == 0), "writing to text did not kill the child");
}

static void sbrk_grow_shrink(void) {
    char* start = sbrk(0);
    char* p = sbrk(3 * PGSIZE);
    EXPECT(p == start, "sbrk(3 pages) returned %p, break was %p", (void*)p, (void*)start);
    for (int i = 0; i < 3 * PGSIZE; i += 512)
        p[i] = (char)i;
    for (int i = 0; i < 3 * PGSIZE; i += 512)
        EXPECT(p[i] == (char)i, "heap byte %d lost", i);
    /* a child gets a copy of the heap */
    int status = run_child(peek, (long)(p + 2 * PGSIZE + 512));
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == (unsigned char)(2 * PGSIZE + 512),
           "child read the heap: %s", describe(status));
    EXPECT(sbrk(-3 * PGSIZE) == p + 3 * PGSIZE, "sbrk(-3 pages) did not return the old break");
    EXPECT(sbrk(0) == start, "break not back at the start after shrinking");
    /* the pages are gone: touching them kills (only) the child */
    long page_start = ((long)(uintptr_t)start + PGSIZE - 1) & ~(long)(PGSIZE - 1);
    status = run_child(touch, page_start + PGSIZE);
    EXPECT(!WIFEXITED(status), "a freed heap page is still mapped (%s)", describe(status));
}

static void sbrk_absurd(void) {
    errno = 0;
    EXPECT(sbrk((intptr_t)1 << 40) == (void*)-1, "sbrk(1 TiB) succeeded");
    EXPECT(errno == ENOMEM, "sbrk(1 TiB): errno %s, want ENOMEM", strerror(errno));
    char* brk_now = sbrk(0);
    errno = 0;
    EXPECT(sbrk(-(intptr_t)brk_now - PGSIZE) == (void*)-1, "sbrk below address 0 succeeded");
    EXPECT(sbrk(0) == brk_now, "a failed sbrk moved the break");
}

static void out_of_memory(void) {
    char* start = sbrk(0);
    long got = 0;
    const long step = 1 << 20;
    while (got < (1L << 34)) {
        char* p = sbrk(step);
        if (p == (char*)-1)
            break;
        p[step - 1] = 1; /* really there */
        got += step;
    }
    int err = errno;
    EXPECT(got < (1L << 34), "16 GiB of heap did not run out");
    EXPECT(err == ENOMEM, "sbrk failed with %s, want ENOMEM", strerror(err));
    EXPECT(got > 4 * step, "only %ld bytes before running out", got);
    EXPECT(sbrk(-got) != (void*)-1, "giving the memory back: %s", strerror(errno));
    EXPECT(sbrk(0) == start, "break not restored");
    /* the kernel recovered: a fork works again */
    int status = run_child(block_on_pipe, -1);
    EXPECT(WIFEXITED(status), "fork after running out of memory failed: %s", strerror(errno));
}

static void malloc_free(void) {
    void* blocks[64];
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 64; i++) {
            size_t size = (size_t)(i * 97 % 3000) + 1;
            blocks[i] = malloc(size);
            EXPECT(blocks[i] != NULL, "malloc(%d) failed", (int)size);
            EXPECT(((uintptr_t)blocks[i] & 15) == 0, "malloc result not 16-byte aligned");
            memset(blocks[i], i, size);
        }
        for (int i = 0; i < 64; i += 2)
            free(blocks[i]);
        for (int i = 1; i < 64; i += 2) {
            unsigned char* b = blocks[i];
            EXPECT(b[0] == i, "block %d overwritten", i);
            free(b);
        }
    }
    char* s = realloc(NULL, 10);
    EXPECT(s != NULL, "realloc(NULL, 10)");
    strcpy(s, "weft");
    s = realloc(s, 10000);
    EXPECT(s != NULL && strcmp(s, "weft") == 0, "realloc lost the contents");
    free(s);
}

/* ---------------------------------------------------------------- pipes */

static int write_pattern(long fd) {
    unsigned char buf[1000];
    long total = 64 * 1024, sent = 0;
    unsigned seq = 0;
    while (sent < total) {
        long n = 1 + (sent * 7919 % (long)sizeof buf);
        if (n > total - sent)
            n = total - sent;
        for (long i = 0; i < n; i++)
            buf[i] = (unsigned char)(seq++ * 31 + 7);
        if (write((int)fd, buf, (size_t)n) != n)
            return 1;
        sent += n;
    }
    return 0;
}

static void pipe_data_integrity(void) {
    int p[2];
    EXPECT_OK(pipe(p));
    fflush(stdout);
    pid_t pid = fork();
    EXPECT_OK(pid);
    if (pid == 0) {
        close(p[0]);
        _exit(write_pattern(p[1]));
    }
    close(p[1]);
    unsigned char buf[777];
    long total = 0;
    unsigned seq = 0;
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] != (unsigned char)(seq * 31 + 7)) {
                close(p[0]);
                wait(NULL);
                fail_at(__LINE__, "byte %ld is wrong", total + i);
                return;
            }
            seq++;
        }
        total += n;
    }
    close(p[0]);
    int status;
    EXPECT(wait(&status) == pid, "wait");
    EXPECT(n == 0, "read ended with %s, want end of file", strerror(errno));
    EXPECT(total == 64 * 1024, "read %ld bytes, want %d", total, 64 * 1024);
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer: %s", describe(status));
}

static void pipe_eof(void) {
    int p[2];
    EXPECT_OK(pipe(p));
    EXPECT(write(p[1], "abc", 3) == 3, "write: %s", strerror(errno));
    EXPECT_OK(close(p[1]));
    char buf[8];
    EXPECT(read(p[0], buf, sizeof buf) == 3, "read the 3 bytes");
    EXPECT(read(p[0], buf, sizeof buf) == 0, "read after the writer closed: want 0 (end of file)");
    EXPECT_OK(close(p[0]));
    EXPECT_ERRNO(close(p[0]), EBADF);
}

static int write_to_closed_pipe(long unused) {
    (void)unused;
    int p[2];
    if (pipe(p) < 0)
        return 10;
    close(p[0]);
    errno = 0;
    ssize_t r = write(p[1], "x", 1);
    if (r == -1 && errno == EPIPE)
        return 0;
    return r == -1 ? 100 + errno : 11;
}

static void pipe_epipe(void) {
    /* EPIPE, or death by SIGPIPE as on Linux: both are right. */
    int status = run_child(write_to_closed_pipe, 0);
    EXPECT(status != -1, "fork: %s", strerror(errno));
    if (WIFSIGNALED(status))
        EXPECT(WTERMSIG(status) == SIGPIPE, "writer killed by signal %d, want SIGPIPE", WTERMSIG(status));
    else
        EXPECT(WEXITSTATUS(status) == 0, "write to a pipe without readers: %s",
               WEXITSTATUS(status) == 11   ? "succeeded"
               : WEXITSTATUS(status) > 100 ? strerror(WEXITSTATUS(status) - 100)
                                           : "pipe failed");
}

/* ---------------------------------------------------------------- files */

static void file_create_read_unlink(void) {
    unlink("ut.file");
    int fd = open("ut.file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    EXPECT_OK(fd);
    EXPECT(write(fd, "hello, file\n", 12) == 12, "write: %s", strerror(errno));
    EXPECT_OK(close(fd));
    struct stat st;
    EXPECT_OK(stat("ut.file", &st));
    EXPECT(S_ISREG(st.st_mode) && st.st_size == 12, "stat: mode %o size %ld", st.st_mode, st.st_size);
    fd = open("ut.file", O_RDONLY);
    EXPECT_OK(fd);
    char buf[32];
    EXPECT(read(fd, buf, sizeof buf) == 12 && memcmp(buf, "hello, file\n", 12) == 0, "read back");
    EXPECT_ERRNO(write(fd, "x", 1), EBADF); /* opened read-only */
    close(fd);
    fd = open("ut.file", O_WRONLY | O_APPEND);
    EXPECT_OK(fd);
    EXPECT(write(fd, "more\n", 5) == 5, "append");
    close(fd);
    EXPECT_OK(stat("ut.file", &st));
    EXPECT(st.st_size == 17, "size after append: %ld", st.st_size);
    EXPECT_ERRNO(open("ut.file", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    fd = open("ut.file", O_WRONLY | O_TRUNC);
    EXPECT_OK(fd);
    close(fd);
    EXPECT_OK(stat("ut.file", &st));
    EXPECT(st.st_size == 0, "size after O_TRUNC: %ld", st.st_size);
    EXPECT_OK(unlink("ut.file"));
    EXPECT_ERRNO(open("ut.file", O_RDONLY), ENOENT);
    EXPECT_ERRNO(unlink("ut.file"), ENOENT);
}

static void file_offsets_shared(void) {
    int fd = open("ut.off", O_CREAT | O_RDWR | O_TRUNC, 0644);
    EXPECT_OK(fd);
    int fd2 = dup(fd);
    EXPECT_OK(fd2);
    EXPECT(write(fd, "ab", 2) == 2 && write(fd2, "cd", 2) == 2, "write through both fds");
    fflush(stdout);
    pid_t pid = fork();
    EXPECT_OK(pid);
    if (pid == 0)
        _exit(write(fd, "ef", 2) == 2 ? 0 : 1);
    EXPECT(wait(NULL) == pid, "wait");
    EXPECT(write(fd2, "gh", 2) == 2, "write after the child");
    EXPECT(dup2(fd, 40) == 40, "dup2 to 40: %s", strerror(errno));
    EXPECT_OK(close(40));
    close(fd);
    close(fd2);
    char buf[16];
    fd = open("ut.off", O_RDONLY);
    EXPECT_OK(fd);
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    unlink("ut.off");
    EXPECT(n == 8 && memcmp(buf, "abcdefgh", 8) == 0, "dup'ed and inherited fds do not share the offset");
    EXPECT_ERRNO(dup(fd), EBADF);
    EXPECT_ERRNO(dup2(fd, 5), EBADF);
    EXPECT_ERRNO(read(-1, buf, 1), EBADF);
    EXPECT_ERRNO(write(NOFILE + 5, buf, 1), EBADF);
}

static void directories(void) {
    unlink("ut.d/f");
    unlink("ut.d/sub");
    unlink("ut.d");
    EXPECT_OK(mkdir("ut.d", 0755));
    EXPECT_ERRNO(mkdir("ut.d", 0755), EEXIST);
    int fd = open("ut.d/f", O_CREAT | O_WRONLY, 0644);
    EXPECT_OK(fd);
    EXPECT(write(fd, "in d", 4) == 4, "write ut.d/f");
    close(fd);
    struct stat st;
    EXPECT_OK(stat("ut.d", &st));
    EXPECT(S_ISDIR(st.st_mode), "ut.d is not a directory: mode %o", st.st_mode);
    EXPECT_OK(chdir("ut.d"));
    fd = open("f", O_RDONLY);
    EXPECT_OK(fd);
    close(fd);
    EXPECT_OK(mkdir("sub", 0755));
    EXPECT_OK(chdir("sub"));
    EXPECT_OK(chdir("../.."));
    EXPECT_OK(stat("ut.d/sub", &st));
    EXPECT_ERRNO(unlink("ut.d"), ENOTEMPTY);
    EXPECT_ERRNO(open("ut.d/f/x", O_RDONLY), ENOTDIR);
    EXPECT_ERRNO(open("ut.d/f/x", O_CREAT | O_WRONLY, 0644), ENOTDIR);
    EXPECT_ERRNO(mkdir("ut.d/f/x", 0755), ENOTDIR);
    EXPECT_ERRNO(chdir("ut.d/f"), ENOTDIR);
    EXPECT_ERRNO(open("ut.d", O_WRONLY), EISDIR);
    EXPECT_ERRNO(open("ut.d", O_RDWR), EISDIR);
    EXPECT_ERRNO(open("ut.d/nothing", O_RDONLY), ENOENT);
    EXPECT_ERRNO(open("no/such/dir/file", O_CREAT | O_WRONLY, 0644), ENOENT);
    EXPECT_ERRNO(chdir("ut.nothing"), ENOENT);
    EXPECT_ERRNO(mkdir("ut.nothing/x", 0755), ENOENT);
    EXPECT_ERRNO(link("ut.d", "ut.dlink"), EPERM); /* no links to directories */
    EXPECT_OK(unlink("ut.d/sub"));
    EXPECT_OK(unlink("ut.d/f"));
    EXPECT_OK(unlink("ut.d"));
    EXPECT_ERRNO(chdir("ut.d"), ENOENT);
}

static void links(void) {
    unlink("ut.a");
    unlink("ut.b");
    int fd = open("ut.a", O_CREAT | O_WRONLY, 0644);
    EXPECT_OK(fd);
    EXPECT(write(fd, "linked", 6) == 6, "write ut.a");
    close(fd);
    EXPECT_OK(link("ut.a", "ut.b"));
    struct stat st;
    EXPECT_OK(stat("ut.b", &st));
    EXPECT(st.st_nlink == 2, "nlink %u after link, want 2", st.st_nlink);
    EXPECT_ERRNO(link("ut.a", "ut.b"), EEXIST);
    EXPECT_ERRNO(link("ut.nothing", "ut.c"), ENOENT);
    EXPECT_OK(unlink("ut.a"));
    fd = open("ut.b", O_RDONLY);
    EXPECT_OK(fd);
    char buf[8];
    EXPECT(read(fd, buf, sizeof buf) == 6 && memcmp(buf, "linked", 6) == 0, "read through the link");
    EXPECT_OK(fstat(fd, &st));
    EXPECT(st.st_nlink == 1, "nlink %u after unlink, want 1", st.st_nlink);
    EXPECT_OK(unlink("ut.b"));
    /* an open file outlives its last name */
    EXPECT(read(fd, buf, sizeof buf) == 0, "read at end");
    close(fd);
}

static void big_file(long kib) {
    unlink("ut.big");
    int fd = open("ut.big", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    EXPECT_OK(fd);
    static int buf[1024]; /* 4 KiB */
    for (long block = 0; block < kib / 4; block++) {
        for (int i = 0; i < 1024; i++)
            buf[i] = (int)(block * 1024 + i);
        ssize_t n = write(fd, buf, sizeof buf);
        if (n != (ssize_t)sizeof buf) {
            close(fd);
            unlink("ut.big");
            fail_at(__LINE__, "write of block %ld: %ld (%s)", block, (long)n, strerror(errno));
            return;
        }
    }
    close(fd);
    struct stat st;
    EXPECT_OK(stat("ut.big", &st));
    EXPECT(st.st_size == kib * 1024, "size %ld, want %ld", st.st_size, kib * 1024);
    fd = open("ut.big", O_RDONLY);
    EXPECT_OK(fd);
    for (long block = 0; block < kib / 4; block++) {
        ssize_t n = read(fd, buf, sizeof buf);
        EXPECT(n == (ssize_t)sizeof buf, "read of block %ld: %ld", block, (long)n);
        for (int i = 0; i < 1024; i++)
            EXPECT(buf[i] == (int)(block * 1024 + i), "block %ld word %d wrong", block, i);
    }
    EXPECT(read(fd, buf, sizeof buf) == 0, "no end of file after %ld KiB", kib);
    close(fd);
    EXPECT_OK(unlink("ut.big"));
}
static void big_file_64k(void) { big_file(64); }
static void big_file_400k(void) { big_file(400); }

static int create_unlink_worker(long id) {
    char name[32];
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 4; i++) {
            /* the same names in every worker: they race for them */
            snprintf(name, sizeof name, "ut.c%d", i);
            int fd = open(name, O_CREAT | O_RDWR, 0644);
            if (fd < 0)
                return 1;
            if (write(fd, &id, sizeof id) != sizeof id)
                return 2;
            close(fd);
            if (unlink(name) < 0 && errno != ENOENT)
                return 3;
        }
    }
    return 0;
}

static void concurrent_create_unlink(void) {
    enum { WORKERS = 4 };
    fflush(stdout);
    for (long w = 0; w < WORKERS; w++) {
        pid_t pid = fork();
        EXPECT_OK(pid);
        if (pid == 0)
            _exit(create_unlink_worker(w));
    }
    int bad = 0, status = 0;
    for (int w = 0; w < WORKERS; w++) {
        int st;
        EXPECT(wait(&st) > 0, "wait: %s", strerror(errno));
        if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
            bad++;
            status = st;
        }
    }
    for (int i = 0; i < 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "ut.c%d", i);
        unlink(name);
    }
    EXPECT(bad == 0, "%d workers failed, e.g. %s", bad, describe(status));
}

static void many_open_files(void) {
    int fds[NOFILE];
    int n = 0;
    for (;;) {
        int fd = open("/", O_RDONLY);
        if (fd < 0) {
            EXPECT(errno == EMFILE, "open failed with %s, want EMFILE", strerror(errno));
            break;
        }
        if (n == NOFILE) {
            close(fd);
            break;
        }
        fds[n++] = fd;
    }
    int highest = n > 0 ? fds[n - 1] : -1;
    for (int i = 0; i < n; i++)
        EXPECT_OK(close(fds[i]));
    EXPECT(highest == NOFILE - 1, "EMFILE after fd %d, want the limit at %d files", highest, NOFILE);
    /* all closed: there is room again */
    int fd = open("/", O_RDONLY);
    EXPECT_OK(fd);
    close(fd);
}

/* ---------------------------------------------------------------- bad pointers */

/* An address the compiler knows nothing about (it would warn about
 * passing a constant like 1 where an array is expected). */
static void* addr(uintptr_t a) {
    volatile uintptr_t v = a;
    return (void*)v;
}

static void bad_pointers(void) {
    char* const kernel = addr(0x80000000L);             /* the kernel's RAM */
    char* const unmapped = addr(0x1000);                 /* below the program */
    char* const text = addr((uintptr_t)&bad_pointers);  /* mapped, but not writable */
    char* const one = addr(1);
    int fd = open("/bin/echo", O_RDONLY);
    EXPECT_OK(fd);
    EXPECT_ERRNO(read(fd, one, 10), EFAULT);
    EXPECT_ERRNO(read(fd, kernel, 10), EFAULT);
    EXPECT_ERRNO(read(fd, text, 10), EFAULT);
    EXPECT_ERRNO(write(1, addr(0), 10), EFAULT);
    EXPECT_ERRNO(write(1, kernel, 10), EFAULT);
    struct stat st;
    EXPECT_ERRNO(fstat(fd, (struct stat*)unmapped), EFAULT);
    EXPECT_ERRNO(fstat(fd, (struct stat*)kernel), EFAULT);
    EXPECT_ERRNO(fstat(fd, (struct stat*)text), EFAULT);
    EXPECT_OK(fstat(fd, &st));
    close(fd);

    EXPECT_ERRNO(open(kernel, O_RDONLY), EFAULT);
    EXPECT_ERRNO(open(one, O_RDONLY), EFAULT);
    EXPECT_ERRNO(open(addr(0), O_RDONLY), EFAULT);
    EXPECT_ERRNO(mkdir(kernel, 0755), EFAULT);
    EXPECT_ERRNO(chdir(kernel), EFAULT);
    EXPECT_ERRNO(unlink(kernel), EFAULT);
    EXPECT_ERRNO(link(kernel, "ut.x"), EFAULT);
    EXPECT_ERRNO(link("/bin/echo", kernel), EFAULT);
    EXPECT_ERRNO(mknod(kernel, S_IFCHR, makedev(1, 0)), EFAULT);
    EXPECT_ERRNO(pipe(addr(0)), EFAULT);
    EXPECT_ERRNO(pipe((int*)kernel), EFAULT);
    EXPECT_ERRNO(pipe((int*)text), EFAULT);
    EXPECT_ERRNO(sysinfo((struct weft_sysinfo*)one), EFAULT);
    EXPECT_ERRNO(sysinfo((struct weft_sysinfo*)kernel), EFAULT);

    EXPECT_ERRNO(execv(kernel, (char* const[]){"x", NULL}), EFAULT);
    EXPECT_ERRNO(execv("/bin/echo", (char* const*)one), EFAULT);
    EXPECT_ERRNO(execv("/bin/echo", (char* const*)kernel), EFAULT);
    EXPECT_ERRNO(execv("/bin/echo", (char* const[]){"echo", kernel, NULL}), EFAULT);
    EXPECT_ERRNO(execv("/bin/echo", (char* const[]){"echo", one, NULL}), EFAULT);

    /* wait with a bad status pointer: EFAULT, and the process goes on */
    fflush(stdout);
    pid_t pid = fork();
    EXPECT_OK(pid);
    if (pid == 0)
        _exit(0);
    EXPECT_ERRNO(wait((int*)kernel), EFAULT);
    while (wait(NULL) > 0) { /* the child, if EFAULT left it unreaped */
    }
    /* a path that runs off the end of mapped memory */
    char* end = sbrk(0);
    long page_end = ((long)(uintptr_t)end + PGSIZE - 1) & ~(long)(PGSIZE - 1);
    char* edge = (char*)page_end - 4;
    memcpy(edge, "abcd", 4); /* no terminating NUL before the unmapped page */
    EXPECT_ERRNO(open(edge, O_RDONLY), EFAULT);
}

/* ---------------------------------------------------------------- the list */

enum When { QUICK, FULL };
struct Test {
    const char* name;
    void (*fn)(void);
    enum When when; /* QUICK tests run in both modes */
};

static const struct Test tests[] = {
    {"fork_exit_wait_20", fork_exit_wait_20, QUICK},
    {"fork_exit_wait_250", fork_exit_wait_100, FULL},
    {"wait_without_children", wait_without_children, QUICK},
    {"getppid_in_child", getppid_in_child, QUICK},
    {"exec_runs_program", exec_runs_program, QUICK},
    {"exec_max_args", exec_many_args, QUICK},
    {"exec_errors", exec_errors, QUICK},
    {"kill_child", kill_child, QUICK},
    {"null_dereference_kills_only_its_process", null_dereference, QUICK},
    {"write_to_text_kills", write_to_text, QUICK},
    {"sbrk_grow_shrink", sbrk_grow_shrink, QUICK},
    {"sbrk_absurd_enomem", sbrk_absurd, QUICK},
    {"malloc_free", malloc_free, QUICK},
    {"pipe_data_integrity", pipe_data_integrity, QUICK},
    {"pipe_eof", pipe_eof, QUICK},
    {"pipe_epipe", pipe_epipe, QUICK},
    {"file_create_read_unlink", file_create_read_unlink, QUICK},
    {"file_offsets_shared", file_offsets_shared, QUICK},
    {"directories", directories, QUICK},
    {"links", links, QUICK},
    {"big_file_64k", big_file_64k, QUICK},
    {"big_file_400k", big_file_400k, FULL},
    {"concurrent_create_unlink", concurrent_create_unlink, FULL},
    {"many_open_files", many_open_files, QUICK},
    {"bad_pointers", bad_pointers, QUICK},
    {"out_of_memory", out_of_memory, FULL},
    {"fork_until_failure", fork_until_failure, FULL},
};

/* Run one test in a child; 1 if it passed. */
static int run_test(const struct Test* t) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        printf("FAIL %s: fork: %s\n", t->name, strerror(errno));
        return 0;
    }
    if (pid == 0) {
        t->fn();
        while (wait(NULL) > 0) { /* children a failing test left behind */
        }
        if (failed)
            printf("FAIL %s: %s\n", t->name, why);
        else
            printf("PASS %s\n", t->name);
        exit(failed);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid) {
        printf("FAIL %s: wait: %s\n", t->name, strerror(errno));
        return 0;
    }
    if (WIFSIGNALED(status)) {
        printf("FAIL %s: test process killed by signal %d (%s)\n", t->name, WTERMSIG(status),
               strsignal(WTERMSIG(status)));
        return 0;
    }
    return WEXITSTATUS(status) == 0;
}

int main(int argc, char** argv) {
    int quick = 0;
    const char* only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-q") == 0)
            quick = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usertests: usage: usertests [-q] [name]\n");
            return 2;
        } else
            only = argv[i];
    }
    struct weft_sysinfo before, after;
    if (sysinfo(&before) < 0) {
        fprintf(stderr, "usertests: sysinfo: %s\n", strerror(errno));
        return 1;
    }
    printf("usertests: %s run, %lu free pages\n", quick ? "quick" : "full", before.free_pages);
    int failures = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        const struct Test* t = &tests[i];
        if (quick && t->when != QUICK)
            continue;
        if (only && !strstr(t->name, only))
            continue;
        if (!run_test(t))
            failures++;
    }
    while (wait(NULL) > 0) {
    }
    sysinfo(&after);
    if (after.free_pages == before.free_pages) {
        printf("PASS free_pages_restored\n");
    } else {
        printf("FAIL free_pages_restored: %lu free pages before, %lu after\n", before.free_pages,
               after.free_pages);
        failures++;
    }
    printf(failures == 0 ? "ALL TESTS PASSED\n" : "SOME TESTS FAILED\n");
    return failures == 0 ? 0 : 1;
}
