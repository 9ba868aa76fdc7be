/* sa thread life cycle: create, yield, exit, join (sa.h; the rules are
 * in sa_internal.h).
 *
 * Every operation that changes the scheduler's state follows one
 * pattern: set `disabled` (__sa_disable), take sched_lock, change
 * states and queues, and either let go of both (__sa_enable) or, to
 * stop running, call __sa_switch with both still held -- the scheduler
 * on the VP's own stack releases the lock once the thread's registers
 * are saved, so no other VP can resume a thread that is still on its
 * way out.
 *
 * A thread's stack and TLS block are malloc'd by sa_thread_create (a
 * user thread: the library's scheduler itself never allocates) and
 * freed by its joiner once the thread is DONE -- it is off its stack
 * by then, because DONE is set under sched_lock, which the scheduler
 * releases only after switching away from it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sa_internal.h"
#include "tls_block.h"

struct sa_thread __sa_main;
volatile int __sa_live_threads = 1;
static int next_id = 1;

sa_thread_t sa_thread_self(void) {
    return __sa_self();
}
int sa_thread_id(sa_thread_t t) {
    return t ? t->id : -1;
}

/* A new thread's first instructions, reached through the fast resume. */
static void thread_start(void) {
    struct sa_thread* self = __sa_self();
    sa_thread_exit(self->start(self->arg));
}

int sa_thread_create(sa_thread_t* thread, void* (*start)(void*), void* arg) {
    if (!__sa_active) return EAGAIN;
    struct sa_thread* t = calloc(1, sizeof *t);
    void* stack = malloc(SA_STACK_DEFAULT);
    void* tls_mem = malloc(16 + __tls_block_bytes());
    if (!t || !stack || !tls_mem) {
        free(t);
        free(stack);
        free(tls_mem);
        return EAGAIN;
    }
    /* TLS at tp, and the word just before it names the thread. */
    t->tp = (unsigned long)__tls_block_init((char*)tls_mem + 16);
    *(struct sa_thread**)(t->tp - 8) = t;
    t->magic = SA_MAGIC;
    t->start = start;
    t->arg = arg;
    t->stack = stack;
    t->tls_mem = tls_mem;
    t->ctx.pc = (unsigned long)thread_start;
    t->ctx.x[2] = ((unsigned long)stack + SA_STACK_DEFAULT) & ~15UL; /* sp */
    __asm__ volatile("mv %0, gp" : "=r"(t->ctx.x[3]));
    t->ctx.x[4] = t->tp;
    __asm__ volatile("frcsr %0" : "=r"(t->ctx.fcsr));
    t->ctx_full = 0;
    __atomic_add_fetch(&__sa_live_threads, 1, __ATOMIC_SEQ_CST);

    struct sa_vp* vp = __sa_disable(__sa_self());
    __sa_sched_lock();
    t->id = next_id++;
    *thread = t;
    __sa_make_ready_locked(t);
    __sa_sched_unlock();
    __sa_enable(vp);
    __sa_wake_idle();
    return 0;
}

void sa_thread_yield(void) {
    struct sa_thread* self = __sa_self();
    if (!__sa_active || self == NULL) return;
    struct sa_vp* vp = __sa_disable(self);
    __sa_sched_lock();
    self->ctx_full = 0;
    __sa_make_ready_locked(self); /* nobody can take it before the lock is let go */
    __sa_switch(&self->ctx, vp);
    __sa_poll_events(); /* a thread that only yields still lets events in */
}

void sa_thread_exit(void* result) {
    struct sa_thread* self = __sa_self();
    if (!__sa_active || self == NULL) exit(0); /* a forked child: a plain process */
    self->result = result;
    /* The last thread out ends the process, as returning from main would. */
    if (__atomic_sub_fetch(&__sa_live_threads, 1, __ATOMIC_SEQ_CST) == 0) exit(0);
    struct sa_vp* vp = __sa_disable(self);
    __sa_sched_lock();
    self->state = SA_T_DONE;
    if (self->joiner) __sa_make_ready_locked(self->joiner);
    __sa_switch(&self->ctx, vp); /* never resumed */
    __builtin_unreachable();
}

int sa_thread_join(sa_thread_t t, void** result) {
    struct sa_thread* self = __sa_self();
    if (t == self) return EDEADLK;
    if (!__sa_active || self == NULL) return EINVAL;
    struct sa_vp* vp = __sa_disable(self);
    __sa_sched_lock();
    if (t->joiner != NULL) {
        __sa_sched_unlock();
        __sa_enable(vp);
        return EINVAL;
    }
    if (t->state != SA_T_DONE) {
        t->joiner = self;
        self->state = SA_T_BLOCKED_USER;
        self->ctx_full = 0;
        __sa_switch(&self->ctx, vp); /* back once t is DONE */
    } else {
        __sa_sched_unlock();
        __sa_enable(vp);
    }
    if (result) *result = t->result;
    if (t != &__sa_main) {
        t->magic = 0;
        free(t->stack);
        free(t->tls_mem);
        free(t);
    }
    return 0;
}
