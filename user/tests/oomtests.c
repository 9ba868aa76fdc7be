/* oomtests: out of memory is an error, not a crash (docs/memory.md
 * "Out of memory").
 *
 *   oomtests               the tests for the default boot (strict commit
 *                          accounting): mmap, sbrk and fork say ENOMEM
 *   oomtests name          only those whose names contain "name"
 *   oomtests --overcommit  the tests for a boot with overcommit=always:
 *                          nothing is refused, and the process whose page
 *                          fault finds no memory is killed with SIGKILL
 *
 * Every hog touches what it got: committed memory must really be there.
 * Each test runs in a child process of its own (testlib.h); at the end,
 * once every child is reaped, the free-page count and the committed-page
 * count must both be back where they started.
 */
#include <pthread.h>
#include <sys/mman.h>

#include "testlib.h"

#define PGSIZE 4096L
#define MiB (1024L * 1024L)
#define HOG_STEP MiB

static struct weft_sysinfo info(void) {
    struct weft_sysinfo si;
    memset(&si, 0, sizeof si);
    sysinfo(&si);
    return si;
}
static long committed(void) {
    return (long)info().committed_pages;
}
static long commit_room(void) {
    struct weft_sysinfo si = info();
    return (long)(si.commit_limit_pages - si.committed_pages);
}

static void touch(char* p, long len) {
    for (long off = 0; off < len; off += PGSIZE)
        ((volatile char*)p)[off] = 1;
}

static char* map_rw(long len) {
    return mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* ---------------------------------------------------------------- hogs */

/* Grow the heap a step at a time, touching every page, until sbrk
 * fails. The bytes got; *err is sbrk's errno. */
static long sbrk_hog(int* err) {
    long got = 0;
    for (;;) {
        errno = 0;
        char* p = sbrk(HOG_STEP);
        if (p == (char*)-1) {
            *err = errno;
            return got;
        }
        touch(p, HOG_STEP);
        got += HOG_STEP;
    }
}

/* mmap steps (touching them, if asked) until mmap fails; the steps are
 * kept in maps[] (at most max). How many; *err is mmap's errno. */
#define MAX_STEPS 1024 /* 1 GiB */
enum { NO_TOUCH, TOUCH };
static int mmap_hog(char** maps, int max, int touching, int* err) {
    int n = 0;
    *err = 0;
    while (n < max) {
        errno = 0;
        char* p = map_rw(HOG_STEP);
        if (p == MAP_FAILED) {
            *err = errno;
            break;
        }
        if (touching == TOUCH) touch(p, HOG_STEP);
        maps[n++] = p;
    }
    return n;
}
static void unmap_all(char** maps, int n) {
    for (int i = 0; i < n; i++)
        munmap(maps[i], HOG_STEP);
}

/* ---------------------------------------------------------------- what counts */

static void commit_counts_mappings_not_touches(void) {
    struct weft_sysinfo si = info();
    EXPECT(si.commit_limit_pages > 0 && si.commit_limit_pages < si.total_pages,
           "commit limit %lu pages of %lu", si.commit_limit_pages, si.total_pages);
    EXPECT(si.committed_pages <= si.commit_limit_pages, "%lu pages committed, limit %lu",
           si.committed_pages, si.commit_limit_pages);
    long c0 = committed();
    char* p = map_rw(64 * PGSIZE);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    EXPECT(committed() == c0 + 64, "mmap of 64 pages committed %ld", committed() - c0);
    touch(p, 64 * PGSIZE);
    EXPECT(committed() == c0 + 64, "touching them changed the count by %ld", committed() - c0 - 64);
    EXPECT_OK(munmap(p, 64 * PGSIZE));
    EXPECT(committed() == c0, "munmap left %ld pages committed", committed() - c0);

    /* PROT_NONE costs nothing until mprotect opens it; closing keeps it */
    char* g = mmap(NULL, 64 * PGSIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(g != MAP_FAILED, "mmap PROT_NONE: %s", strerror(errno));
    EXPECT(committed() == c0, "PROT_NONE mapping committed %ld pages", committed() - c0);
    EXPECT_OK(mprotect(g, 16 * PGSIZE, PROT_READ | PROT_WRITE));
    EXPECT(committed() == c0 + 16, "opening 16 pages committed %ld", committed() - c0);
    touch(g, 16 * PGSIZE);
    EXPECT_OK(mprotect(g, 16 * PGSIZE, PROT_NONE));
    EXPECT(committed() == c0 + 16,
           "closing them again: %ld committed, want 16 (they keep their pages)", committed() - c0);
    EXPECT_OK(mprotect(g, 16 * PGSIZE, PROT_READ));
    EXPECT(committed() == c0 + 16, "reopening charged again: %ld", committed() - c0);
    EXPECT_OK(munmap(g, 64 * PGSIZE));
    EXPECT(committed() == c0, "munmap left %ld", committed() - c0);

    /* MAP_SHARED counts too */
    char* s = mmap(NULL, 8 * PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    EXPECT(s != MAP_FAILED, "mmap MAP_SHARED: %s", strerror(errno));
    EXPECT(committed() == c0 + 8, "MAP_SHARED of 8 pages committed %ld", committed() - c0);
    EXPECT_OK(munmap(s, 8 * PGSIZE));

    /* sbrk: growth commits, shrinking releases */
    EXPECT(sbrk(10 * PGSIZE) != (void*)-1, "sbrk: %s", strerror(errno));
    EXPECT(committed() == c0 + 10, "sbrk of 10 pages committed %ld", committed() - c0);
    EXPECT(sbrk(-10 * PGSIZE) != (void*)-1, "sbrk shrink: %s", strerror(errno));
    EXPECT(committed() == c0, "sbrk shrink left %ld", committed() - c0);
}

static int wait_on_pipe(void* arg) {
    int* fds = arg;
    char c;
    close(fds[1]);
    return read(fds[0], &c, 1) == 0 ? 0 : 1;
}

static void fork_commits_the_parents_pages_again(void) {
    char* p = map_rw(256 * PGSIZE);
    EXPECT(p != MAP_FAILED, "mmap: %s", strerror(errno));
    touch(p, 256 * PGSIZE);
    long before = committed();
    int fds[2];
    EXPECT_OK(pipe(fds));
    pid_t pid = spawn(wait_on_pipe, fds);
    EXPECT(pid > 0, "fork: %s", strerror(errno));
    close(fds[0]);
    long during = committed();
    close(fds[1]); /* the child ends */
    int st = status_of(pid);
    long after = committed();
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", status_text(st));
    /* the child may write any of its 256 private pages (and its stack...) */
    EXPECT(during - before >= 256 + 8, "fork committed %ld pages, want >= 264", during - before);
    EXPECT(after == before, "the child's exit left %ld pages committed", after - before);
    EXPECT_OK(munmap(p, 256 * PGSIZE));
}

/* Recurse `frames` times with a 4 KiB frame each; the deepest count. */
static long deepest_commit;
static int recurse(int frames) {
    volatile char frame[4000];
    frame[0] = (char)frames;
    if (frames == 0) {
        deepest_commit = committed();
        return frame[0];
    }
    return recurse(frames - 1) + frame[0];
}

static void stack_growth_is_committed(void) {
    long c0 = committed();
    recurse(256); /* about 1 MiB of stack */
    EXPECT(deepest_commit - c0 >= 240, "1 MiB of stack growth committed %ld pages",
           deepest_commit - c0);
}

/* ---------------------------------------------------------------- running out */

static void sbrk_hog_gets_enomem_and_can_retry(void) {
    long c0 = committed();
    char* start = sbrk(0);
    int err = 0;
    long got = sbrk_hog(&err);
    EXPECT(err == ENOMEM, "sbrk failed with %s, want ENOMEM", strerror(err));
    EXPECT(got >= 16 * MiB, "only %ld MiB before ENOMEM", got / MiB);
    EXPECT(commit_room() < HOG_STEP / PGSIZE, "ENOMEM with %ld pages still committable",
           commit_room());
    /* free half, get it back again */
    long half = (got / 2) & ~(HOG_STEP - 1);
    EXPECT(sbrk(-half) != (void*)-1, "shrinking: %s", strerror(errno));
    char* again = sbrk(half);
    EXPECT(again != (char*)-1, "growing again after freeing: %s", strerror(errno));
    touch(again, half);
    EXPECT(sbrk(-got) != (void*)-1, "giving it all back: %s", strerror(errno));
    EXPECT(sbrk(0) == start, "break not back at the start");
    EXPECT(committed() == c0, "%ld pages still committed", committed() - c0);
}

static char* maps[MAX_STEPS];

static void mmap_hog_gets_enomem_and_can_retry(void) {
    long c0 = committed();
    int err = 0;
    int n = mmap_hog(maps, MAX_STEPS, TOUCH, &err);
    EXPECT(n < MAX_STEPS, "1 GiB of mmap did not run out");
    EXPECT(err == ENOMEM, "mmap failed with %s, want ENOMEM", strerror(err));
    EXPECT(n >= 16, "only %d MiB before ENOMEM", n);
    EXPECT(commit_room() < HOG_STEP / PGSIZE, "ENOMEM with %ld pages still committable",
           commit_room());
    /* free half, map (and touch) it again */
    int half = n / 2;
    unmap_all(maps, half);
    for (int i = 0; i < half; i++) {
        maps[i] = map_rw(HOG_STEP);
        EXPECT(maps[i] != MAP_FAILED, "mmap %d again after freeing: %s", i, strerror(errno));
        touch(maps[i], HOG_STEP);
    }
    unmap_all(maps, n);
    EXPECT(committed() == c0, "%ld pages still committed", committed() - c0);
}

/* Two processes hog at once, one with sbrk and one with mmap: both get
 * ENOMEM; when the first gives its memory back, the second can map more. */
struct Pipes {
    int report[2]; /* children -> parent: 'S'/'M' at ENOMEM, 's' when freed */
    int go_sbrk[2], go_mmap[2];
};
static struct Pipes pipes;

static int sbrk_hog_child(void* arg) {
    (void)arg;
    int err = 0;
    char c;
    long got = sbrk_hog(&err);
    if (err != ENOMEM) return 2;
    if (write(pipes.report[1], "S", 1) != 1) return 3;
    if (read(pipes.go_sbrk[0], &c, 1) != 1) return 4;
    if (sbrk(-got) == (void*)-1) return 5;
    if (write(pipes.report[1], "s", 1) != 1) return 6;
    return 0;
}

static int mmap_hog_child(void* arg) {
    (void)arg;
    int err = 0;
    char c;
    int n = mmap_hog(maps, MAX_STEPS, TOUCH, &err);
    if (err != ENOMEM) return 2;
    if (write(pipes.report[1], "M", 1) != 1) return 3;
    if (read(pipes.go_mmap[0], &c, 1) != 1) return 4;
    /* the other hog freed its heap: there is room again */
    char* more = map_rw(4 * HOG_STEP);
    if (more == MAP_FAILED) return 7;
    touch(more, 4 * HOG_STEP);
    munmap(more, 4 * HOG_STEP);
    unmap_all(maps, n);
    return 0;
}

static void two_hogs_at_once_both_get_enomem(void) {
    long c0 = committed();
    EXPECT_OK(pipe(pipes.report));
    EXPECT_OK(pipe(pipes.go_sbrk));
    EXPECT_OK(pipe(pipes.go_mmap));
    pid_t s = spawn(sbrk_hog_child, NULL);
    pid_t m = spawn(mmap_hog_child, NULL);
    EXPECT(s > 0 && m > 0, "fork: %s", strerror(errno));
    char got[2] = {0, 0};
    EXPECT(read(pipes.report[0], &got[0], 1) == 1 && read(pipes.report[0], &got[1], 1) == 1,
           "a hog died before reporting");
    EXPECT((got[0] == 'S' && got[1] == 'M') || (got[0] == 'M' && got[1] == 'S'),
           "reports %c%c, want S and M", got[0], got[1]);
    EXPECT(commit_room() < 2 * HOG_STEP / PGSIZE, "%ld pages still committable with both at ENOMEM",
           commit_room());
    EXPECT(write(pipes.go_sbrk[1], "g", 1) == 1, "write");
    char freed = 0;
    EXPECT(read(pipes.report[0], &freed, 1) == 1 && freed == 's', "the sbrk hog did not free");
    EXPECT(write(pipes.go_mmap[1], "g", 1) == 1, "write");
    int st = status_of(s);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sbrk hog: %s", status_text(st));
    st = status_of(m);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "mmap hog: %s (7: no room after the other freed)",
           status_text(st));
    EXPECT(committed() == c0, "%ld pages still committed", committed() - c0);
}

/* Two threads of one process hog with mmap at once. */
struct ThreadHog {
    char* maps[MAX_STEPS / 2];
    int n, err;
};
static struct ThreadHog thread_hogs[2];

static void* thread_hog(void* arg) {
    struct ThreadHog* h = arg;
    h->n = mmap_hog(h->maps, MAX_STEPS / 2, TOUCH, &h->err);
    return NULL;
}

static void threads_hogging_together_get_enomem(void) {
    long c0 = committed();
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_create(&t[i], NULL, thread_hog, &thread_hogs[i]) == 0, "pthread_create");
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++)
        EXPECT(thread_hogs[i].err == ENOMEM, "thread %d: mmap failed with %s after %d MiB", i,
               strerror(thread_hogs[i].err), thread_hogs[i].n);
    for (int i = 0; i < 2; i++)
        unmap_all(thread_hogs[i].maps, thread_hogs[i].n);
    /* the thread stacks are unmapped too, once pthread reaps them */
    EXPECT(committed() <= c0 + 2 * (PTHREAD_STACK_DEFAULT / PGSIZE + 1),
           "%ld pages still committed", committed() - c0);
}

static int exit_zero(void* arg) {
    (void)arg;
    return 0;
}

static void fork_when_memory_is_committed_is_enomem(void) {
    int err = 0;
    /* untouched: a commit is a promise, it needs no pages yet */
    int n = mmap_hog(maps, MAX_STEPS, NO_TOUCH, &err);
    EXPECT(err == ENOMEM, "mmap failed with %s, want ENOMEM", strerror(err));
    errno = 0;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    int fork_err = errno;
    if (pid > 0) status_of(pid);
    EXPECT(pid == -1 && fork_err == ENOMEM, "fork with %d MiB committed: %d, %s, want ENOMEM", n,
           pid, strerror(fork_err));
    EXPECT_ERRNO(wait(NULL), ECHILD);
    unmap_all(maps, n);
    pid = spawn(exit_zero, NULL);
    EXPECT(pid > 0, "fork after freeing: %s", strerror(errno));
    int st = status_of(pid);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", status_text(st));
}

/* ---------------------------------------------------------------- overcommit=always */

static void overcommit_mmap_is_never_refused(void) {
    struct weft_sysinfo si = info();
    EXPECT(si.commit_limit_pages == WEFT_NO_COMMIT_LIMIT,
           "commit limit %lu: not booted with overcommit=always?", si.commit_limit_pages);
    long c0 = committed();
    long len = 2 * (long)si.total_pages * PGSIZE; /* twice the machine's memory */
    char* p = map_rw(len);
    EXPECT(p != MAP_FAILED, "mmap of %ld MiB: %s", len / MiB, strerror(errno));
    EXPECT(committed() == c0 + len / PGSIZE, "still counted: %ld pages, want %ld", committed() - c0,
           len / PGSIZE);
    EXPECT_OK(munmap(p, (size_t)len));
}

static void on_sigsegv(int sig) {
    (void)sig;
    _exit(11);
}

static int touch_more_than_memory(void* arg) {
    (void)arg;
    signal(SIGSEGV, on_sigsegv); /* must not run: running out is not a bad access */
    long len = 2 * (long)info().total_pages * PGSIZE;
    char* p = map_rw(len);
    if (p == MAP_FAILED) return 2;
    touch(p, len);
    return 3; /* touched more than there is? */
}

static void oom_kill_is_sigkill_not_sigsegv(void) {
    long free_before = (long)info().free_pages;
    pid_t pid = spawn(touch_more_than_memory, NULL);
    EXPECT(pid > 0, "fork: %s", strerror(errno));
    printf("oom child pid %d\n", pid);
    int st = status_of(pid);
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the hog ended with %s, want signal 9",
           status_text(st));
    /* Memory works again. (That every page came back is free_pages_restored's
     * check, made where nothing is shared copy-on-write: docs/memory.md.) */
    EXPECT((long)info().free_pages > free_before / 2, "only %lu pages free after the kill",
           info().free_pages);
    char* q = map_rw(4 * MiB);
    EXPECT(q != MAP_FAILED, "mmap after the kill: %s", strerror(errno));
    touch(q, 4 * MiB);
    EXPECT_OK(munmap(q, 4 * MiB));
    pid = spawn(exit_zero, NULL);
    EXPECT(pid > 0, "fork after the kill: %s", strerror(errno));
    st = status_of(pid);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", status_text(st));
}

static const struct Test strict_tests[] = {
    {"commit_counts_mappings_not_touches", commit_counts_mappings_not_touches},
    {"fork_commits_the_parents_pages_again", fork_commits_the_parents_pages_again},
    {"stack_growth_is_committed", stack_growth_is_committed},
    {"sbrk_hog_gets_enomem_and_can_retry", sbrk_hog_gets_enomem_and_can_retry},
    {"mmap_hog_gets_enomem_and_can_retry", mmap_hog_gets_enomem_and_can_retry},
    {"two_hogs_at_once_both_get_enomem", two_hogs_at_once_both_get_enomem},
    {"threads_hogging_together_get_enomem", threads_hogging_together_get_enomem},
    {"fork_when_memory_is_committed_is_enomem", fork_when_memory_is_committed_is_enomem},
};

static const struct Test overcommit_tests[] = {
    {"overcommit_mmap_is_never_refused", overcommit_mmap_is_never_refused},
    {"oom_kill_is_sigkill_not_sigsegv", oom_kill_is_sigkill_not_sigsegv},
};

int main(int argc, char** argv) {
    const struct Test* tests = strict_tests;
    int n = NTESTS(strict_tests);
    if (argc > 1 && strcmp(argv[1], "--overcommit") == 0) {
        tests = overcommit_tests;
        n = NTESTS(overcommit_tests);
        argc--;
        argv++;
    }
    struct weft_sysinfo before = info();
    int failures = run_selected(tests, n, argc, argv);
    failures += check_free_pages_restored(&before);
    struct weft_sysinfo after = info();
    if (after.committed_pages == before.committed_pages) {
        printf("PASS committed_pages_restored\n");
    } else {
        printf("FAIL committed_pages_restored: %lu committed before, %lu after\n",
               before.committed_pages, after.committed_pages);
        failures++;
    }
    return summary(failures);
}
