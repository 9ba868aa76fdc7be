/* The sa library's scheduler: registration (sa_init), the upcall
 * handler, the per-VP scheduler loop and the shared ready queue. The
 * rules are in sa_internal.h; the story in docs/activations.md.
 *
 * Every VP runs the same loop (__sa_scheduler) on its own stack with
 * `disabled` set: continue a preempted lock holder if this VP has one
 * (recovery), else take the head of the ready queue, else tell the
 * kernel this VP is idle (sa_yield) -- it comes back as an upcall when
 * there is an event. The loop is entered from an upcall, after the
 * events have been turned into thread states, or from a user thread
 * that yields, blocks or exits (__sa_switch).
 *
 * Events:
 *   SA_NEWPROC    a VP was added: just schedule.
 *   SA_BLOCKED    the thread this VP was running is blocked in the kernel
 *                 (the upcall runs on a fresh activation): remember it
 *                 and its activation, run another.
 *   SA_UNBLOCKED  a blocked thread's system call is done: its context
 *                 (a0 = the result) goes to the ready queue, to be
 *                 resumed through sigreturn. It may be handled before
 *                 its own SA_BLOCKED (another VP's upcall was faster):
 *                 early_unblock remembers that, so the late SA_BLOCKED
 *                 changes nothing.
 *   SA_PREEMPTED  a thread lost its processor: ready again -- unless it
 *                 holds user spin locks: then this VP continues it
 *                 before anything else, and the thread yields as soon
 *                 as it lets go of its last one (sa_sync.c).
 * A context names its thread by tp: each thread has its own TLS block,
 * and the word just before the block points at the descriptor.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <weft.h>

#include "internal.h"
#include "sa_internal.h"
#include "thread_hooks.h"
#include "tls_block.h"

_Static_assert(sizeof(struct sa_context) == 528, "sa_context is the kernel's");
_Static_assert(sizeof(struct sa_event) == 8 + 528, "sa_event is the kernel's");
_Static_assert(offsetof(struct sa_thread, vp) == 528, "sa_upcall.S: T_VP");
_Static_assert(offsetof(struct sa_vp, shared) == 0, "sa_upcall.S: VP_SHARED");
_Static_assert(offsetof(struct sa_vp, sched_sp) == 8, "sa_upcall.S: VP_SCHED_SP");
_Static_assert(offsetof(struct sa_vp, tls) == 16, "sa_upcall.S: VP_TLS");
_Static_assert(offsetof(struct sa_vp, masked) == 24, "sa_upcall.S: VP_MASKED");

enum { UPCALL_STACK = 16 * 1024, SCHED_STACK = 16 * 1024, PAGE = 4096 };

/* Memory the kernel writes (shared pages, upcall stacks) and the
 * schedulers' stacks: static, so registering allocates nothing. */
static char shared_pages[SA_MAX_VPS][PAGE] __attribute__((aligned(PAGE)));
static char upcall_stacks[SA_MAX_VPS][UPCALL_STACK] __attribute__((aligned(16)));
static char sched_stacks[SA_MAX_VPS][SCHED_STACK] __attribute__((aligned(16)));

static struct sa_vp vps[SA_MAX_VPS];
struct sa_vp* __sa_vp_table[SA_MAX_VPS];
static int granted;           /* VPs the kernel gave us */
int __sa_active;              /* registered, and this is not a forked child */
static unsigned long sigmask; /* what sigreturn restores on every resume */
struct sa_stats __sa_stats;

/* ---------------------------------------------------------------- the system calls */

int sa_register(const struct sa_config* config) {
    return (int)__syscall_ret(__sys_sa_register(config));
}
int sa_setconcurrency(int n) {
    return (int)__syscall_ret(__sys_sa_setconcurrency(n));
}
int sa_yield(void) {
    return (int)__syscall_ret(__sys_sa_yield());
}

/* ---------------------------------------------------------------- small things */

void sa_get_stats(struct sa_stats* stats) {
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    *stats = __sa_stats;
}
int sa_concurrency(void) {
    return __sa_active ? granted : 0;
}

static unsigned long read_tp(void) {
    unsigned long tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    return tp;
}

/* The thread a context (or the caller) belongs to, by its tp; NULL if
 * the tp is none of ours. */
static struct sa_thread* thread_of_tp(unsigned long tp) {
    if (__sa_main.magic != SA_MAGIC) return NULL; /* before sa_init */
    if (tp == __sa_main.tp) return &__sa_main;
    if (tp < 0x10000 || (tp & 7) != 0) return NULL;
    struct sa_thread* t = *(struct sa_thread**)(tp - 8);
    if (t == NULL || ((unsigned long)t & 7) != 0 || t->magic != SA_MAGIC || t->tp != tp)
        return NULL;
    return t;
}

struct sa_thread* __sa_self(void) {
    return thread_of_tp(read_tp());
}

int sa_current_vp(void) {
    struct sa_thread* self = __sa_self();
    return self && self->vp ? self->vp->id : 0;
}

/* ---------------------------------------------------------------- sched_lock and queues */

static volatile unsigned int sched_lock;
static struct sa_waitq ready;

void __sa_sched_lock(void) {
    while (__atomic_exchange_n(&sched_lock, 1, __ATOMIC_ACQUIRE) != 0)
        while (__atomic_load_n(&sched_lock, __ATOMIC_RELAXED) != 0) {
        }
}
void __sa_sched_unlock(void) {
    __atomic_store_n(&sched_lock, 0, __ATOMIC_RELEASE);
}

void __sa_waitq_push(struct sa_waitq* q, struct sa_thread* t) {
    t->next = NULL;
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
}

struct sa_thread* __sa_waitq_pop(struct sa_waitq* q) {
    struct sa_thread* t = q->head;
    if (t) {
        q->head = t->next;
        if (q->head == NULL) q->tail = NULL;
        t->next = NULL;
    }
    return t;
}

void __sa_make_ready_locked(struct sa_thread* t) {
    t->state = SA_T_READY;
    __sa_waitq_push(&ready, t);
}

/* A user thread made another ready: if some VP sleeps in sa_yield, ask
 * the kernel to wake it. The only call there is for that is
 * sa_setconcurrency with the count we have -- Anderson's "this address
 * space has more runnable threads than processors". (A kernel that
 * does not wake idle VPs on it leaves the thread to the running VPs.) */
void __sa_wake_idle(void) {
    for (int i = 0; i < granted; i++)
        if (vps[i].in_yield) {
            SA_COUNT(wakeups);
            (void)__sys_sa_setconcurrency(granted);
            return;
        }
}

/* Events the kernel queued while this process's VPs were busy in library
 * code (disabled) wait for the next upcall; the kernel counts them in
 * each VP's shared page. A system call from user code (disabled clear)
 * gives it the chance to deliver them on the way back. */
void __sa_poll_events(void) {
    if (!__sa_active) return;
    for (int i = 0; i < SA_MAX_VPS; i++) {
        struct sa_vp* v = __sa_vp_table[i];
        if (v && v->shared->events_waiting) {
            (void)__sys_getpid();
            return;
        }
    }
}

void __sa_enable(struct sa_vp* vp) {
    vp->masked = 0;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    vp->shared->disabled = 0;
}

/* ---------------------------------------------------------------- running a thread */

/* What sigreturn reads at sp (docs/abi.md, "Signals"). */
struct signal_frame {
    unsigned long info[4]; /* siginfo_t, unused */
    unsigned long uc_flags;
    unsigned long uc_sigmask;
    struct sa_context mcontext;
};
_Static_assert(sizeof(struct signal_frame) == 32 + 16 + 528, "{siginfo_t, ucontext_t}");

__attribute__((noreturn)) static void run(struct sa_vp* vp, struct sa_thread* t) {
    t->state = SA_T_RUNNING;
    t->vp = vp;
    vp->current = t;
    SA_COUNT(switches);
    if (!t->ctx_full) __sa_resume_fast(&t->ctx, vp);
    /* Below the thread's sp is free (RISC-V has no red zone). */
    struct signal_frame* frame =
        (struct signal_frame*)((t->ctx.x[2] - sizeof(struct signal_frame)) & ~15UL);
    frame->uc_flags = 0;
    frame->uc_sigmask = sigmask;
    frame->mcontext = t->ctx;
    SA_COUNT(full_resumes);
    __sa_resume_full(frame, vp);
}

void __sa_scheduler(struct sa_vp* vp) {
    /* sched_lock is held: we came from __sa_switch, or the upcall took it. */
    for (;;) {
        struct sa_thread* t = vp->recovery_head;
        if (t) {
            vp->recovery_head = t->next;
            if (vp->recovery_head == NULL) vp->recovery_tail = NULL;
            t->next = NULL;
        } else {
            t = __sa_waitq_pop(&ready);
        }
        if (t) {
            __sa_sched_unlock();
            run(vp, t);
        }
        __sa_sched_unlock();
        /* Nothing to run. With other VPs, look again for a moment before
           giving this one back: another VP may be about to make a thread
           ready, and an idle VP wakes only for a kernel event (or, if the
           kernel does it, for __sa_wake_idle).
           Alone, nobody but the kernel can give us work: yield at once. */
        unsigned long until = rdtime() + (granted > 1 ? WEFT_TIME_HZ / 100 : 0); /* 10 ms */
        while (__atomic_load_n(&ready.head, __ATOMIC_RELAXED) == NULL && rdtime() < until) {
        }
        if (__atomic_load_n(&ready.head, __ATOMIC_RELAXED) == NULL) {
            SA_COUNT(idle);
            vp->in_yield = 1;
            (void)__sys_sa_yield(); /* normally comes back as an upcall */
            vp->in_yield = 0;
        }
        __sa_sched_lock();
    }
}

/* ---------------------------------------------------------------- upcalls */

static void on_blocked(struct sa_thread* prev, unsigned int activation) {
    if (prev == NULL) {
        SA_COUNT(stray_events);
        return;
    }
    if (prev->early_unblock == activation) {
        prev->early_unblock = 0; /* already back in the ready queue */
        return;
    }
    prev->state = SA_T_BLOCKED_KERNEL;
    prev->block_act = activation;
}

static void on_unblocked(struct sa_thread* t, const struct sa_event* ev) {
    t->ctx = ev->context;
    t->ctx_full = 1;
    if (t->state == SA_T_BLOCKED_KERNEL && t->block_act == ev->activation) {
        __sa_make_ready_locked(t);
    } else if (t->state == SA_T_RUNNING) {
        /* Its SA_BLOCKED is still on its way (another VP's upcall). */
        t->early_unblock = ev->activation;
        SA_COUNT(early_unblocks);
        __sa_make_ready_locked(t);
    } else {
        SA_COUNT(stray_events);
    }
}

static void on_preempted(struct sa_vp* vp, struct sa_thread* t, const struct sa_event* ev) {
    t->ctx = ev->context;
    t->ctx_full = 1;
    if (t->state != SA_T_RUNNING) SA_COUNT(stray_events);
    if (t->locks > 0) {
        /* Recovery: it holds a user spin lock others may be spinning
           on. Continue it first; it yields when it lets go. */
        t->recovering = 1;
        t->state = SA_T_READY;
        t->next = NULL;
        if (vp->recovery_tail)
            vp->recovery_tail->next = t;
        else
            vp->recovery_head = t;
        vp->recovery_tail = t;
        SA_COUNT(recoveries);
    } else {
        __sa_make_ready_locked(t);
    }
}

/* The upcall took this VP away from prev without handing prev's context
 * back: the kernel broke the contract (docs/activations.md: it "never
 * resumes a stopped user context by itself" -- nor may it drop one).
 * prev can never run again; say so, loudly, once per thread. */
static void lost_context(struct sa_vp* vp, struct sa_thread* prev) {
    SA_COUNT(lost_contexts);
    char msg[120];
    int n = snprintf(msg, sizeof msg,
                     "sa: an upcall on VP %d dropped the context of thread %d (pc was lost)\n",
                     vp->id, prev->id);
    if (n > 0) __sys_write(2, msg, (size_t)n);
}

void __sa_upcall(struct sa_event* events, long count, long vpn, struct sa_vp* vp) {
    (void)vpn;
    /* `masked` is our own record of `disabled`: if it is still set, the
       kernel upcalled into library code -- a nested upcall -- unless we
       asked for it by calling sa_yield. */
    int was_yielding = vp->in_yield;
    if (vp->masked && !was_yielding) SA_COUNT(nested_upcalls);
    vp->masked = 1;
    vp->in_yield = 0;
    SA_COUNT(upcalls);

    struct sa_thread* prev = vp->current; /* what this VP ran before the upcall */
    vp->current = NULL;
    int prev_accounted = prev == NULL || was_yielding;

    __sa_sched_lock();
    for (long i = 0; i < count && i < SA_MAX_EVENTS; i++) {
        const struct sa_event* ev = &events[i];
        if (ev->type >= SA_NEWPROC && ev->type <= SA_PREEMPTED)
            __atomic_add_fetch(&__sa_stats.events[ev->type], 1, __ATOMIC_RELAXED);
        switch (ev->type) {
        case SA_NEWPROC:
            break;
        case SA_BLOCKED:
            on_blocked(prev, ev->activation);
            prev_accounted = 1;
            break;
        case SA_UNBLOCKED:
        case SA_PREEMPTED: {
            struct sa_thread* t = thread_of_tp(ev->context.x[4]);
            if (t != NULL && t == prev) prev_accounted = 1;
            if (t == NULL)
                SA_COUNT(stray_events);
            else if (ev->type == SA_UNBLOCKED)
                on_unblocked(t, ev);
            else
                on_preempted(vp, t, ev);
            break;
        }
        default:
            SA_COUNT(stray_events);
        }
    }
    if (!prev_accounted) lost_context(vp, prev);
    __sa_scheduler(vp);
}

/* ---------------------------------------------------------------- fork */

/* The child of fork is a plain process with one thread (the kernel
 * gives it no activations): the library stops scheduling there. The
 * heap lock is held across fork so the child never inherits a heap
 * another thread was changing. */
static void fork_hook(int phase) {
    if (!__sa_active) return;
    if (phase == FORK_PREPARE) {
        __lock_acquire(&__malloc_lock);
    } else {
        __lock_release(&__malloc_lock);
        if (phase == FORK_CHILD) __sa_active = 0;
    }
}

/* ---------------------------------------------------------------- sa_init */

int sa_init(int nvp) {
    if (__sa_active || __sa_main.magic == SA_MAGIC) return EBUSY;
    long harts = sysconf(_SC_NPROCESSORS_ONLN);
    if (harts < 1) harts = 1;
    if (nvp > harts) nvp = (int)harts;
    if (nvp > SA_MAX_VPS) nvp = SA_MAX_VPS;
    if (nvp < 1) nvp = 1;

    struct sa_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.upcall_entry = (unsigned long)__sa_upcall_entry;
    cfg.resume_start = (unsigned long)__sa_resume_start;
    cfg.resume_end = (unsigned long)__sa_resume_end;
    cfg.nvp = (unsigned long)nvp;
    for (int i = 0; i < nvp; i++) {
        struct sa_vp* vp = &vps[i];
        if (vp->tls == 0) {
            void* mem = malloc(__tls_block_bytes());
            if (mem == NULL) return EAGAIN;
            vp->tls = (unsigned long)__tls_block_init(mem);
        }
        vp->id = i;
        vp->shared = (struct sa_vp_shared*)shared_pages[i];
        vp->sched_sp = (unsigned long)&sched_stacks[i][SCHED_STACK];
        __sa_vp_table[i] = vp;
        cfg.upcall_stack[i] = (unsigned long)&upcall_stacks[i][UPCALL_STACK];
        cfg.shared[i] = (unsigned long)vp->shared;
    }

    /* main becomes the thread running on VP 0 before the kernel can
       upcall about it. */
    struct sa_thread* m = &__sa_main;
    m->id = 0;
    m->tp = read_tp();
    m->state = SA_T_RUNNING;
    m->vp = &vps[0];
    m->magic = SA_MAGIC;
    vps[0].current = m;
    unsigned long none = 0;
    __sys_sigprocmask(SIG_BLOCK, &none, &sigmask);

    long r = __sys_sa_register(&cfg);
    if (r < 0) {
        m->magic = 0;
        return (int)-r;
    }
    __sa_active = 1;
    granted = 1;
    if (__thread_hook_fork == NULL) __thread_hook_fork = fork_hook;
    if (nvp > 1) {
        r = __sys_sa_setconcurrency(nvp);
        if (r == 0) granted = nvp;
    }
    return 0;
}
