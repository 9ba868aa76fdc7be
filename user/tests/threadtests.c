/* threadtests: the pthreads library on kernel threads (docs/threads.md):
 * identity and sharing, join/detach, stacks, mutexes, condition
 * variables, once, keys, barriers, rwlocks, spin locks, semaphores,
 * cancellation, thread-local storage. clone's flags and what a process
 * of several threads does as a whole (fork, exec, exit, faults, the
 * thread limit) are clonetests.
 *
 *   threadtests        every test, then free_pages_restored
 *   threadtests name   only the tests whose names contain "name"
 *
 * Harness and output: testlib.h (each test in a child process of its
 * own). Run it from the root directory: it makes /tt-dir.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/stat.h>
#include <sys/sysconf.h>
#include <time.h>

#include "testlib.h"

/* A pthread call must return want (an error number, or 0). */
#define EXPECT_RC(expr, want)                                                                      \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != (want)) {                                                                       \
            fail_at(__LINE__, "%s returned %d (%s), want %s", #expr, rc_, strerror(rc_), #want);   \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define SMALL_STACK (32 * 1024)

static pthread_t start_thread(void* (*fn)(void*), void* arg) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, SMALL_STACK);
    pthread_t t = NULL;
    int r = pthread_create(&t, &attr, fn, arg);
    pthread_attr_destroy(&attr);
    return r == 0 ? t : NULL;
}

static void ms_from_now(struct timespec* ts, long ms) {
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_nsec -= 1000000000L;
        ts->tv_sec++;
    }
}

static long ms_since(const struct timespec* start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* ---------------------------------------------------------------- identity and sharing */

static volatile int shared_word;
static pid_t thread_tid, thread_pid;
static int opened_fd = -1;

static void* identify_and_share(void* arg) {
    (void)arg;
    thread_tid = gettid();
    thread_pid = getpid();
    shared_word = 42;
    opened_fd = open("/tt-shared", O_CREAT | O_RDWR, 0644);
    chdir("/tt-dir");
    return NULL;
}

static void gettid_and_getpid(void) {
    int fds[2];
    EXPECT_OK(pipe(fds));
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        pid_t me = getpid();
        write(fds[1], &me, sizeof me);
        exit(0);
    }
    pid_t reported = 0;
    read(fds[0], &reported, sizeof reported);
    wait(NULL);
    EXPECT(child == reported, "fork returned %d, the child's getpid is %d", child, reported);
    pthread_t t = start_thread(identify_and_share, NULL);
    EXPECT(t, "pthread_create failed");
    EXPECT_RC(pthread_join(t, NULL), 0);
    chdir("/");
    EXPECT(thread_pid == getpid(), "a thread's getpid %d, the process's %d", thread_pid, getpid());
    EXPECT(thread_tid != getpid() && thread_tid != gettid(), "thread tid %d, pid %d, main tid %d",
           thread_tid, getpid(), gettid());
    EXPECT(gettid() == getpid(), "main thread: gettid %d != getpid %d", gettid(), getpid());
}

static void threads_share_memory_files_and_cwd(void) {
    struct stat st;
    EXPECT_OK(chdir("/"));
    pthread_t t = start_thread(identify_and_share, NULL);
    EXPECT(t, "pthread_create failed");
    EXPECT_RC(pthread_join(t, NULL), 0);
    EXPECT(shared_word == 42, "the thread's store is not visible");
    EXPECT(opened_fd >= 0 && fstat(opened_fd, &st) == 0, "the thread's open fd is not ours");
    EXPECT(stat("inside", &st) == 0, "the thread's chdir did not move us");
    chdir("/");
    close(opened_fd);
    unlink("/tt-shared");
}

static sem_t release_all;
static void* wait_for_release(void* arg) {
    (void)arg;
    sem_wait(&release_all);
    return NULL;
}

static void* return_arg(void* arg) {
    return arg;
}

static void join_detach_rules(void) {
    EXPECT_RC(pthread_join(pthread_self(), NULL), EDEADLK);
    sem_init(&release_all, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int state = -1;
    pthread_attr_getdetachstate(&attr, &state);
    EXPECT(state == PTHREAD_CREATE_DETACHED, "getdetachstate %d", state);
    pthread_t t;
    EXPECT_RC(pthread_create(&t, &attr, wait_for_release, NULL), 0);
    EXPECT_RC(pthread_join(t, NULL), EINVAL);
    sem_post(&release_all);
    /* pthread_detach of a running joinable thread, then join: EINVAL. */
    t = start_thread(wait_for_release, NULL);
    EXPECT_RC(pthread_detach(t), 0);
    EXPECT_RC(pthread_join(t, NULL), EINVAL);
    sem_post(&release_all);
    /* Detached threads that ended are reclaimed by later creates. */
    for (int i = 0; i < 100; i++) {
        EXPECT_RC(pthread_create(&t, &attr, return_arg, NULL), 0);
        if (i % 10 == 0) sleep_ticks(1);
    }
    sleep_ticks(5);
    void* result;
    t = start_thread(return_arg, (void*)0x1234);
    EXPECT_RC(pthread_join(t, &result), 0);
    EXPECT(result == (void*)0x1234, "join result %p", result);
}

static void* use_big_stack(void* arg) {
    volatile char big[48 * 1024];
    for (size_t i = 0; i < sizeof big; i += 512)
        big[i] = (char)i;
    return (void*)((long)big[512] + (long)arg);
}

static void stack_size_attribute(void) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    size_t size = 0;
    pthread_attr_getstacksize(&attr, &size);
    EXPECT(size == PTHREAD_STACK_DEFAULT, "default stack size %zu", size);
    EXPECT_RC(pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN - 1), EINVAL);
    EXPECT_RC(pthread_attr_setstacksize(&attr, 64 * 1024), 0);
    pthread_attr_getstacksize(&attr, &size);
    EXPECT(size == 64 * 1024, "stack size %zu", size);
    pthread_t t;
    void* result;
    EXPECT_RC(pthread_create(&t, &attr, use_big_stack, 0), 0);
    EXPECT_RC(pthread_join(t, &result), 0);
    EXPECT((long)result == (char)512, "result %ld", (long)result);
}

/* ---------------------------------------------------------------- mutexes and condition variables
 */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void* add_10000(void* arg) {
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

static void mutex_counter_is_exact(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        EXPECT((t[i] = start_thread(add_10000, NULL)), "pthread_create failed");
    for (int i = 0; i < 4; i++)
        EXPECT_RC(pthread_join(t[i], NULL), 0);
    EXPECT(counter == 40000, "counter %ld, want 40000", counter);
}

static pthread_mutex_t held_elsewhere;
static sem_t holder_ready, holder_may_go;
static void* hold_mutex(void* arg) {
    (void)arg;
    pthread_mutex_lock(&held_elsewhere);
    sem_post(&holder_ready);
    sem_wait(&holder_may_go);
    pthread_mutex_unlock(&held_elsewhere);
    return NULL;
}

static void errorcheck_and_trylock_codes(void) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    EXPECT_RC(pthread_mutexattr_settype(&attr, 99), EINVAL);
    EXPECT_RC(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK), 0);
    pthread_mutex_t m;
    pthread_mutex_init(&m, &attr);
    EXPECT_RC(pthread_mutex_unlock(&m), EPERM);
    EXPECT_RC(pthread_mutex_lock(&m), 0);
    EXPECT_RC(pthread_mutex_lock(&m), EDEADLK);
    EXPECT_RC(pthread_mutex_trylock(&m), EBUSY);
    EXPECT_RC(pthread_mutex_destroy(&m), EBUSY);
    EXPECT_RC(pthread_mutex_unlock(&m), 0);
    EXPECT_RC(pthread_mutex_unlock(&m), EPERM);
    EXPECT_RC(pthread_mutex_destroy(&m), 0);

    /* Held by another thread: trylock EBUSY (normal and errorcheck),
       unlock EPERM (errorcheck). */
    for (int type = 0; type < 2; type++) {
        pthread_mutexattr_settype(&attr, type ? PTHREAD_MUTEX_ERRORCHECK : PTHREAD_MUTEX_NORMAL);
        pthread_mutex_init(&held_elsewhere, &attr);
        sem_init(&holder_ready, 0, 0);
        sem_init(&holder_may_go, 0, 0);
        pthread_t t = start_thread(hold_mutex, NULL);
        sem_wait(&holder_ready);
        EXPECT_RC(pthread_mutex_trylock(&held_elsewhere), EBUSY);
        if (type) EXPECT_RC(pthread_mutex_unlock(&held_elsewhere), EPERM);
        sem_post(&holder_may_go);
        EXPECT_RC(pthread_join(t, NULL), 0);
        EXPECT_RC(pthread_mutex_trylock(&held_elsewhere), 0);
        EXPECT_RC(pthread_mutex_unlock(&held_elsewhere), 0);
    }
    /* Recursive: the holder may lock again. */
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m, &attr);
    EXPECT_RC(pthread_mutex_lock(&m), 0);
    EXPECT_RC(pthread_mutex_lock(&m), 0);
    EXPECT_RC(pthread_mutex_unlock(&m), 0);
    EXPECT_RC(pthread_mutex_unlock(&m), 0);
    EXPECT_RC(pthread_mutex_unlock(&m), EPERM);
}

#define QUEUE_SIZE 4
#define ITEMS 300
static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
    int items[QUEUE_SIZE];
    int head, count;
} queue = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0};

static void* produce(void* arg) {
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&queue.lock);
        while (queue.count == QUEUE_SIZE)
            pthread_cond_wait(&queue.not_full, &queue.lock);
        queue.items[(queue.head + queue.count++) % QUEUE_SIZE] = i;
        pthread_cond_signal(&queue.not_empty);
        pthread_mutex_unlock(&queue.lock);
    }
    return NULL;
}

static void* consume(void* arg) {
    (void)arg;
    long sum = 0;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&queue.lock);
        while (queue.count == 0)
            pthread_cond_wait(&queue.not_empty, &queue.lock);
        int item = queue.items[queue.head];
        queue.head = (queue.head + 1) % QUEUE_SIZE;
        queue.count--;
        pthread_cond_signal(&queue.not_full);
        pthread_mutex_unlock(&queue.lock);
        if (item != i) return (void*)-1L; /* out of order */
        sum += item;
    }
    return (void*)sum;
}

static void cond_producer_consumer(void) {
    pthread_t c = start_thread(consume, NULL), p = start_thread(produce, NULL);
    EXPECT(c && p, "pthread_create failed");
    void* sum;
    EXPECT_RC(pthread_join(p, NULL), 0);
    EXPECT_RC(pthread_join(c, &sum), 0);
    EXPECT((long)sum == ITEMS * (ITEMS + 1) / 2, "consumer's sum %ld", (long)sum);
}

static void cond_timedwait_times_out(void) {
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    struct timespec deadline, start;
    pthread_mutex_lock(&m);
    clock_gettime(CLOCK_MONOTONIC, &start);
    ms_from_now(&deadline, 150);
    EXPECT_RC(pthread_cond_timedwait(&c, &m, &deadline), ETIMEDOUT);
    long waited = ms_since(&start);
    EXPECT(waited >= 100 && waited < scaled_ms(2000), "waited %ld ms for a 150 ms deadline",
           waited);
    EXPECT_RC(pthread_mutex_unlock(&m), 0); /* it came back locked */
    deadline.tv_nsec = 2000000000L;
    pthread_mutex_lock(&m);
    EXPECT_RC(pthread_cond_timedwait(&c, &m, &deadline), EINVAL);
    pthread_mutex_unlock(&m);
}

/* ---------------------------------------------------------------- once, keys, barriers, rwlocks,
 * semaphores */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int once_runs;
static void init_once(void) {
    sleep_ticks(2); /* let the others arrive and wait */
    once_runs++;
}
static void* call_once(void* arg) {
    (void)arg;
    pthread_once(&once, init_once);
    return (void*)(long)once_runs;
}

static void once_runs_init_once(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        t[i] = start_thread(call_once, NULL);
    for (int i = 0; i < 4; i++) {
        void* seen;
        EXPECT_RC(pthread_join(t[i], &seen), 0);
        EXPECT((long)seen == 1, "a thread returned from pthread_once before init ran (%ld)",
               (long)seen);
    }
    pthread_once(&once, init_once);
    EXPECT(once_runs == 1, "init ran %d times", once_runs);
}

static pthread_key_t key;
static volatile int destructor_calls;
static volatile long destructor_sum;
static void destroy_value(void* value) {
    __atomic_add_fetch(&destructor_calls, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&destructor_sum, (long)value, __ATOMIC_SEQ_CST);
    if ((long)value == 3) /* set again: the destructor must run a second round */
        pthread_setspecific(key, (void*)100L);
}
static void* use_key(void* arg) {
    if (pthread_getspecific(key) != NULL) return (void*)1L;
    pthread_setspecific(key, arg);
    sleep_ticks(1);
    return pthread_getspecific(key) == arg ? NULL : (void*)1L;
}

static void thread_specific_data_and_destructors(void) {
    EXPECT_RC(pthread_key_create(&key, destroy_value), 0);
    pthread_setspecific(key, (void*)7L);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        t[i] = start_thread(use_key, (void*)(long)(i + 1));
    for (int i = 0; i < 3; i++) {
        void* r;
        EXPECT_RC(pthread_join(t[i], &r), 0);
        EXPECT(r == NULL, "thread %d saw another thread's value", i);
    }
    EXPECT(pthread_getspecific(key) == (void*)7L, "main's value changed");
    EXPECT(destructor_calls == 4 && destructor_sum == 1 + 2 + 3 + 100,
           "destructors: %d calls, sum %ld", destructor_calls, destructor_sum);
    EXPECT_RC(pthread_key_delete(key), 0);
    EXPECT_RC(pthread_setspecific(key, NULL), EINVAL);
    pthread_key_t again;
    EXPECT_RC(pthread_key_create(&again, NULL), 0);
    EXPECT(pthread_getspecific(again) == NULL, "a new key shows an old value");
}

static pthread_barrier_t barrier;
static volatile int phase_counts[3];
static void* barrier_rounds(void* arg) {
    (void)arg;
    long serial = 0;
    for (int round = 0; round < 3; round++) {
        __atomic_add_fetch(&phase_counts[round], 1, __ATOMIC_SEQ_CST);
        int r = pthread_barrier_wait(&barrier);
        if (r == PTHREAD_BARRIER_SERIAL_THREAD)
            serial++;
        else if (r != 0)
            return (void*)-100L;
        if (phase_counts[round] != 4) return (void*)-200L; /* someone was still behind */
    }
    return (void*)serial;
}

static void barrier_releases_together(void) {
    EXPECT_RC(pthread_barrier_init(&barrier, NULL, 0), EINVAL);
    EXPECT_RC(pthread_barrier_init(&barrier, NULL, 4), 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        t[i] = start_thread(barrier_rounds, NULL);
    long serials = 0;
    for (int i = 0; i < 4; i++) {
        void* r;
        EXPECT_RC(pthread_join(t[i], &r), 0);
        EXPECT((long)r >= 0, "thread %d: %ld", i, (long)r);
        serials += (long)r;
    }
    EXPECT(serials == 3, "%ld serial threads over 3 rounds", serials);
    EXPECT_RC(pthread_barrier_destroy(&barrier), 0);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_value;
static void* rw_writer(void* arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        pthread_rwlock_wrlock(&rw);
        long v = rw_value;
        rw_value = v + 1;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}
static void* rw_try_read(void* arg) {
    (void)arg;
    int r = pthread_rwlock_tryrdlock(&rw);
    if (r == 0) pthread_rwlock_unlock(&rw);
    return (void*)(long)r;
}
static void* rw_try_write(void* arg) {
    (void)arg;
    int r = pthread_rwlock_trywrlock(&rw);
    if (r == 0) pthread_rwlock_unlock(&rw);
    return (void*)(long)r;
}

static void rwlock_readers_share_writers_exclude(void) {
    void* r;
    EXPECT_RC(pthread_rwlock_unlock(&rw), EPERM);
    EXPECT_RC(pthread_rwlock_rdlock(&rw), 0);
    pthread_t t = start_thread(rw_try_read, NULL);
    EXPECT_RC(pthread_join(t, &r), 0);
    EXPECT(r == 0, "a second reader got %ld", (long)r);
    t = start_thread(rw_try_write, NULL);
    EXPECT_RC(pthread_join(t, &r), 0);
    EXPECT((long)r == EBUSY, "a writer during a read got %ld", (long)r);
    EXPECT_RC(pthread_rwlock_unlock(&rw), 0);
    EXPECT_RC(pthread_rwlock_wrlock(&rw), 0);
    EXPECT_RC(pthread_rwlock_wrlock(&rw), EDEADLK);
    t = start_thread(rw_try_read, NULL);
    EXPECT_RC(pthread_join(t, &r), 0);
    EXPECT((long)r == EBUSY, "a reader during a write got %ld", (long)r);
    EXPECT_RC(pthread_rwlock_unlock(&rw), 0);
    pthread_t w[3];
    for (int i = 0; i < 3; i++)
        w[i] = start_thread(rw_writer, NULL);
    for (int i = 0; i < 3; i++)
        EXPECT_RC(pthread_join(w[i], NULL), 0);
    EXPECT(rw_value == 6000, "value %ld, want 6000", rw_value);
    EXPECT_RC(pthread_rwlock_destroy(&rw), 0);
}

static pthread_spinlock_t spin;
static long spin_counter;
static void* spin_add(void* arg) {
    (void)arg;
    for (int i = 0; i < 5000; i++) {
        pthread_spin_lock(&spin);
        spin_counter++;
        pthread_spin_unlock(&spin);
    }
    return NULL;
}

static void spinlock_counter_is_exact(void) {
    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    EXPECT_RC(pthread_spin_lock(&spin), 0);
    EXPECT_RC(pthread_spin_trylock(&spin), EBUSY);
    EXPECT_RC(pthread_spin_unlock(&spin), 0);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        t[i] = start_thread(spin_add, NULL);
    for (int i = 0; i < 3; i++)
        EXPECT_RC(pthread_join(t[i], NULL), 0);
    EXPECT(spin_counter == 15000, "counter %ld", spin_counter);
}

static sem_t sem;
static void* post_five(void* arg) {
    (void)arg;
    for (int i = 0; i < 5; i++) {
        sleep_ticks(1);
        sem_post(&sem);
    }
    return NULL;
}

static void semaphores_count(void) {
    EXPECT_ERRNO(sem_init(&sem, 0, (unsigned int)SEM_VALUE_MAX + 1), EINVAL);
    EXPECT_OK(sem_init(&sem, 0, 1));
    EXPECT_OK(sem_trywait(&sem));
    EXPECT_ERRNO(sem_trywait(&sem), EAGAIN);
    struct timespec deadline;
    ms_from_now(&deadline, 50);
    EXPECT_ERRNO(sem_timedwait(&sem, &deadline), ETIMEDOUT);
    pthread_t t = start_thread(post_five, NULL);
    for (int i = 0; i < 5; i++)
        EXPECT_OK(sem_wait(&sem));
    EXPECT_RC(pthread_join(t, NULL), 0);
    int value = -1;
    sem_getvalue(&sem, &value);
    EXPECT(value == 0, "value %d", value);
    sem_post(&sem);
    sem_post(&sem);
    sem_getvalue(&sem, &value);
    EXPECT(value == 2, "value %d", value);
    EXPECT_OK(sem_destroy(&sem));
}

/* ---------------------------------------------------------------- cancellation */

static volatile int cleanup_ran;
static void note_cleanup(void* arg) {
    (void)arg;
    cleanup_ran++;
}

static int cancel_pipe[2];
static void* read_empty_pipe(void* arg) {
    (void)arg;
    char c;
    pthread_cleanup_push(note_cleanup, NULL);
    read(cancel_pipe[0], &c, 1);
    pthread_cleanup_pop(0);
    return (void*)2L; /* not cancelled */
}

static void cancel_thread_blocked_in_read(void) {
    EXPECT_OK(pipe(cancel_pipe));
    cleanup_ran = 0;
    pthread_t t = start_thread(read_empty_pipe, NULL);
    sleep_ticks(3); /* let it block */
    EXPECT_RC(pthread_cancel(t), 0);
    void* result;
    EXPECT_RC(pthread_join(t, &result), 0);
    EXPECT(result == PTHREAD_CANCELED, "result %p, want PTHREAD_CANCELED", result);
    EXPECT(cleanup_ran == 1, "cleanup handler ran %d times", cleanup_ran);
}

static pthread_mutex_t cancel_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static void unlock_cancel_lock(void* arg) {
    (void)arg;
    cleanup_ran++;
    pthread_mutex_unlock(&cancel_lock);
}
static void* wait_for_ever(void* arg) {
    (void)arg;
    pthread_mutex_lock(&cancel_lock);
    pthread_cleanup_push(unlock_cancel_lock, NULL);
    for (;;)
        pthread_cond_wait(&never, &cancel_lock);
    pthread_cleanup_pop(1);
    return NULL;
}
static void* disabled_then_test(void* arg) {
    (void)arg;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    sem_wait(&sem); /* not cancelled while disabled */
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
    pthread_testcancel();
    return NULL;
}

static void cancel_thread_in_cond_wait(void) {
    cleanup_ran = 0;
    pthread_t t = start_thread(wait_for_ever, NULL);
    sleep_ticks(3);
    EXPECT_RC(pthread_cancel(t), 0);
    void* result;
    EXPECT_RC(pthread_join(t, &result), 0);
    EXPECT(result == PTHREAD_CANCELED, "result %p", result);
    EXPECT(cleanup_ran == 1, "cleanup handler ran %d times", cleanup_ran);
    EXPECT_RC(pthread_mutex_trylock(&cancel_lock), 0); /* the handler unlocked it */
    pthread_mutex_unlock(&cancel_lock);
    /* Disabled cancellation waits for enable + a cancellation point. */
    sem_init(&sem, 0, 0);
    t = start_thread(disabled_then_test, NULL);
    sleep_ticks(2);
    EXPECT_RC(pthread_cancel(t), 0);
    sleep_ticks(2);
    sem_post(&sem);
    EXPECT_RC(pthread_join(t, &result), 0);
    EXPECT(result == PTHREAD_CANCELED, "result %p", result);
    EXPECT_RC(pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL), EINVAL);
}

/* ---------------------------------------------------------------- thread-local storage */

static __thread int tls_initialized = 5; /* .tdata */
static __thread long tls_zeroed;         /* .tbss */

static void* check_tls(void* arg) {
    if (tls_initialized != 5 || tls_zeroed != 0) return (void*)1L;
    tls_initialized = (int)(long)arg;
    tls_zeroed = (long)arg * 10;
    sleep_ticks(2);
    if (tls_initialized != (int)(long)arg || tls_zeroed != (long)arg * 10) return (void*)2L;
    errno = 0;
    if (close(-1) != -1 || errno != EBADF) return (void*)3L;
    return (void*)&errno;
}

static void thread_local_variables_and_errno(void) {
    tls_initialized = 99;
    tls_zeroed = 99;
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        t[i] = start_thread(check_tls, (void*)(long)(i + 1));
    errno = 0;
    sleep_ticks(1);
    void* errno_addr[3];
    for (int i = 0; i < 3; i++) {
        EXPECT_RC(pthread_join(t[i], &errno_addr[i]), 0);
        EXPECT((long)errno_addr[i] > 10, "thread %d: check %ld failed", i, (long)errno_addr[i]);
        EXPECT(errno_addr[i] != (void*)&errno, "thread %d shares main's errno", i);
    }
    EXPECT(errno_addr[0] != errno_addr[1] && errno_addr[1] != errno_addr[2], "threads share errno");
    EXPECT(errno == 0, "main's errno became %d", errno);
    EXPECT(tls_initialized == 99 && tls_zeroed == 99, "main's __thread variables changed");
}

/* ---------------------------------------------------------------- misc */

static void clocks_sleep_and_sysconf(void) {
    struct timespec a, b, req = {0, 50 * 1000000L};
    EXPECT_OK(clock_gettime(CLOCK_MONOTONIC, &a));
    EXPECT_OK(nanosleep(&req, NULL));
    EXPECT_OK(clock_gettime(CLOCK_MONOTONIC, &b));
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    EXPECT(ms >= 40 && ms < 2000, "nanosleep(50 ms) took %ld ms", ms);
    EXPECT_ERRNO(clock_gettime(7, &a), EINVAL);
    req.tv_nsec = 1000000000L;
    EXPECT_ERRNO(nanosleep(&req, NULL), EINVAL);
    EXPECT_OK(clock_gettime(CLOCK_REALTIME, &a));
    EXPECT(a.tv_sec > 1600000000L, "CLOCK_REALTIME says %ld", (long)a.tv_sec);
    EXPECT_OK(sched_yield());
    struct weft_sysinfo info;
    sysinfo(&info);
    EXPECT(sysconf(_SC_NPROCESSORS_ONLN) == (long)info.harts, "harts %ld",
           sysconf(_SC_NPROCESSORS_ONLN));
    EXPECT(sysconf(_SC_PAGESIZE) == 4096, "page size %ld", sysconf(_SC_PAGESIZE));
    EXPECT(sysconf(_SC_THREAD_THREADS_MAX) == PTHREAD_THREADS_MAX, "threads max");
    EXPECT_ERRNO(sysconf(-5), EINVAL);
}

/* ---------------------------------------------------------------- the runner */

static const struct Test tests[] = {
    {"gettid_and_getpid", gettid_and_getpid},
    {"threads_share_memory_files_and_cwd", threads_share_memory_files_and_cwd},
    {"join_detach_rules", join_detach_rules},
    {"stack_size_attribute", stack_size_attribute},
    {"mutex_counter_is_exact", mutex_counter_is_exact},
    {"errorcheck_and_trylock_codes", errorcheck_and_trylock_codes},
    {"cond_producer_consumer", cond_producer_consumer},
    {"cond_timedwait_times_out", cond_timedwait_times_out},
    {"once_runs_init_once", once_runs_init_once},
    {"thread_specific_data_and_destructors", thread_specific_data_and_destructors},
    {"barrier_releases_together", barrier_releases_together},
    {"rwlock_readers_share_writers_exclude", rwlock_readers_share_writers_exclude},
    {"spinlock_counter_is_exact", spinlock_counter_is_exact},
    {"semaphores_count", semaphores_count},
    {"cancel_thread_blocked_in_read", cancel_thread_blocked_in_read},
    {"cancel_thread_in_cond_wait", cancel_thread_in_cond_wait},
    {"thread_local_variables_and_errno", thread_local_variables_and_errno},
    {"clocks_sleep_and_sysconf", clocks_sleep_and_sysconf},
};

int main(int argc, char** argv) {
    mkdir("/tt-dir", 0755);
    close(open("/tt-dir/inside", O_CREAT | O_RDWR, 0644));
    return run_tests_checking_pages(tests, NTESTS(tests), argc, argv);
}
