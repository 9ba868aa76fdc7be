/* uthreadtests: the many-to-one thread library (<uthread.h>,
 * docs/activations.md "The problem").
 *
 *   uthreadtests        every test
 *   uthreadtests name   only the tests whose names contain "name"
 *
 * Each test runs in a child process of its own (testlib.h) and prints
 * "PASS <name>" or "FAIL <name>: <why>"; then "ALL TESTS PASSED", or
 * "SOME TESTS FAILED" and exit status 1. The last check,
 * free_pages_restored, compares the kernel's free-page count before and
 * after everything (thread stacks, the SIGALRM timer: nothing may leak). The point of the library
 * is blocking_read_stops_every_thread: uthreads are invisible to the kernel, so one blocking read
 * stops them all.
 */
#include <errno.h>
#include <string.h>
#include <uthread.h>
#include <weft_sched.h>

#include "testlib.h"

/* ---------------------------------------------------------------- create, yield, join */

static char order_log[64];
static int order_len;

static void* take_turns(void* arg) {
    int id = (int)(long)arg;
    for (int i = 0; i < 3; i++) {
        order_log[order_len++] = (char)('0' + id);
        uthread_yield();
    }
    return (void*)(long)(id * 10);
}

static void create_yield_join_order(void) {
    uthread_t t[3];
    for (int i = 0; i < 3; i++)
        EXPECT(uthread_create(&t[i], take_turns, (void*)(long)(i + 1)) == 0, "create");
    EXPECT(order_len == 0, "a new thread ran before anyone yielded");
    for (int i = 0; i < 3; i++) {
        void* result;
        EXPECT(uthread_join(t[i], &result) == 0, "join");
        EXPECT((long)result == (i + 1) * 10, "thread %d returned %ld", i + 1, (long)result);
    }
    order_log[order_len] = 0;
    /* FIFO scheduling, a switch at every yield: strict round robin. */
    EXPECT(strcmp(order_log, "123123123") == 0, "order %s, want 123123123", order_log);
    struct uthread_stats st;
    uthread_get_stats(&st);
    EXPECT(st.created == 3, "created %lu", st.created);
}

static void* idle_thread(void* arg) {
    (void)arg;
    return NULL;
}

static void join_rules(void) {
    EXPECT(uthread_join(uthread_self(), NULL) == EDEADLK, "joining yourself is EDEADLK");
    uthread_t t;
    EXPECT(uthread_create(&t, idle_thread, NULL) == 0, "create");
    EXPECT(uthread_id(t) > 0 && uthread_id(uthread_self()) == 0, "ids: main 0, others > 0");
    EXPECT(uthread_join(t, NULL) == 0, "join");
}

/* ---------------------------------------------------------------- mutex and condition variable */

enum { SLOTS = 4, ITEMS = 400 };
static uthread_mutex_t mtx = UTHREAD_MUTEX_INITIALIZER;
static uthread_cond_t not_full = UTHREAD_COND_INITIALIZER, not_empty = UTHREAD_COND_INITIALIZER;
static int buffer[SLOTS], count, in, out;
static long consumed_sum;

static void* producer(void* arg) {
    int base = (int)(long)arg;
    for (int i = 1; i <= ITEMS; i++) {
        uthread_mutex_lock(&mtx);
        while (count == SLOTS)
            uthread_cond_wait(&not_full, &mtx);
        buffer[in] = base + i;
        in = (in + 1) % SLOTS;
        count++;
        uthread_cond_signal(&not_empty);
        uthread_mutex_unlock(&mtx);
        if (i % 7 == 0) uthread_yield();
    }
    return NULL;
}

static void* consumer(void* arg) {
    (void)arg;
    for (int i = 0; i < ITEMS; i++) {
        uthread_mutex_lock(&mtx);
        while (count == 0)
            uthread_cond_wait(&not_empty, &mtx);
        consumed_sum += buffer[out];
        out = (out + 1) % SLOTS;
        count--;
        uthread_cond_signal(&not_full);
        uthread_mutex_unlock(&mtx);
    }
    return NULL;
}

static void mutex_and_cond_producer_consumer(void) {
    uthread_t p[2], c[2];
    EXPECT(uthread_create(&p[0], producer, (void*)0L) == 0, "create");
    EXPECT(uthread_create(&p[1], producer, (void*)100000L) == 0, "create");
    EXPECT(uthread_create(&c[0], consumer, NULL) == 0, "create");
    EXPECT(uthread_create(&c[1], consumer, NULL) == 0, "create");
    for (int i = 0; i < 2; i++) {
        uthread_join(p[i], NULL);
        uthread_join(c[i], NULL);
    }
    long want = 2L * ITEMS * (ITEMS + 1) / 2 + 100000L * ITEMS;
    EXPECT(consumed_sum == want, "consumed %ld, want %ld", consumed_sum, want);
    EXPECT(count == 0, "%d items left", count);
}

static void mutex_error_codes(void) {
    uthread_mutex_t m = UTHREAD_MUTEX_INITIALIZER;
    EXPECT(uthread_mutex_unlock(&m) == EPERM, "unlock of a free mutex is EPERM");
    EXPECT(uthread_mutex_lock(&m) == 0, "lock");
    EXPECT(uthread_mutex_lock(&m) == EDEADLK, "relock is EDEADLK");
    EXPECT(uthread_mutex_trylock(&m) == EBUSY, "trylock of a held mutex is EBUSY");
    EXPECT(uthread_mutex_destroy(&m) == EBUSY, "destroy of a held mutex is EBUSY");
    EXPECT(uthread_mutex_unlock(&m) == 0, "unlock");
    EXPECT(uthread_mutex_destroy(&m) == 0, "destroy");
}

/* ---------------------------------------------------------------- the kernel sees one thread */

static volatile int stop;

static void* spinner(void* arg) {
    volatile long* counter = arg;
    while (!stop) {
        (*counter)++;
        uthread_yield();
    }
    return NULL;
}

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];

static int kernel_threads_of(int pid) {
    int n = procinfo(rows, WEFT_PROCINFO_MAX), mine = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].pid == pid && rows[i].tid != 0) mine++;
    return mine;
}

static void kernel_sees_one_thread(void) {
    static volatile long counters[4];
    uthread_t t[4];
    stop = 0;
    for (int i = 0; i < 4; i++)
        EXPECT(uthread_create(&t[i], spinner, (void*)&counters[i]) == 0, "create");
    uthread_yield();
    int n = kernel_threads_of(getpid());
    stop = 1;
    for (int i = 0; i < 4; i++)
        uthread_join(t[i], NULL);
    EXPECT(n == 1, "procinfo shows %d kernel threads for 5 uthreads, want 1", n);
}

/* ---------------------------------------------------------------- the flaw */

static volatile long progress[2];
static int data_pipe[2];
static long before_read, after_read, blocked_ms, read_result;
static char read_buf[8];

static void* blocking_reader(void* arg) {
    (void)arg;
    while (progress[0] < 50 || progress[1] < 50)
        uthread_yield(); /* the others are running */
    before_read = progress[0] + progress[1];
    long t0 = now_ms();
    read_result = read(data_pipe[0], read_buf, sizeof read_buf); /* the child writes in 300 ms */
    blocked_ms = now_ms() - t0;
    after_read = progress[0] + progress[1];
    stop = 1;
    return NULL;
}

static int write_later(void* arg) {
    (void)arg;
    sleep_ms(300);
    return write(data_pipe[1], "wake", 4) == 4 ? 0 : 1;
}

static void blocking_read_stops_every_thread(void) {
    EXPECT_OK(pipe(data_pipe));
    pid_t child = spawn(write_later, NULL);
    EXPECT(child > 0, "fork");
    stop = 0;
    uthread_t r, s[2];
    EXPECT(uthread_create(&s[0], spinner, (void*)&progress[0]) == 0, "create");
    EXPECT(uthread_create(&s[1], spinner, (void*)&progress[1]) == 0, "create");
    EXPECT(uthread_create(&r, blocking_reader, NULL) == 0, "create");
    uthread_join(r, NULL);
    uthread_join(s[0], NULL);
    uthread_join(s[1], NULL);
    int st = status_of(child);
    EXPECT(st == 0, "the writer child: %s", status_text(st));
    EXPECT(read_result == 4 && memcmp(read_buf, "wake", 4) == 0, "read returned %ld", read_result);
    EXPECT(blocked_ms >= 200, "the read blocked only %ld ms", blocked_ms);
    /* The point: while one uthread sat in read, NOBODY ran. */
    EXPECT(after_read == before_read, "the others progressed %ld steps during a %ld ms read",
           after_read - before_read, blocked_ms);
}

/* ---------------------------------------------------------------- preemption */

static volatile long busy[2];
static long busy_until; /* in clock ticks (uptime) */

/* Until a tick count, not a wall-clock time: SIGALRM comes after a
 * number of ticks, and a host that pauses the hart delays both alike. */
static void* busy_loop(void* arg) {
    volatile long* c = arg;
    while (uptime() < busy_until)
        (*c)++; /* never yields */
    return NULL;
}

static void sigalrm_preemption_shares_the_cpu(void) {
    EXPECT(uthread_set_preemption(1) == 0, "set_preemption");
    busy_until = uptime() + 230; /* the preemption period is 100 ticks (alarm(1)) */
    uthread_t t[2];
    EXPECT(uthread_create(&t[0], busy_loop, (void*)&busy[0]) == 0, "create");
    EXPECT(uthread_create(&t[1], busy_loop, (void*)&busy[1]) == 0, "create");
    uthread_join(t[0], NULL);
    uthread_join(t[1], NULL);
    uthread_set_preemption(0);
    struct uthread_stats st;
    uthread_get_stats(&st);
    EXPECT(busy[0] > 0 && busy[1] > 0, "a thread that never yields starved the other (%ld, %ld)",
           busy[0], busy[1]);
    EXPECT(st.preemptions >= 1, "no preemption happened");
}

static const struct Test tests[] = {
    {"create_yield_join_order", create_yield_join_order},
    {"join_rules", join_rules},
    {"mutex_and_cond_producer_consumer", mutex_and_cond_producer_consumer},
    {"mutex_error_codes", mutex_error_codes},
    {"kernel_sees_one_thread", kernel_sees_one_thread},
    {"blocking_read_stops_every_thread", blocking_read_stops_every_thread},
    {"sigalrm_preemption_shares_the_cpu", sigalrm_preemption_shares_the_cpu},
};

int main(int argc, char** argv) {
    return run_tests_checking_pages(tests, NTESTS(tests), argc, argv);
}
