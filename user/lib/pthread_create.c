/* Thread life cycle: pthread_create, pthread_exit, pthread_join,
 * pthread_detach, pthread_self, pthread_equal, and thread attributes.
 *
 * A thread is born in pthread_create:
 *   1. a descriptor with the thread's TLS block behind it (one malloc),
 *      the TLS block a copy of the ELF TLS image (.tdata) followed by
 *      zeroes (.tbss), as lib/start.c does for the main thread;
 *   2. a stack from mmap, with an inaccessible guard page below it, so
 *      running off the end of the stack is a SIGSEGV, not heap damage;
 *   3. clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|
 *      CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID) through
 *      __clone (clone.S), with tp = the TLS block and both tid pointers
 *      at the descriptor's tid word.
 * It dies in pthread_exit: cleanup handlers, TSD destructors, then the
 * thread_exit system call, after which the kernel writes 0 into the tid
 * word and futex-wakes it. That is what pthread_join waits for, and
 * only then may the stack be freed: until the kernel has cleared the
 * word the thread may still be running on it.
 *
 * Who frees a thread's memory: its joiner, or, for a detached thread,
 * whoever next calls pthread_create/join/detach: a detached thread puts
 * itself on the reap list as it exits, and reap_ended_threads() frees
 * the entries whose tid word the kernel has cleared.
 *
 * Locking: each descriptor's lock guards detached/exited/joining;
 * reap_lock guards the reap list. Order: reap_lock, then the heap's.
 */
#include "tls_block.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "pthread_internal.h"

#define THREAD_FLAGS                                                                               \
    (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SETTLS |             \
     CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

enum { EAGAIN_RETRIES = 8 };

static __thread struct __pthread* self_ptr;
static struct __pthread main_thread;
volatile int __pthread_live_threads = 1;

static struct __weft_lock reap_lock = WEFT_LOCK_INITIALIZER;
static struct __pthread* reap_list;

/* TLS blocks: tls_block.c (shared with uthread and sa). */

struct __pthread* __pthread_self(void) {
    struct __pthread* self = self_ptr;
    if (self == NULL) { /* the main thread, on its first call */
        main_thread.tid = (int)__sys_gettid();
        self = self_ptr = &main_thread;
    }
    return self;
}

pthread_t pthread_self(void) {
    return __pthread_self();
}
int pthread_equal(pthread_t a, pthread_t b) {
    return a == b;
}

/* ---------------------------------------------------------------- freeing */
/* A stack of at least size bytes with a PROT_NONE guard page under it. */
static void* map_stack(size_t size, size_t* mapping) {
    const size_t page = 4096;
    size_t len = ((size + page - 1) & ~(page - 1)) + page;
    void* base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return NULL;
    if (mprotect(base, page, PROT_NONE) < 0) {
        munmap(base, len);
        return NULL;
    }
    *mapping = len;
    return base;
}

static void free_thread(struct __pthread* t) {
    if (t == &main_thread) return; /* its stack is the process's; nothing was allocated */
    if (t->stack) munmap(t->stack, t->stack_mapping);
    free(t);
}

/* Free every detached thread that the kernel has finished with. */
static void reap_ended_threads(void) {
    __lock_acquire(&reap_lock);
    for (struct __pthread** p = &reap_list; *p != NULL;) {
        struct __pthread* t = *p;
        if (__atomic_load_n(&t->tid, __ATOMIC_ACQUIRE) == 0) {
            *p = t->next_reaped;
            free_thread(t);
        } else {
            p = &t->next_reaped;
        }
    }
    __lock_release(&reap_lock);
}

static void reap_later(struct __pthread* t) {
    __lock_acquire(&reap_lock);
    t->next_reaped = reap_list;
    reap_list = t;
    __lock_release(&reap_lock);
}

/* In the child of fork: the other threads do not exist there. Their
 * descriptors stay allocated (and unreachable): a leak in the child. */
void __pthread_after_fork_child(void) {
    struct __pthread* self = __pthread_self();
    self->tid = (int)__sys_gettid();
    __pthread_live_threads = 1;
    reap_list = NULL;
    reap_lock = (struct __weft_lock)WEFT_LOCK_INITIALIZER;
}

/* ---------------------------------------------------------------- create */
static int thread_start(void* arg) {
    struct __pthread* self = arg;
    self_ptr = self; /* tp already points at our TLS block (CLONE_SETTLS) */
    pthread_exit(self->start(self->arg));
}

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*),
                   void* arg) {
    size_t stack_size = attr ? attr->stacksize : PTHREAD_STACK_DEFAULT;
    int detached = attr ? attr->detachstate == PTHREAD_CREATE_DETACHED : 0;
    if (stack_size < PTHREAD_STACK_MIN) return EINVAL;

    /* From now on the library is multi-threaded. */
    __thread_hook_cancel = __pthread_testcancel;
    __thread_hook_fork = __pthread_fork_hook;
    (void)__pthread_self(); /* the main thread's descriptor exists before any other */
    reap_ended_threads();

    struct __pthread* t = malloc(sizeof *t + __tls_block_bytes());
    size_t mapping = 0;
    void* stack = map_stack(stack_size, &mapping);
    if (t == NULL || stack == NULL) {
        free(t);
        if (stack) munmap(stack, mapping);
        return EAGAIN; /* POSIX: "insufficient resources" */
    }
    memset(t, 0, sizeof *t);
    char* tls = __tls_block_init(t + 1);

    t->start = start;
    t->arg = arg;
    t->stack = stack;
    t->stack_mapping = mapping;
    t->tls = tls;
    t->detached = detached;
    t->cancel_state = PTHREAD_CANCEL_ENABLE;
    t->lock = (struct __weft_lock)WEFT_LOCK_INITIALIZER;

    /* Before clone: a detached thread may be gone (and freed) by the
       time clone returns here. */
    *thread = t;
    __atomic_add_fetch(&__pthread_live_threads, 1, __ATOMIC_SEQ_CST);
    /* A thread we have just joined may not have given its kernel slots
       back yet (the kernel clears the tid word, waking the joiner, a
       moment before): at the limit, give it a few chances to finish. */
    long tid;
    for (int tries = 0;; tries++) {
        tid = __clone(thread_start, (char*)stack + mapping, THREAD_FLAGS, t, (int*)&t->tid, tls,
                      (int*)&t->tid);
        if (tid != -EAGAIN || tries == EAGAIN_RETRIES) break;
        __sys_sched_yield();
    }
    if (tid < 0) {
        __atomic_sub_fetch(&__pthread_live_threads, 1, __ATOMIC_SEQ_CST);
        munmap(stack, mapping);
        free(t);
        return (int)-tid; /* EAGAIN: out of threads (per process, or NTHREAD) */
    }
    return 0;
}

/* ---------------------------------------------------------------- exit */
void pthread_exit(void* result) {
    struct __pthread* self = __pthread_self();
    /* No cancellation point acts while the thread is ending. */
    self->cancel_state = PTHREAD_CANCEL_DISABLE;
    self->result = result;
    __pthread_run_cleanup(self);
    __pthread_run_destructors(self);

    /* The last thread out ends the process as returning from main
       would: exit(0), so atexit handlers run and stdio is flushed. */
    if (__atomic_sub_fetch(&__pthread_live_threads, 1, __ATOMIC_SEQ_CST) == 0) exit(0);

    __lock_acquire(&self->lock);
    self->exited = 1;
    int detached = self->detached;
    __lock_release(&self->lock);

    if (self == &main_thread) {
        /* No CLONE_CHILD_CLEARTID for the main thread: clear its word
           ourselves (nothing to free, so nothing to wait for). */
        __atomic_store_n(&self->tid, 0, __ATOMIC_RELEASE);
        __futex_wake((volatile unsigned int*)&self->tid, 1);
    } else if (detached) {
        reap_later(self); /* freed once the kernel clears our tid */
    }
    __sys_thread_exit();
}

/* ---------------------------------------------------------------- join, detach */
int pthread_join(pthread_t t, void** result) {
    if (t == __pthread_self()) return EDEADLK;
    __lock_acquire(&t->lock);
    if (t->detached || t->joining) {
        __lock_release(&t->lock);
        return EINVAL;
    }
    t->joining = 1;
    __lock_release(&t->lock);

    /* A cancellation point: checked right before each wait. */
    for (;;) {
        int tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);
        if (tid == 0) break;
        if (__pthread_cancel_requested()) {
            __lock_acquire(&t->lock);
            t->joining = 0; /* POSIX: the target stays joinable */
            __lock_release(&t->lock);
            __pthread_act_on_cancel();
        }
        (void)__futex_wait((volatile unsigned int*)&t->tid, (unsigned int)tid, NULL);
    }
    if (result) *result = t->result;
    free_thread(t);
    reap_ended_threads();
    return 0;
}

int pthread_detach(pthread_t t) {
    __lock_acquire(&t->lock);
    if (t->detached || t->joining) {
        __lock_release(&t->lock);
        return EINVAL;
    }
    t->detached = 1;
    int ended = t->exited;
    __lock_release(&t->lock);
    if (ended && t != &main_thread) reap_later(t); /* it exited joinable: now nobody will join it */
    reap_ended_threads();
    return 0;
}

/* ---------------------------------------------------------------- attributes */
int pthread_attr_init(pthread_attr_t* attr) {
    attr->detachstate = PTHREAD_CREATE_JOINABLE;
    attr->stacksize = PTHREAD_STACK_DEFAULT;
    return 0;
}

int pthread_attr_destroy(pthread_attr_t* attr) {
    (void)attr;
    return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t* attr, int state) {
    if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED) return EINVAL;
    attr->detachstate = state;
    return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t* attr, int* state) {
    *state = attr->detachstate;
    return 0;
}

int pthread_attr_setstacksize(pthread_attr_t* attr, size_t size) {
    if (size < PTHREAD_STACK_MIN) return EINVAL;
    attr->stacksize = size;
    return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t* attr, size_t* size) {
    *size = attr->stacksize;
    return 0;
}
