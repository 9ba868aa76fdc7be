/* uthread life cycle and scheduler: create, yield, exit, join (see
 * uthread.h; the rules are in uthread_internal.h).
 *
 * The scheduler is one FIFO of READY threads. __uthread_schedule takes
 * the head and switches to it; the thread that called it has already
 * put itself wherever it belongs (the ready queue, a wait queue, or
 * nowhere when it is DONE). A new thread starts in thread_start on its
 * own stack, with its own TLS block: its first "return" from
 * __uthread_switch lands there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tls_block.h"
#include "uthread_internal.h"

_Static_assert(__builtin_offsetof(struct uthread_context, s) == 24, "uthread_switch.S");
_Static_assert(__builtin_offsetof(struct uthread_context, fs) == 120, "uthread_switch.S");
_Static_assert(__builtin_offsetof(struct uthread_context, fcsr) == 216, "uthread_switch.S");

struct uthread_stats __uthread_stats;
volatile int __uthread_in_library;
volatile int __uthread_preempt_pending;

static struct uthread main_thread; /* runs on the process's stack and TLS */
static struct uthread* current;
static struct uthread_queue ready;
static int next_id = 1;
static int live_threads = 1; /* not yet DONE, main included */

struct uthread* __uthread_current(void) {
    if (current == NULL) {
        main_thread.state = UT_RUNNING;
        current = &main_thread;
    }
    return current;
}

uthread_t uthread_self(void) {
    return __uthread_current();
}
int uthread_id(uthread_t t) {
    return t->id;
}

void uthread_get_stats(struct uthread_stats* stats) {
    *stats = __uthread_stats;
}

/* ---------------------------------------------------------------- queues */

void __uthread_queue_push(struct uthread_queue* q, struct uthread* t) {
    t->next = NULL;
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
}

struct uthread* __uthread_queue_pop(struct uthread_queue* q) {
    struct uthread* t = q->head;
    if (t) {
        q->head = t->next;
        if (q->head == NULL) q->tail = NULL;
        t->next = NULL;
    }
    return t;
}

void __uthread_make_ready(struct uthread* t) {
    t->state = UT_READY;
    __uthread_queue_push(&ready, t);
}

/* ---------------------------------------------------------------- the scheduler */

void __uthread_schedule(void) {
    struct uthread* self = __uthread_current();
    struct uthread* next = __uthread_queue_pop(&ready);
    if (next == NULL) {
        if (self->state == UT_READY || self->state == UT_RUNNING) { /* alone: go on */
            self->state = UT_RUNNING;
            return;
        }
        /* Blocked, and nobody left to wake us: only the kernel could, and
           it does not know we exist. */
        static const char msg[] = "uthread: deadlock (every thread is blocked)\n";
        write(2, msg, sizeof msg - 1);
        _exit(1);
    }
    if (next == self) { /* yielded with nobody else ready */
        self->state = UT_RUNNING;
        return;
    }
    next->state = UT_RUNNING;
    current = next;
    __uthread_stats.switches++;
    __uthread_switch(&self->context, &next->context);
    /* We run again: whoever switched to us set current and our state. */
}

void __uthread_leave(void) {
    if (--__uthread_in_library == 0 && __uthread_preempt_pending) {
        __uthread_preempt_pending = 0;
        __uthread_stats.preemptions++;
        uthread_yield();
    }
}

void uthread_yield(void) {
    struct uthread* self = __uthread_current();
    __uthread_enter();
    __uthread_make_ready(self);
    __uthread_schedule();
    __uthread_leave();
}

/* ---------------------------------------------------------------- create */

static void thread_start(void) {
    /* First run of a new thread: we arrived here from __uthread_switch
       inside some other thread's critical section; close it for them. */
    __uthread_leave();
    struct uthread* self = __uthread_current();
    uthread_exit(self->start(self->arg));
}

int uthread_create(uthread_t* thread, void* (*start)(void*), void* arg) {
    (void)__uthread_current(); /* main's descriptor exists first */
    struct uthread* t = calloc(1, sizeof *t);
    void* stack = malloc(UTHREAD_STACK_DEFAULT);
    void* tls_mem = malloc(__tls_block_bytes());
    if (!t || !stack || !tls_mem) {
        free(t);
        free(stack);
        free(tls_mem);
        return EAGAIN;
    }
    t->start = start;
    t->arg = arg;
    t->stack = stack;
    t->tls_mem = tls_mem;
    t->context.ra = (unsigned long)thread_start;
    t->context.sp = ((unsigned long)stack + UTHREAD_STACK_DEFAULT) & ~15UL;
    t->context.tp = (unsigned long)__tls_block_init(tls_mem);
    __asm__ volatile("frcsr %0" : "=r"(t->context.fcsr));

    __uthread_enter();
    t->id = next_id++;
    live_threads++;
    __uthread_stats.created++;
    *thread = t;
    __uthread_make_ready(t);
    __uthread_leave();
    return 0;
}

/* ---------------------------------------------------------------- exit and join */

void uthread_exit(void* result) {
    struct uthread* self = __uthread_current();
    __uthread_enter();
    self->result = result;
    if (--live_threads == 0) {
        __uthread_leave();
        exit(0); /* the last one out: as if main returned */
    }
    self->state = UT_DONE;
    if (self->joiner) __uthread_make_ready(self->joiner);
    __uthread_schedule(); /* never comes back: nobody makes a DONE thread ready */
    for (;;) {
    }
}

int uthread_join(uthread_t t, void** result) {
    struct uthread* self = __uthread_current();
    if (t == self) return EDEADLK;
    __uthread_enter();
    if (t->joiner != NULL) {
        __uthread_leave();
        return EINVAL;
    }
    if (t->state != UT_DONE) {
        t->joiner = self;
        self->state = UT_BLOCKED;
        __uthread_schedule();
    }
    __uthread_leave();
    /* t has switched away for the last time: its stack is free to go. */
    if (result) *result = t->result;
    if (t != &main_thread) {
        free(t->stack);
        free(t->tls_mem);
        free(t);
    }
    return 0;
}
