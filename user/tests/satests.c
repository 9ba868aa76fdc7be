/* satests: M:N threads on scheduler activations (<sa.h>,
 * docs/activations.md).
 *
 *   satests        every test
 *   satests name   only the tests whose names contain "name"
 *   satests -T 3   the few time limits stretched by 3 (testlib.h)
 *
 * Each test runs in a child process of its own (testlib.h) -- a process
 * registers for activations once -- and prints "PASS <name>" or
 * "FAIL <name>: <why>"; then "ALL TESTS PASSED", or "SOME TESTS FAILED"
 * and exit status 1. The headline is blocked_read_others_progress, the
 * same situation as uthreadtests' blocking_read_stops_every_thread with
 * the opposite outcome. The last check, free_pages_restored, compares
 * the kernel's free-page count before and after everything.
 */
#include <errno.h>
#include <pthread.h>
#include <sa.h>
#include <string.h>
#include <weft_sched.h>

#include "testlib.h"

/* sa_init, and a FAIL that says why when the kernel has no activations. */
#define EXPECT_INIT(n)                                                                             \
    do {                                                                                           \
        int rc_ = sa_init(n);                                                                      \
        EXPECT(rc_ == 0, "sa_init(%d): %s", (n),                                                   \
               rc_ == ENOSYS ? "ENOSYS: the kernel has no activations" : strerror(rc_));           \
    } while (0)

static long harts(void) {
    return sysconf(_SC_NPROCESSORS_ONLN);
}
static long min_l(long a, long b) {
    return a < b ? a : b;
}

static struct sa_stats stats_now(void) {
    struct sa_stats s;
    sa_get_stats(&s);
    return s;
}

/* Library-side consistency after a test: nothing strange ever seen. */
#define EXPECT_CLEAN_STATS()                                                                       \
    do {                                                                                           \
        struct sa_stats s_ = stats_now();                                                          \
        EXPECT(s_.nested_upcalls == 0, "%lu nested upcalls", s_.nested_upcalls);                   \
        EXPECT(s_.stray_events == 0, "%lu events named no thread of ours", s_.stray_events);       \
        EXPECT(s_.lost_contexts == 0, "%lu thread contexts lost in upcalls", s_.lost_contexts);    \
    } while (0)

static volatile int stop;

static void* spin_counting(void* arg) {
    volatile long* counter = arg;
    while (!stop)
        (*counter)++;
    return NULL;
}

/* ---------------------------------------------------------------- registration */

static void init_grants_min_of_request_and_harts(void) {
    EXPECT_INIT(8);
    EXPECT(sa_concurrency() == min_l(8, harts()), "granted %d VPs on %ld harts", sa_concurrency(),
           harts());
    EXPECT(sa_init(1) == EBUSY, "a second sa_init is EBUSY");
    struct sa_config cfg;
    memset(&cfg, 0, sizeof cfg);
    /* A valid configuration, so that only "registered already" is wrong. */
    static char stack[16384] __attribute__((aligned(16)));
    static char page[4096] __attribute__((aligned(4096)));
    cfg.upcall_entry = (unsigned long)init_grants_min_of_request_and_harts;
    cfg.nvp = 1;
    cfg.upcall_stack[0] = (unsigned long)&stack[sizeof stack];
    cfg.shared[0] = (unsigned long)page;
    EXPECT_ERRNO(sa_register(&cfg), EBUSY);
    EXPECT_ERRNO(sa_setconcurrency(0), EINVAL);
    EXPECT_ERRNO(sa_setconcurrency((int)harts() + 1), EINVAL);
}

static void* wait_on_pipe(void* arg) {
    char c;
    (void)read(*(int*)arg, &c, 1);
    return NULL;
}

static void register_needs_a_single_thread(void) {
    static int p[2];
    EXPECT_OK(pipe(p));
    pthread_t t;
    EXPECT(pthread_create(&t, NULL, wait_on_pipe, p) == 0, "pthread_create");
    EXPECT(sa_init(2) == EINVAL, "sa_init with a second kernel thread must be EINVAL");
    EXPECT_OK(write(p[1], "x", 1));
    pthread_join(t, NULL);
}

/* ---------------------------------------------------------------- the point */

static volatile long progress[2];
static int data_pipe[2], go_pipe[2];
static long before_read, after_read, blocked_ms, read_result;
static char read_buf[16];
static struct sa_stats stats_before, stats_after;

static void* blocking_reader(void* arg) {
    (void)arg;
    while (progress[0] < 1000 || progress[1] < 1000)
        sa_thread_yield();
    stats_before = stats_now();
    if (write(go_pipe[1], "g", 1) != 1) return (void*)1L;
    before_read = progress[0] + progress[1];
    long t0 = now_ms();
    read_result = read(data_pipe[0], read_buf, sizeof read_buf); /* blocks ~300 ms */
    blocked_ms = now_ms() - t0;
    after_read = progress[0] + progress[1];
    stats_after = stats_now();
    stop = 1;
    return NULL;
}

static int write_when_told(void* arg) {
    (void)arg;
    char c;
    if (read(go_pipe[0], &c, 1) != 1) return 1;
    sleep_ms(300);
    return write(data_pipe[1], "hello", 5) == 5 ? 0 : 2;
}

static void blocked_read_others_progress(void) {
    EXPECT_OK(pipe(data_pipe));
    EXPECT_OK(pipe(go_pipe));
    pid_t child = spawn(write_when_told, NULL);
    EXPECT(child > 0, "fork");
    EXPECT_INIT(1); /* ONE virtual processor: the others can only run if the kernel tells us */
    sa_thread_t r, s[2];
    EXPECT(sa_thread_create(&s[0], spin_counting, (void*)&progress[0]) == 0, "create");
    EXPECT(sa_thread_create(&s[1], spin_counting, (void*)&progress[1]) == 0, "create");
    EXPECT(sa_thread_create(&r, blocking_reader, NULL) == 0, "create");
    void* res;
    sa_thread_join(r, &res);
    sa_thread_join(s[0], NULL);
    sa_thread_join(s[1], NULL);
    int st = status_of(child);
    EXPECT(res == NULL, "the reader could not write to the child");
    EXPECT(st == 0, "the writer child: %s", status_text(st));
    EXPECT(read_result == 5 && memcmp(read_buf, "hello", 5) == 0, "read returned %ld", read_result);
    EXPECT(blocked_ms >= 200, "the read blocked only %ld ms", blocked_ms);
    EXPECT(after_read > before_read, "nobody ran during a %ld ms read (the uthread flaw)",
           blocked_ms);
    unsigned long blocked = stats_after.events[SA_BLOCKED] - stats_before.events[SA_BLOCKED];
    unsigned long unblocked = stats_after.events[SA_UNBLOCKED] - stats_before.events[SA_UNBLOCKED];
    EXPECT(blocked == 1 && unblocked == 1, "%lu BLOCKED and %lu UNBLOCKED events, want 1 and 1",
           blocked, unblocked);
    EXPECT_CLEAN_STATS();
}

/* ---------------------------------------------------------------- parallelism */

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];

/* Our threads the kernel shows running right now, on distinct harts. */
static int running_now(int pid) {
    int n = procinfo(rows, WEFT_PROCINFO_MAX);
    unsigned seen = 0;
    int running = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].pid == pid && rows[i].tid != 0 && rows[i].state == 'R' && rows[i].hart >= 0 &&
            !(seen & (1u << rows[i].hart))) {
            seen |= 1u << rows[i].hart;
            running++;
        }
    return running;
}

static volatile unsigned cpus_seen;

static void* spin_noting_cpu(void* arg) {
    (void)arg;
    long n = 0;
    while (!stop)
        if ((++n & 0xfff) == 0)
            __atomic_or_fetch(&cpus_seen, 1u << sched_getcpu(), __ATOMIC_RELAXED);
    return NULL;
}

/* In a child: ask for `want` VPs, run 4 spinners, and exit with the
 * most of our threads the kernel ever showed running at once. */
static int measure_parallelism(void* arg) {
    int want = (int)(long)arg;
    if (sa_init(want) != 0) return 100;
    sa_thread_t t[4];
    for (int i = 0; i < 4; i++)
        if (sa_thread_create(&t[i], spin_noting_cpu, NULL) != 0) return 101;
    int best = 0, pid = getpid(), over = 0;
    long until = now_ms() + scaled_ms(400); /* long enough for every hart to show up */
    while (now_ms() < until) {
        int r = running_now(pid);
        if (r > best && r <= sa_concurrency()) best = r;
        /* More than granted in several samples in a row: the invariant
           broke. (One sample may catch a kernel-only moment, e.g. a new
           spare activation running the few instructions that park it:
           procinfo's 'R' does not say user or kernel.) */
        if (r > sa_concurrency()) {
            if (++over >= 3) return 102;
        } else {
            over = 0;
        }
    }
    stop = 1;
    for (int i = 0; i < 4; i++)
        sa_thread_join(t[i], NULL);
    return best;
}

static void parallelism_is_min_of_request_and_harts(void) {
    for (int want = 1; want <= 4; want *= 2) {
        pid_t pid = spawn(measure_parallelism, (void*)(long)want);
        EXPECT(pid > 0, "fork");
        int st = status_of(pid);
        EXPECT(WIFEXITED(st), "child for %d VPs: %s", want, status_text(st));
        int got = WEXITSTATUS(st);
        EXPECT(got != 100, "sa_init(%d) failed", want);
        EXPECT(got != 102, "more threads running than VPs granted (asked for %d)", want);
        EXPECT(got == min_l(want, harts()), "asked for %d VPs on %ld harts: at most %d ran at once",
               want, harts(), got);
    }
}

/* ---------------------------------------------------------------- registers across preemption */
/* regcheck_<n>(iterations): fill every register but sp and tp (tp names
 * the thread: the library needs it) with a pattern, then check them
 * all, over and over. Returns 0, or 1000 + the x register / 2000 + the
 * f register / 3000 for fcsr found changed. Two phases per round so
 * that every register is checked while holding its pattern: phase A
 * uses x30, x31 as scratch, phase B x28, x29. */
#define XP(base, r) ((base) + (r)*0x0101010101ULL)
__asm__(
    ".macro CHECKX r, base, scratch, fail\n"
    "  li \\scratch, \\base + \\r * 0x0101010101\n"
    "  beq x\\r, \\scratch, 1f\n"
    "  li a0, 1000 + \\r\n"
    "  j \\fail\n"
    "1:\n"
    ".endm\n"
    ".macro CHECKF r, base\n"
    "  fmv.x.d x31, f\\r\n"
    "  li x30, \\base + 0x7000 + \\r * 0x0303030303\n"
    "  beq x31, x30, 1f\n"
    "  li a0, 2000 + \\r\n"
    "  j 98f\n"
    "1:\n"
    ".endm\n"
    ".macro REGCHECK name, base\n"
    "  .text\n"
    "  .global \\name\n"
    "\\name:\n"
    "  addi sp, sp, -224\n"
    "  sd ra, 0(sp)\n  sd gp, 8(sp)\n  sd s0, 16(sp)\n  sd s1, 24(sp)\n  sd s2, 32(sp)\n"
    "  sd s3, 40(sp)\n  sd s4, 48(sp)\n  sd s5, 56(sp)\n  sd s6, 64(sp)\n  sd s7, 72(sp)\n"
    "  sd s8, 80(sp)\n  sd s9, 88(sp)\n  sd s10, 96(sp)\n  sd s11, 104(sp)\n"
    "  fsd fs0, 112(sp)\n  fsd fs1, 120(sp)\n  fsd fs2, 128(sp)\n  fsd fs3, 136(sp)\n"
    "  fsd fs4, 144(sp)\n  fsd fs5, 152(sp)\n  fsd fs6, 160(sp)\n  fsd fs7, 168(sp)\n"
    "  fsd fs8, 176(sp)\n  fsd fs9, 184(sp)\n  fsd fs10, 192(sp)\n  fsd fs11, 200(sp)\n"
    "  sd a0, 208(sp)\n" /* the round counter lives on the stack */
    "  frcsr t0\n  sd t0, 216(sp)\n"
    "  li t0, 0x35\n  fscsr t0\n" /* frm = round toward zero, some flags set */
    "  .irp r, "
    "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  li t0, \\base + 0x7000 + \\r * 0x0303030303\n  fmv.d.x f\\r, t0\n"
    "  .endr\n"
    "  .irp r, 1,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  li x\\r, \\base + \\r * 0x0101010101\n"
    "  .endr\n"
    "90:\n" /* phase A: scratch x30, x31 */
    "  .irp r, 1,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29\n"
    "  CHECKX \\r, \\base, x31, 98f\n"
    "  .endr\n"
    "  .irp r, "
    "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  CHECKF \\r, \\base\n"
    "  .endr\n"
    "  frcsr x31\n  li x30, 0x35\n  beq x31, x30, 1f\n  li a0, 3000\n  j 98f\n1:\n"
    "  ld x31, 208(sp)\n  addi x31, x31, -1\n  sd x31, 208(sp)\n  beqz x31, 97f\n"
    "  li x30, \\base + 30 * 0x0101010101\n  li x31, \\base + 31 * 0x0101010101\n"
    /* phase B: scratch x28, x29 */
    "  .irp r, 1,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,30,31\n"
    "  CHECKX \\r, \\base, x29, 98f\n"
    "  .endr\n"
    "  li x28, \\base + 28 * 0x0101010101\n  li x29, \\base + 29 * 0x0101010101\n"
    "  j 90b\n"
    "97:\n  li a0, 0\n"
    "98:\n"
    "  ld t0, 216(sp)\n  fscsr t0\n"
    "  ld ra, 0(sp)\n  ld gp, 8(sp)\n  ld s0, 16(sp)\n  ld s1, 24(sp)\n  ld s2, 32(sp)\n"
    "  ld s3, 40(sp)\n  ld s4, 48(sp)\n  ld s5, 56(sp)\n  ld s6, 64(sp)\n  ld s7, 72(sp)\n"
    "  ld s8, 80(sp)\n  ld s9, 88(sp)\n  ld s10, 96(sp)\n  ld s11, 104(sp)\n"
    "  fld fs0, 112(sp)\n  fld fs1, 120(sp)\n  fld fs2, 128(sp)\n  fld fs3, 136(sp)\n"
    "  fld fs4, 144(sp)\n  fld fs5, 152(sp)\n  fld fs6, 160(sp)\n  fld fs7, 168(sp)\n"
    "  fld fs8, 176(sp)\n  fld fs9, 184(sp)\n  fld fs10, 192(sp)\n  fld fs11, 200(sp)\n"
    "  addi sp, sp, 224\n"
    "  ret\n"
    ".endm\n"
    "REGCHECK regcheck_0, 0x1000000000000000\n"
    "REGCHECK regcheck_1, 0x2000000000000000\n"
    "REGCHECK regcheck_2, 0x3000000000000000\n");
long regcheck_0(long rounds);
long regcheck_1(long rounds);
long regcheck_2(long rounds);
static long (*const regcheck[3])(long) = {regcheck_0, regcheck_1, regcheck_2};

static long reg_results[3];
static volatile int registers_checked_enough; /* set by the test once it saw enough */

/* Check in batches until told to stop or a register changed. */
static void* check_registers(void* arg) {
    long i = (long)arg;
    long r;
    do
        r = regcheck[i](2000);
    while (r == 0 && !registers_checked_enough);
    reg_results[i] = r;
    return NULL;
}

static const char* reg_name(long code) {
    static char name[16];
    if (code >= 3000) return "fcsr";
    snprintf(name, sizeof name, "%s%ld", code >= 2000 ? "f" : "x", code % 1000);
    return name;
}

static void preempted_thread_keeps_every_register(void) {
    EXPECT_INIT(2);
    EXPECT(regcheck_0(2000) == 0, "registers changed without any preemption");
    struct sa_stats before = stats_now();
    registers_checked_enough = 0;
    sa_thread_t t[3];
    for (long i = 0; i < 3; i++)
        EXPECT(sa_thread_create(&t[i], check_registers, (void*)i) == 0, "create");
    /* Run until the checkers were preempted and resumed often enough to
     * prove something: a count, not a time (a slow host just takes longer). */
    long deadline = now_ms() + scaled_ms(30000);
    for (;;) {
        struct sa_stats now = stats_now();
        if (now.events[SA_PREEMPTED] - before.events[SA_PREEMPTED] >= 6 &&
            now.full_resumes > before.full_resumes)
            break;
        if (now_ms() > deadline) break;
        sleep_ms(50);
    }
    registers_checked_enough = 1;
    for (int i = 0; i < 3; i++)
        sa_thread_join(t[i], NULL);
    struct sa_stats after = stats_now();
    for (int i = 0; i < 3; i++)
        EXPECT(reg_results[i] == 0, "thread %d found %s changed after a preemption", i,
               reg_name(reg_results[i]));
    unsigned long preempted = after.events[SA_PREEMPTED] - before.events[SA_PREEMPTED];
    EXPECT(preempted >= 3, "only %lu preemptions: the test proved nothing", preempted);
    EXPECT(after.full_resumes > before.full_resumes, "no context was resumed through sigreturn");
    EXPECT_CLEAN_STATS();
}

/* ---------------------------------------------------------------- locks under preemption */

static sa_spinlock_t spin = SA_SPINLOCK_INITIALIZER;
static sa_mutex_t mutex = SA_MUTEX_INITIALIZER;
static volatile long spin_counter, mutex_counter;
static volatile int enough_rounds; /* set by the test when it has seen enough */

/* Returns the number of rounds it made (each adds 1 to both counters). */
static void* add_under_locks(void* arg) {
    (void)arg;
    long i = 0;
    for (; !enough_rounds; i++) {
        sa_spin_lock(&spin);
        long v = spin_counter;
        for (volatile int d = 0; d < 300;
             d++) { /* a long critical section: preemption lands here */
        }
        spin_counter = v + 1;
        sa_spin_unlock(&spin);

        sa_mutex_lock(&mutex);
        v = mutex_counter;
        for (volatile int d = 0; d < 100; d++) {
        }
        mutex_counter = v + 1;
        sa_mutex_unlock(&mutex);
    }
    return (void*)i;
}

/* The threads add until what this test is about has happened often
 * enough: preemptions, some of them of a lock holder (nearly all of each
 * round is inside a critical section), which the library must run on to
 * its unlock. Counted, not timed, so a slow machine only takes longer;
 * the bound (stretched by -T) is there so that a library that never
 * recovers fails with a message instead of a hang. */
enum { WANT_PREEMPTIONS = 20, WANT_RECOVERIES = 3 };

static void spin_and_mutex_counters_exact_under_preemption(void) {
    EXPECT_INIT(4);
    struct sa_stats before = stats_now();
    enough_rounds = 0;
    spin_counter = mutex_counter = 0;
    enum { N = 6 };
    sa_thread_t t[N];
    for (int i = 0; i < N; i++)
        EXPECT(sa_thread_create(&t[i], add_under_locks, NULL) == 0, "create");
    long give_up = now_ms() + scaled_ms(60000);
    struct sa_stats s;
    unsigned long preempted, recovered;
    do {
        sleep_ms(20);
        s = stats_now();
        preempted = s.events[SA_PREEMPTED] - before.events[SA_PREEMPTED];
        recovered = s.recoveries - before.recoveries;
    } while ((preempted < WANT_PREEMPTIONS || recovered < WANT_RECOVERIES) && now_ms() < give_up);
    enough_rounds = 1;
    long rounds = 0;
    for (int i = 0; i < N; i++) {
        void* made;
        sa_thread_join(t[i], &made);
        rounds += (long)made;
    }
    EXPECT(spin_counter == rounds, "spin-locked counter %ld, want %ld", spin_counter, rounds);
    EXPECT(mutex_counter == rounds, "mutex counter %ld, want %ld", mutex_counter, rounds);
    EXPECT(sa_locks_held() == 0, "main holds %d locks", sa_locks_held());
    printf("     (%ld rounds, %lu preemptions, %lu of lock holders continued)\n", rounds, preempted,
           recovered);
    EXPECT(preempted >= WANT_PREEMPTIONS, "only %lu preemptions in %ld s: the test proved nothing",
           preempted, scaled_ms(60000) / 1000);
    EXPECT(recovered >= WANT_RECOVERIES,
           "%lu preemptions, %lu of a lock holder in %ld s: recovery not tested enough", preempted,
           recovered, scaled_ms(60000) / 1000);
    EXPECT_CLEAN_STATS();
}

/* ---------------------------------------------------------------- many block/unblock cycles */

#ifndef PINGPONG_CYCLES
#define PINGPONG_CYCLES 10000
#endif
static int ping[2], pong[2];
static long cycles = PINGPONG_CYCLES; /* satests block_unblock N: N cycles */
static long pingpong_error;

static void* pinger(void* arg) {
    (void)arg;
    for (int i = 0; i < cycles; i++) {
        int got = -1;
        if (write(ping[1], &i, sizeof i) != sizeof i) return (void*)1L;
        if (read(pong[0], &got, sizeof got) != sizeof got) return (void*)2L;
        if (got != i) {
            pingpong_error = 1000000L + i;
            return (void*)3L;
        }
    }
    return NULL;
}

static void* ponger(void* arg) {
    (void)arg;
    for (int i = 0; i < cycles; i++) {
        int got = -1;
        if (read(ping[0], &got, sizeof got) != sizeof got) return (void*)4L;
        if (got != i) {
            pingpong_error = 2000000L + i;
            return (void*)5L;
        }
        if (write(pong[1], &got, sizeof got) != sizeof got) return (void*)6L;
    }
    return NULL;
}

static void block_unblock_cycles_lose_nothing(void) {
    EXPECT_OK(pipe(ping));
    EXPECT_OK(pipe(pong));
    EXPECT_INIT(1);
    struct sa_stats before = stats_now();
    long t0 = now_ms();
    sa_thread_t a, b;
    void *ra, *rb;
    EXPECT(sa_thread_create(&a, pinger, NULL) == 0, "create");
    EXPECT(sa_thread_create(&b, ponger, NULL) == 0, "create");
    sa_thread_join(a, &ra);
    sa_thread_join(b, &rb);
    long ms = now_ms() - t0;
    struct sa_stats after = stats_now();
    EXPECT(ra == NULL && rb == NULL, "pinger %ld, ponger %ld (error at %ld)", (long)ra, (long)rb,
           pingpong_error);
    unsigned long blocked = after.events[SA_BLOCKED] - before.events[SA_BLOCKED];
    unsigned long unblocked = after.events[SA_UNBLOCKED] - before.events[SA_UNBLOCKED];
    EXPECT(blocked == unblocked, "%lu BLOCKED but %lu UNBLOCKED events", blocked, unblocked);
    EXPECT(blocked >= (unsigned long)cycles, "only %lu blocks in %ld cycles", blocked, cycles);
    printf("     (%ld cycles, %lu blocks, %ld ms)\n", cycles, blocked, ms);
    EXPECT_CLEAN_STATS();
}

/* ---------------------------------------------------------------- no nested upcall */

static int churn_pipe[2];

static void* churn_reader(void* arg) {
    (void)arg;
    char c;
    while (!stop)
        if (read(churn_pipe[0], &c, 1) != 1) break;
    return NULL;
}

static void* churn_writer(void* arg) {
    (void)arg;
    long n = 0;
    while (!stop) {
        if (write(churn_pipe[1], "x", 1) != 1) break;
        if (++n % 8 == 0) sa_thread_yield();
    }
    return NULL;
}

static void no_nested_upcall_under_churn(void) {
    EXPECT_OK(pipe(churn_pipe));
    EXPECT_INIT(4);
    static volatile long spun[2];
    sa_thread_t t[6];
    EXPECT(sa_thread_create(&t[0], churn_reader, NULL) == 0, "create");
    EXPECT(sa_thread_create(&t[1], churn_reader, NULL) == 0, "create");
    EXPECT(sa_thread_create(&t[2], churn_writer, NULL) == 0, "create");
    EXPECT(sa_thread_create(&t[3], spin_counting, (void*)&spun[0]) == 0, "create");
    EXPECT(sa_thread_create(&t[4], spin_counting, (void*)&spun[1]) == 0, "create");
    EXPECT(sa_thread_create(&t[5], churn_writer, NULL) == 0, "create");
    sleep_ms(500);
    stop = 1;
    EXPECT_OK(write(churn_pipe[1], "xy", 2)); /* readers still waiting get out */
    for (int i = 0; i < 6; i++)
        sa_thread_join(t[i], NULL);
    struct sa_stats s = stats_now();
    EXPECT(s.upcalls > 10, "only %lu upcalls: the test proved nothing", s.upcalls);
    EXPECT_CLEAN_STATS();
}

/* ---------------------------------------------------------------- exhaustion */

static int MANY = 80; /* satests more_blocked N: N readers */
static int many_pipe[2];
static volatile long many_got;

static void* read_one_byte(void* arg) {
    (void)arg;
    char c;
    if (read(many_pipe[0], &c, 1) == 1) __atomic_add_fetch(&many_got, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static int feed_many(void* arg) {
    (void)arg;
    sleep_ms(300);
    for (int i = 0; i < MANY; i++) {
        if (write(many_pipe[1], "b", 1) != 1) return 1;
        if (i % 10 == 9) sleep_ms(20);
    }
    return 0;
}

static void more_blocked_threads_than_activations(void) {
    EXPECT_OK(pipe(many_pipe));
    pid_t child = spawn(feed_many, NULL);
    EXPECT(child > 0, "fork");
    EXPECT_INIT(2);
    static sa_thread_t t[200];
    if (MANY > 200) MANY = 200;
    for (int i = 0; i < MANY; i++)
        EXPECT(sa_thread_create(&t[i], read_one_byte, NULL) == 0, "create %d", i);
    for (int i = 0; i < MANY; i++)
        sa_thread_join(t[i], NULL);
    int st = status_of(child);
    EXPECT(st == 0, "the feeding child: %s", status_text(st));
    EXPECT(many_got == MANY, "%ld of %d readers got their byte", many_got, MANY);
    EXPECT_CLEAN_STATS();
}

/* ---------------------------------------------------------------- fork, exec, exit, kill */

static int child_of_fork(void) {
    /* A plain process: one thread, no activations. */
    int n = procinfo(rows, WEFT_PROCINFO_MAX), mine = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].pid == getpid() && rows[i].tid != 0) mine++;
    if (mine != 1) return 10 + mine;
    if (sa_setconcurrency(1) != -1 || errno != EINVAL) return 3; /* not activated */
    sa_thread_yield();                                           /* the library knows: a no-op */
    return 0;
}

static void* forking_thread(void* arg) {
    (void)arg;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(child_of_fork());
    return (void*)(long)status_of(pid);
}

static void fork_gives_plain_single_threaded_child(void) {
    EXPECT_INIT(2);
    static volatile long spun;
    stop = 0;
    sa_thread_t s, f;
    EXPECT(sa_thread_create(&s, spin_counting, (void*)&spun) == 0, "create");
    EXPECT(sa_thread_create(&f, forking_thread, NULL) == 0, "create");
    void* st;
    sa_thread_join(f, &st);
    stop = 1;
    sa_thread_join(s, NULL);
    EXPECT((long)st == 0, "the child: %s (exit 1x: x threads; 3: still activated)",
           status_text((int)(long)st));
}

static int never_written[2];

static void* block_forever(void* arg) {
    (void)arg;
    char c;
    (void)read(never_written[0], &c, 1);
    return NULL;
}

/* A busy activated process: VPs, spinning threads, threads blocked in
 * the kernel. How it ends is up to `how`: 0 exit from a thread, 1 wait
 * to be killed, 2 exec. */
static int busy_activated_process(void* arg) {
    long how = (long)arg;
    if (pipe(never_written) < 0) return 90;
    if (sa_init(4) != 0) return 91;
    static volatile long spun[2];
    sa_thread_t t[5];
    sa_thread_create(&t[0], spin_counting, (void*)&spun[0]);
    sa_thread_create(&t[1], spin_counting, (void*)&spun[1]);
    sa_thread_create(&t[2], block_forever, NULL);
    sa_thread_create(&t[3], block_forever, NULL);
    sa_thread_create(&t[4], block_forever, NULL);
    sleep_ms(150); /* a blocking call from main too */
    if (how == 0) exit(7);
    if (how == 2) {
        char* argv[] = {"satests", "--exec-target", NULL};
        execv("/bin/satests", argv);
        return 92;
    }
    for (;;)
        sa_thread_yield();
}

static void exec_from_activated_process(void) {
    pid_t pid = spawn(busy_activated_process, (void*)2L);
    EXPECT(pid > 0, "fork");
    int st = status_of(pid);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 42, "the exec'd program: %s (42 expected)",
           status_text(st));
}

static int free_pages_and_threads(unsigned long* threads) {
    struct weft_sysinfo si;
    if (sysinfo(&si) < 0) return -1;
    if (threads) *threads = si.threads;
    return (int)si.free_pages;
}

static void exit_and_kill_leave_nothing_behind(void) {
    unsigned long threads_before = 0, threads_after = 0;
    /* Once unmeasured: whatever this process itself allocates on the way
       (stack, heap, copies after fork) is allocated before we count. */
    pid_t warm = spawn(busy_activated_process, (void*)0L);
    EXPECT(warm > 0, "fork");
    (void)status_of(warm);
    /* ... and once down the kill path too (its calls grow our own stack). */
    warm = spawn(busy_activated_process, (void*)1L);
    EXPECT(warm > 0, "fork");
    sleep_ms(400);
    EXPECT_OK(kill(warm, SIGKILL));
    (void)status_text(status_of(warm));
    int before = free_pages_and_threads(&threads_before);
    pid_t a = spawn(busy_activated_process, (void*)0L);
    EXPECT(a > 0, "fork");
    int st = status_of(a);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 7, "exit from an activated process: %s",
           status_text(st));
    int after_exit = free_pages_and_threads(NULL);
    pid_t b = spawn(busy_activated_process, (void*)1L);
    EXPECT(b > 0, "fork");
    sleep_ms(400);
    EXPECT_OK(kill(b, SIGKILL));
    st = status_of(b);
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed activated process: %s",
           status_text(st));
    int after = 0;
    long deadline = now_ms() + scaled_ms(2000);
    do { /* the last kernel threads may take a moment; a leak never ends */
        after = free_pages_and_threads(&threads_after);
        if (after == before && threads_after == threads_before) break;
        sleep_ms(20);
    } while (now_ms() < deadline);
    EXPECT(threads_after == threads_before, "%lu kernel threads before, %lu after", threads_before,
           threads_after);
    EXPECT(after == before, "%d free pages before, %d after the exit, %d after the kill", before,
           after_exit, after);
}

static const struct Test tests[] = {
    {"init_grants_min_of_request_and_harts", init_grants_min_of_request_and_harts},
    {"register_needs_a_single_thread", register_needs_a_single_thread},
    {"blocked_read_others_progress", blocked_read_others_progress},
    {"parallelism_is_min_of_request_and_harts", parallelism_is_min_of_request_and_harts},
    {"preempted_thread_keeps_every_register", preempted_thread_keeps_every_register},
    {"spin_and_mutex_counters_exact_under_preemption",
     spin_and_mutex_counters_exact_under_preemption},
    {"block_unblock_cycles_lose_nothing", block_unblock_cycles_lose_nothing},
    {"no_nested_upcall_under_churn", no_nested_upcall_under_churn},
    {"more_blocked_threads_than_activations", more_blocked_threads_than_activations},
    {"fork_gives_plain_single_threaded_child", fork_gives_plain_single_threaded_child},
    {"exec_from_activated_process", exec_from_activated_process},
    {"exit_and_kill_leave_nothing_behind", exit_and_kill_leave_nothing_behind},
};

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--exec-target") == 0) return 42;
    take_time_scale(&argc, argv);
    if (argc > 2) cycles = MANY = atoi(argv[2]);
    (void)run_tests; /* our own loop: free_pages_restored comes last */
    int before = free_pages_and_threads(NULL);
    const char* only = argc > 1 ? argv[1] : NULL;
    int failures = 0;
    for (int i = 0; i < NTESTS(tests); i++) {
        if (only && !strstr(tests[i].name, only)) continue;
        if (!run_one(&tests[i])) failures++;
    }
    if (!only) {
        int after = 0;
        long deadline = now_ms() + scaled_ms(2000);
        do {
            after = free_pages_and_threads(NULL);
            if (after == before) break;
            sleep_ms(20);
        } while (now_ms() < deadline);
        if (after == before) {
            printf("PASS free_pages_restored\n");
        } else {
            printf("FAIL free_pages_restored: %d free pages before, %d after\n", before, after);
            failures++;
        }
    }
    printf(failures == 0 ? "ALL TESTS PASSED\n" : "SOME TESTS FAILED\n");
    return failures == 0 ? 0 : 1;
}
