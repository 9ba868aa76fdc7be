/* mmaptests: anonymous memory mappings, copy-on-write fork, lazy pages
 * and stack growth (docs/memory.md).
 *
 *   mmaptests        every test
 *   mmaptests name   only the tests whose names contain "name"
 *
 * Each test runs in its own child process, so a test that crashes is a
 * FAIL line, not the end of the run. Output: "PASS <name>" or
 * "FAIL <name>: <why>" per test, then "ALL TESTS PASSED", or "SOME TESTS
 * FAILED" and exit status 1. The last check, free_pages_restored,
 * compares the kernel's free-page count before and after everything:
 * shared and copy-on-write pages must all come back.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <weft.h>

#define PGSIZE 4096L
#define MiB (1024L * 1024L)

/* The raw stub __sys_setrlimit: setrlimit may not be in the library
 * yet, and ENOSYS must be told apart. */
#include <weft/syscalls.h>

#include "testlib.h"

/* Fork a child that runs fn(arg) and exits with its result; its status. */
static int (*child_fn)(long);
static int call_child_fn(void* arg) {
    return child_fn((long)arg);
}
static int run_child(int (*fn)(long), long arg) {
    child_fn = fn;
    pid_t pid = spawn(call_child_fn, (void*)arg);
    return pid < 0 ? -1 : status_of(pid);
}
#define describe status_text

static int killed_by_segv(int status) {
    return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

static long free_pages(void) {
    struct weft_sysinfo info;
    if (sysinfo(&info) < 0) return -1;
    return (long)info.free_pages;
}

static char* map(size_t len, int prot, int flags) {
    return mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

/* Children that touch an address: they die of SIGSEGV if it faults. */
static int read_byte(long addr) {
    return *(volatile char*)addr == 0x7f ? 3 : 0;
}
static int write_byte(long addr) {
    *(volatile char*)addr = 1;
    return 0;
}

/* ---------------------------------------------------------------- mmap basics */

static void mmap_pages_are_zeroed_and_writable(void) {
    char* p = map(4 * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    EXPECT(((uintptr_t)p & (PGSIZE - 1)) == 0, "mmap returned unaligned %p", (void*)p);
    for (long i = 0; i < 4 * PGSIZE; i++)
        EXPECT(p[i] == 0, "byte %ld is %d, not zero", i, p[i]);
    for (long i = 0; i < 4 * PGSIZE; i++)
        p[i] = (char)i;
    for (long i = 0; i < 4 * PGSIZE; i++)
        EXPECT(p[i] == (char)i, "byte %ld did not keep its value", i);
    char* q = map(PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    EXPECT(q != MAP_FAILED, "second mmap: %s", strerror(errno));
    EXPECT(q + PGSIZE <= p || q >= p + 4 * PGSIZE, "mappings overlap: %p and %p", (void*)p,
           (void*)q);
    EXPECT_OK(munmap(p, 4 * PGSIZE));
    EXPECT_OK(munmap(q, PGSIZE));
}

static void mmap_errors(void) {
    int rw = PROT_READ | PROT_WRITE;
    EXPECT_ERRNO(mmap(NULL, 0, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    EXPECT_ERRNO(mmap(NULL, PGSIZE, rw, MAP_ANONYMOUS, -1, 0), EINVAL);
    EXPECT_ERRNO(mmap(NULL, PGSIZE, rw, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    EXPECT_ERRNO(mmap(NULL, PGSIZE, rw, MAP_PRIVATE | MAP_ANONYMOUS | 0x1000000, -1, 0), EINVAL);
    EXPECT_ERRNO(mmap(NULL, PGSIZE, 0x10, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    EXPECT_ERRNO(
        mmap((void*)0x40000123, PGSIZE, rw, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
        EINVAL);
    EXPECT_ERRNO(mmap(NULL, PGSIZE, rw, MAP_PRIVATE, 0, 0), ENODEV);
    EXPECT_ERRNO(mmap(NULL, PGSIZE, rw, MAP_SHARED, 1, 0), ENODEV);
    EXPECT_ERRNO(mmap(NULL, (size_t)1 << 40, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    EXPECT_ERRNO(mmap(NULL, ~(size_t)0 - 100, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    EXPECT_ERRNO(mprotect((void*)0x40000123, PGSIZE, PROT_READ), EINVAL);
}

/* A large PROT_NONE region costs no memory: pages appear on first touch. */
static void lazy_pages_cost_nothing_until_touched(void) {
    long before = free_pages();
    char* p = map(64 * MiB, PROT_NONE, MAP_PRIVATE);
    EXPECT(p != MAP_FAILED, "mmap 64 MiB PROT_NONE: %s", strerror(errno));
    char* q = map(16 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    EXPECT(q != MAP_FAILED, "mmap 16 MiB: %s", strerror(errno));
    long mapped = free_pages();
    EXPECT(before - mapped < 8, "mapping 80 MiB took %ld pages", before - mapped);
    for (int i = 0; i < 10; i++)
        q[i * 100 * PGSIZE] = 1;
    long touched = free_pages();
    EXPECT(mapped - touched >= 10 && mapped - touched < 10 + 16, "touching 10 pages took %ld pages",
           mapped - touched);
    EXPECT_OK(munmap(p, 64 * MiB));
    EXPECT_OK(munmap(q, 16 * MiB));
    /* (less a page or two: this process's first writes to its copy-on-write
     * data, errno among them, copy those pages) */
    EXPECT(free_pages() >= touched + 8, "munmap gave back only %ld pages", free_pages() - touched);
}

/* ---------------------------------------------------------------- protection */

static void prot_none_guard_page_faults(void) {
    char* p = map(3 * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    p[0] = 'a';
    p[2 * PGSIZE] = 'c';
    EXPECT_OK(mprotect(p + PGSIZE, PGSIZE, PROT_NONE));
    int status = run_child(read_byte, (long)(p + PGSIZE + 10));
    EXPECT(killed_by_segv(status), "reading the guard page: %s, want signal 11", describe(status));
    status = run_child(write_byte, (long)(p + PGSIZE));
    EXPECT(killed_by_segv(status), "writing the guard page: %s, want signal 11", describe(status));
    EXPECT(p[0] == 'a' && p[2 * PGSIZE] == 'c', "the pages around the guard lost their data");
    /* a region mapped PROT_NONE from the start */
    char* g = map(PGSIZE, PROT_NONE, MAP_PRIVATE);
    EXPECT(g != MAP_FAILED, "mmap PROT_NONE: %s", strerror(errno));
    status = run_child(read_byte, (long)g);
    EXPECT(killed_by_segv(status), "reading PROT_NONE memory: %s, want signal 11",
           describe(status));
    /* the kernel refuses it too */
    EXPECT_ERRNO(write(1, g, 1), EFAULT);
    EXPECT_OK(munmap(p, 3 * PGSIZE));
    EXPECT_OK(munmap(g, PGSIZE));
}

static void mprotect_read_only_then_write_faults(void) {
    char* p = map(2 * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    strcpy(p, "kept");
    EXPECT_OK(mprotect(p, 2 * PGSIZE, PROT_READ));
    EXPECT(strcmp(p, "kept") == 0, "read-only page lost its data");
    int status = run_child(write_byte, (long)p);
    EXPECT(killed_by_segv(status), "writing a read-only page: %s, want signal 11",
           describe(status));
    status = run_child(write_byte, (long)(p + PGSIZE)); /* never touched: lazy, still read-only */
    EXPECT(killed_by_segv(status), "writing an untouched read-only page: %s", describe(status));
    int fds[2];
    EXPECT_OK(pipe(fds));
    EXPECT_OK(write(fds[1], "x", 1));
    EXPECT_ERRNO(read(fds[0], p, 1), EFAULT); /* the kernel may not write it either */
    close(fds[0]);
    close(fds[1]);
    EXPECT_OK(mprotect(p, 2 * PGSIZE, PROT_READ | PROT_WRITE));
    p[1] = 'E';
    EXPECT(strcmp(p, "kEpt") == 0, "writable again: got \"%s\"", p);
    EXPECT_ERRNO(mprotect(p + 2 * PGSIZE + 100 * PGSIZE, PGSIZE, PROT_READ), ENOMEM);
    EXPECT_OK(munmap(p, 2 * PGSIZE));
}

/* ---------------------------------------------------------------- munmap */

static void munmap_edge_cases(void) {
    char* p = map(5 * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    for (int i = 0; i < 5; i++)
        p[i * PGSIZE] = (char)('0' + i);
    EXPECT_ERRNO(munmap(p + 1, PGSIZE), EINVAL);
    EXPECT_ERRNO(munmap(p, 0), EINVAL);
    /* the middle page: the region splits in two */
    EXPECT_OK(munmap(p + 2 * PGSIZE, PGSIZE));
    int status = run_child(read_byte, (long)(p + 2 * PGSIZE));
    EXPECT(killed_by_segv(status), "reading an unmapped middle page: %s, want signal 11",
           describe(status));
    EXPECT(p[1 * PGSIZE] == '1' && p[3 * PGSIZE] == '3', "pages beside the hole lost their data");
    /* the first page, then a length that is not a page multiple */
    EXPECT_OK(munmap(p, PGSIZE));
    status = run_child(read_byte, (long)p);
    EXPECT(killed_by_segv(status), "reading an unmapped first page: %s", describe(status));
    EXPECT_OK(munmap(p + 4 * PGSIZE, 10));
    status = run_child(read_byte, (long)(p + 4 * PGSIZE));
    EXPECT(killed_by_segv(status), "reading a page unmapped with len 10: %s", describe(status));
    EXPECT(p[1 * PGSIZE] == '1' && p[3 * PGSIZE] == '3', "pages left lost their data");
    /* a range with holes, and a range with nothing at all: not errors */
    EXPECT_OK(munmap(p, 5 * PGSIZE));
    EXPECT_OK(munmap(p, 5 * PGSIZE));
}

static void map_fixed_replaces(void) {
    char* p = map(4 * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    for (int i = 0; i < 4; i++)
        p[i * PGSIZE] = 'x';
    char* q = mmap(p + PGSIZE, 2 * PGSIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    EXPECT(q == p + PGSIZE, "MAP_FIXED returned %p, want %p (%s)", (void*)q, (void*)(p + PGSIZE),
           strerror(errno));
    EXPECT(p[0] == 'x' && p[3 * PGSIZE] == 'x', "pages outside the fixed mapping changed");
    EXPECT(q[0] == 0 && q[PGSIZE] == 0, "the fixed mapping is not fresh zeroed memory");
    /* and a hint that is free is taken as given */
    char* want = p - 64 * PGSIZE;
    char* h = mmap(want, PGSIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(h != MAP_FAILED, "mmap with a hint: %s", strerror(errno));
    EXPECT_OK(munmap(h, PGSIZE));
    EXPECT_OK(munmap(p, 4 * PGSIZE));
}

/* The region table is small and fixed: running out is ENOMEM, not a crash. */
static void too_many_regions_is_enomem(void) {
    char* maps[200];
    int n = 0;
    int err = 0;
    while (n < 200) {
        /* alternate protections so neighbours cannot merge */
        char* m = map(PGSIZE, n % 2 ? PROT_READ : PROT_READ | PROT_WRITE, MAP_PRIVATE);
        if (m == MAP_FAILED) {
            err = errno;
            break;
        }
        maps[n++] = m;
    }
    for (int i = 0; i < n; i++)
        munmap(maps[i], PGSIZE);
    EXPECT(n < 200, "200 regions mapped: is there no limit?");
    EXPECT(err == ENOMEM, "mmap failed with %s, want ENOMEM", strerror(err));
    char* again = map(PGSIZE, PROT_READ, MAP_PRIVATE);
    EXPECT(again != MAP_FAILED, "mmap after freeing the regions: %s", strerror(errno));
    EXPECT_OK(munmap(again, PGSIZE));
}

/* ---------------------------------------------------------------- fork */

static int sync_pipe[2][2]; /* [0]: parent -> child, [1]: child -> parent */

static void signal_pipe(int which) {
    char c = 'g';
    write(sync_pipe[which][1], &c, 1);
}
static void await_pipe(int which) {
    char c;
    read(sync_pipe[which][0], &c, 1);
}
static int open_sync_pipes(void) {
    return pipe(sync_pipe[0]) == 0 && pipe(sync_pipe[1]) == 0;
}
static void close_sync_pipes(void) {
    for (int i = 0; i < 2; i++) {
        close(sync_pipe[i][0]);
        close(sync_pipe[i][1]);
    }
}

/* The child checks what the parent wrote after the fork, then writes
 * its own value; exit 0 if it saw what `expect_parent` said. */
static volatile int* shared_word;
static int child_exchanges(long expect_parent_visible) {
    if (shared_word[0] != 1) return 10; /* the value from before the fork */
    signal_pipe(1);                     /* ready */
    await_pipe(0);                      /* the parent has written 2 */
    if (expect_parent_visible && shared_word[0] != 2) return 11;
    if (!expect_parent_visible && shared_word[0] != 1) return 12;
    shared_word[1] = 3;
    return 0;
}

static void fork_exchange(int flags, long visible) {
    int* w = (int*)map(PGSIZE, PROT_READ | PROT_WRITE, flags);
    EXPECT((char*)w != MAP_FAILED, "mmap: %s", strerror(errno));
    EXPECT(open_sync_pipes(), "pipe: %s", strerror(errno));
    shared_word = w;
    w[0] = 1;
    fflush(stdout);
    pid_t pid = fork();
    EXPECT(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) _exit(child_exchanges(visible));
    await_pipe(1);
    w[0] = 2;
    signal_pipe(0);
    int status;
    EXPECT(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
    close_sync_pipes();
    EXPECT(WIFEXITED(status), "child: %s", describe(status));
    EXPECT(WEXITSTATUS(status) != 10, "the child did not see the value written before fork");
    EXPECT(WEXITSTATUS(status) != 11, "the child did not see the parent's write after fork");
    EXPECT(WEXITSTATUS(status) != 12, "the child saw the parent's write to private memory");
    EXPECT(WEXITSTATUS(status) == 0, "child: %s", describe(status));
    if (visible)
        EXPECT(w[1] == 3, "the parent did not see the child's write (%d)", w[1]);
    else
        EXPECT(w[1] == 0, "the parent saw the child's write to private memory (%d)", w[1]);
    EXPECT(w[0] == 2, "the parent's own write changed");
    EXPECT_OK(munmap(w, PGSIZE));
}

static void map_shared_visible_across_fork(void) {
    fork_exchange(MAP_SHARED, 1);
}
static void map_private_not_visible_across_fork(void) {
    fork_exchange(MAP_PRIVATE, 0);
}

/* A shared region survives in a grandchild too, and untouched shared
 * pages are shared as well (the kernel cannot wait for the first touch). */
static int grandchild_writes(long addr) {
    pid_t pid = fork();
    if (pid < 0) return 20;
    if (pid == 0) {
        ((volatile char*)addr)[5 * PGSIZE] = 'g';
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    return ((volatile char*)addr)[5 * PGSIZE] == 'g' ? 0 : 21;
}

static void map_shared_untouched_pages_shared(void) {
    char* p = map(8 * PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    int status = run_child(grandchild_writes, (long)p);
    EXPECT(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: %s",
           describe(status));
    EXPECT(p[5 * PGSIZE] == 'g', "the grandchild's write did not reach the parent");
    EXPECT_OK(munmap(p, 8 * PGSIZE));
}

static char cow_data[3 * 4096] = {1};

static int cow_child(long unused) {
    (void)unused;
    if (cow_data[0] != 'P' || cow_data[PGSIZE] != 'Q') return 30;
    cow_data[0] = 'c';
    signal_pipe(1);
    await_pipe(0);
    if (cow_data[0] != 'c' || cow_data[PGSIZE] != 'Q') return 31;
    /* the kernel writing into a copy-on-write page (read) must copy it too */
    int fds[2];
    if (pipe(fds) < 0 || write(fds[1], "K", 1) != 1 || read(fds[0], &cow_data[2 * PGSIZE], 1) != 1)
        return 32;
    return cow_data[2 * PGSIZE] == 'K' ? 0 : 33;
}

static void cow_parent_and_child_each_see_their_own(void) {
    EXPECT(open_sync_pipes(), "pipe: %s", strerror(errno));
    cow_data[0] = 'P';
    cow_data[PGSIZE] = 'Q';
    cow_data[2 * PGSIZE] = 'R';
    fflush(stdout);
    pid_t pid = fork();
    EXPECT(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) _exit(cow_child(0));
    await_pipe(1);
    EXPECT(cow_data[0] == 'P', "the child's write reached the parent");
    cow_data[0] = 'p';
    signal_pipe(0);
    int status;
    EXPECT(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
    close_sync_pipes();
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: %s", describe(status));
    EXPECT(cow_data[0] == 'p' && cow_data[PGSIZE] == 'Q', "the parent's data changed");
    EXPECT(cow_data[2 * PGSIZE] == 'R', "the kernel's write in the child reached the parent");
}

/* 4 MiB forked, one page written: one page copied, not 1024. */
static long pages_before_fork;
static int write_one_page_and_measure(long addr) {
    ((volatile char*)addr)[123 * PGSIZE] = 'w';
    long drop = pages_before_fork - free_pages();
    return drop > 250 ? 250 : (int)drop;
}

static void cow_copies_only_written_pages(void) {
    long len = 4 * MiB;
    char* p = map(len, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    for (long i = 0; i < len; i += PGSIZE)
        p[i] = 'a';
    fflush(stdout);
    pages_before_fork = free_pages();
    int status = run_child(write_one_page_and_measure, (long)p);
    EXPECT(status != -1 && WIFEXITED(status), "child: %s", describe(status));
    int drop = WEXITSTATUS(status);
    /* the copied page, a few stack and data pages the child wrote, its
     * page tables and trapframe: a few dozen at most */
    EXPECT(drop < 64, "fork + one write took %d pages", drop);
    EXPECT(p[123 * PGSIZE] == 'a', "the child's write reached the parent");
    EXPECT_OK(munmap(p, len));
}

/* ---------------------------------------------------------------- threads and fork */

/* fork write-protects the parent's pages while another of its threads
 * may be writing them on another hart: once fork returns, that thread
 * must not be able to write the page the child now shares (docs/memory.md,
 * "The TLB rule"). The child's snapshot must not move. */
static volatile long writer_counter;
static volatile int writer_stop;

static void* keep_writing(void* unused) {
    (void)unused;
    while (!writer_stop)
        writer_counter++;
    return NULL;
}

static int snapshot_is_stable(long unused) {
    (void)unused;
    long first = writer_counter;
    for (volatile long i = 0; i < 2000000; i++) {
    }
    return writer_counter == first ? 0 : 60;
}

static void cow_snapshot_stable_while_a_thread_writes(void) {
    writer_stop = 0;
    pthread_t writer;
    EXPECT(pthread_create(&writer, NULL, keep_writing, NULL) == 0, "pthread_create failed");
    int bad = 0, status = 0;
    for (int i = 0; i < 20 && !bad; i++) {
        status = run_child(snapshot_is_stable, 0);
        bad = !(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    writer_stop = 1;
    pthread_join(writer, NULL);
    EXPECT(!bad, "a child's copy-on-write snapshot changed under it: %s", describe(status));
    EXPECT(writer_counter > 0, "the writer thread never ran");
}

/* A thread asleep on a condition variable in private memory is woken
 * after a fork made that memory copy-on-write (and the waker's store
 * copied the page): futexes are named by address space + address. */
static pthread_mutex_t cow_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cow_cond = PTHREAD_COND_INITIALIZER;
static volatile int cow_go, cow_waiting, cow_done;

static void* wait_for_go(void* unused) {
    (void)unused;
    pthread_mutex_lock(&cow_mutex);
    cow_waiting = 1;
    while (!cow_go)
        pthread_cond_wait(&cow_cond, &cow_mutex);
    pthread_mutex_unlock(&cow_mutex);
    cow_done = 1;
    return NULL;
}

static int exit_at_once(long unused) {
    return (int)unused;
}

static void futex_wakeup_survives_copy_on_write(void) {
    pthread_t waiter;
    EXPECT(pthread_create(&waiter, NULL, wait_for_go, NULL) == 0, "pthread_create failed");
    for (int i = 0; i < 200 && !cow_waiting; i++)
        usleep(10000);
    usleep(20000); /* let it get into the futex wait */
    int status = run_child(exit_at_once, 0);
    EXPECT(status != -1 && WIFEXITED(status), "fork: %s", describe(status));
    pthread_mutex_lock(&cow_mutex);
    cow_go = 1;
    pthread_cond_signal(&cow_cond);
    pthread_mutex_unlock(&cow_mutex);
    for (int i = 0; i < 200 && !cow_done; i++)
        usleep(10000);
    EXPECT(cow_done, "the waiter was not woken after fork (futex named by a physical page?)");
    pthread_join(waiter, NULL);
}

/* ---------------------------------------------------------------- the stack */

/* Uses about depth * 4 KiB of stack; the sum proves every frame was real. */
static long __attribute__((noinline)) recurse(int depth) {
    volatile char frame[4000];
    frame[0] = (char)depth;
    frame[sizeof frame - 1] = 1;
    if (depth == 0) return frame[sizeof frame - 1];
    return recurse(depth - 1) + frame[sizeof frame - 1] + (frame[0] == (char)depth ? 0 : 1000000);
}

static int deep_recursion(long depth) {
    return recurse((int)depth) == depth + 1 ? 0 : 40;
}

static void stack_grows_to_one_mib(void) {
    int status = run_child(deep_recursion, 256); /* ~1 MiB */
    EXPECT(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0, "1 MiB of recursion: %s",
           describe(status));
}

/* The kernel grows the stack too: read() into a buffer below everything touched. */
static int __attribute__((noinline)) read_into_big_stack_buffer(long unused) {
    (void)unused;
    volatile char buffer[256 * 1024];
    int fds[2];
    if (pipe(fds) < 0 || write(fds[1], "deep", 4) != 4) return 50;
    if (read(fds[0], (char*)buffer, 4) != 4) return 51;
    return buffer[0] == 'd' && buffer[3] == 'p' ? 0 : 52;
}

static void kernel_write_grows_stack(void) {
    int status = run_child(read_into_big_stack_buffer, 0);
    EXPECT(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "read into a 256 KiB stack buffer: %s", describe(status));
}

static int recurse_under_low_limit(long depth) {
    struct rlimit rl = {256 * 1024, ~0UL};
    long r = __sys_setrlimit(RLIMIT_STACK, &rl);
    if (r == -ENOSYS) return 77;
    if (r < 0) return 78;
    return deep_recursion(depth);
}

static void stack_beyond_rlimit_is_sigsegv(void) {
    int status = run_child(recurse_under_low_limit, 256); /* 1 MiB > 256 KiB */
    EXPECT(!(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 77),
           "setrlimit(RLIMIT_STACK) answers ENOSYS");
    EXPECT(!(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 78),
           "setrlimit(RLIMIT_STACK, 256 KiB) failed");
    EXPECT(killed_by_segv(status),
           "1 MiB of recursion under a 256 KiB RLIMIT_STACK: %s, want signal 11", describe(status));
    /* and the default limit (8 MiB) stops a runaway recursion too */
    status = run_child(deep_recursion, 4000); /* ~16 MiB */
    EXPECT(killed_by_segv(status), "16 MiB of recursion: %s, want signal 11", describe(status));
}

/* ---------------------------------------------------------------- the list */

static const struct Test tests[] = {
    {"mmap_pages_are_zeroed_and_writable", mmap_pages_are_zeroed_and_writable},
    {"mmap_errors", mmap_errors},
    {"lazy_pages_cost_nothing_until_touched", lazy_pages_cost_nothing_until_touched},
    {"prot_none_guard_page_faults", prot_none_guard_page_faults},
    {"mprotect_read_only_then_write_faults", mprotect_read_only_then_write_faults},
    {"munmap_edge_cases", munmap_edge_cases},
    {"map_fixed_replaces", map_fixed_replaces},
    {"too_many_regions_is_enomem", too_many_regions_is_enomem},
    {"map_shared_visible_across_fork", map_shared_visible_across_fork},
    {"map_private_not_visible_across_fork", map_private_not_visible_across_fork},
    {"map_shared_untouched_pages_shared", map_shared_untouched_pages_shared},
    {"cow_parent_and_child_each_see_their_own", cow_parent_and_child_each_see_their_own},
    {"cow_copies_only_written_pages", cow_copies_only_written_pages},
    {"cow_snapshot_stable_while_a_thread_writes", cow_snapshot_stable_while_a_thread_writes},
    {"futex_wakeup_survives_copy_on_write", futex_wakeup_survives_copy_on_write},
    {"stack_grows_to_one_mib", stack_grows_to_one_mib},
    {"kernel_write_grows_stack", kernel_write_grows_stack},
    {"stack_beyond_rlimit_is_sigsegv", stack_beyond_rlimit_is_sigsegv},
};

int main(int argc, char** argv) {
    return run_tests_checking_pages(tests, NTESTS(tests), argc, argv);
}
