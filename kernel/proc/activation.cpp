// Scheduler activations: the kernel side. See activation.h for the hooks
// and docs/activations.md for the contract with the user library.
//
// An activation is an ordinary Thread with a role. A process that
// registered has a table of virtual processors (VPs); each granted VP
// has exactly one Attached activation (its `current`) and, made ahead of
// time, a Spare parked in the kernel. When the attached activation is
// about to block, on_block() hands the VP to the spare — no allocation
// on that path — and the spare upcalls BLOCKED; its first act is to make
// the VP a new spare. When the blocked activation's system call is done
// it does not return to user mode: it becomes Stopped, queues its context
// as UNBLOCKED, and exits once an upcall has handed that context to the
// user scheduler. A timer preemption of an attached activation becomes
// an upcall carrying PREEMPTED (its own context) and any queued events.
#include "proc/activation.h"
#include "arch/riscv/trapframe.h"
#include "lib/panic.h"
#include "lib/pool.h"
#include "lib/printk.h"
#include "mm/user_memory.h"
#include "proc/cpu.h"
#include "proc/lifecycle.h"
#include "proc/process.h"
#include "proc/sched_trace.h"
#include "proc/scheduler.h"

namespace {

constexpr usize MAX_VPS = 8;
constexpr usize MAX_EVENTS_PER_UPCALL = 16;
constexpr usize MAX_ACTIVATED_PROCESSES = 8;

enum EventType : u32 { NEWPROC = 1, BLOCKED = 2, UNBLOCKED = 3, PREEMPTED = 4 };

} // namespace
// The user ABI (docs/activations.md). SaConfig is named in activation.h.
struct SaConfig {
    u64 upcall_entry;
    u64 resume_start;
    u64 resume_end;
    u64 nvp;
    u64 upcall_stack[MAX_VPS];
    u64 shared[MAX_VPS];
};
namespace {
struct SaShared {
    u32 disabled;
    u32 vp;
    u64 upcalls;
    u64 events_waiting;
};
struct SaContext {
    u64 pc;
    u64 x[32];
    u64 f[32];
    u64 fcsr;
};
struct SaEvent {
    u32 type;
    u32 activation;
    SaContext context;
};
static_assert(sizeof(SaEvent) == 8 + 8 * 66);

struct VirtualProcessor {
    Thread* current = nullptr; // the attached (or idle) activation; null if not granted
    Thread* spare = nullptr;   // parked, ready to take over
    u64 upcall_stack = 0;
    u64 shared = 0;
    bool granted = false;
    bool idle = false;   // in sa_yield
    bool remove = false; // concurrency lowered: give the VP back at the next tick
    bool kick = false;   // sa_setconcurrency while idle: the library has work again
};

} // namespace

struct ActivationState {
    Spinlock lock{"activations", LockRank::Activations};
    u64 upcall_entry = 0, resume_start = 0, resume_end = 0;
    u64 gp = 0, tp = 0; // the registering thread's, for upcalls
    usize nvp = 0;
    usize granted = 0;
    VirtualProcessor vps[MAX_VPS];
    IntrusiveList<Thread, &Thread::sa_node> stopped; // contexts waiting for an upcall
    bool exiting = false;
    char idle_channel = 0; // sa_yield sleepers wait on its address
};

namespace {

constinit Pool<ActivationState, MAX_ACTIVATED_PROCESSES> states("activations");

// Read the VP's disabled flag; an unreadable page counts as disabled.
bool upcall_allowed_locked(ActivationState* sa, VirtualProcessor& vp, u64 pc) {
    sa->lock.assert_held();
    Result<u32> disabled = copy_from_user(UserPtr<u32>(vp.shared + offsetof(SaShared, disabled)));
    if (disabled.is_error() || disabled.value()) return false;
    return pc < sa->resume_start || pc >= sa->resume_end; // not inside the resume stub
}

SaContext context_of(const TrapFrame& tf) {
    SaContext c{};
    c.pc = tf.epc;
    for (int i = 0; i < 32; i++)
        c.x[i] = tf.x[i];
    for (int i = 0; i < 32; i++)
        c.f[i] = tf.f[i];
    c.fcsr = tf.fcsr;
    return c;
}

// The invariant of docs/activations.md, in terms of the VP table: every granted VP
// has one activation attached (or idle in sa_yield) belonging to p, and
// the number of granted VPs is what was asked for.
void check_invariant_locked(Process* p, ActivationState* sa) {
    sa->lock.assert_held();
    usize attached = 0;
    for (usize i = 0; i < sa->nvp; i++) {
        VirtualProcessor& vp = sa->vps[i];
        if (!vp.granted) continue;
        Thread* t = vp.current;
        if (!t || t->process != p ||
            (t->sa_role != ActivationRole::Attached && t->sa_role != ActivationRole::Idle))
            panic("activations: VP %zu of pid %d has no attached activation", i, p->pid);
        attached++;
    }
    if (attached != sa->granted)
        panic("activations: pid %d has %zu attached activations for %zu VPs", p->pid, attached,
              sa->granted);
}

void activation_entry();

// A new activation of p for VP vp: runnable at once. A Spare parks
// itself; an Attached one upcalls `event`.
Result<Thread*> create_activation(Process* p, usize vp, ActivationRole role, u32 event) {
    EmbryoThread embryo = TRY(threads::allocate(p));
    // gp and tp are the caller's; the upcall sets the rest of the registers.
    TRY(threads::start_as_copy_of_caller(embryo.get(), &activation_entry));
    embryo->sa_role = role;
    embryo->sa_vp = static_cast<u8>(vp);
    embryo->sa_event = event;
    embryo->sa_event_subject = 0;
    // The process is ending: a new activation would outlive it.
    if (!lifecycle::attach_thread_if_alive(p, embryo.get())) return Errno::EINTR;
    Thread* t = embryo.commit();
    {
        // Publish it in the VP table before it can run.
        ActivationState* sa = p->activations;
        SpinlockGuard guard(sa->lock);
        VirtualProcessor& v = sa->vps[vp];
        if (role == ActivationRole::Spare) {
            v.spare = t;
        } else {
            if (!v.granted) sa->granted++;
            v.granted = true;
            v.current = t;
        }
    }
    SpinlockGuard guard(t->lock);
    scheduler::make_runnable_locked(t);
    return t;
}

// Give VP vp a spare if it has none (not on the block path: may allocate).
void replenish_spare(Process* p, usize vp) {
    ActivationState* sa = p->activations;
    {
        SpinlockGuard guard(sa->lock);
        if (sa->exiting || sa->vps[vp].spare || !sa->vps[vp].granted) return;
    }
    // Out of threads: no spare, and this VP will stall when it blocks.
    (void)create_activation(p, vp, ActivationRole::Spare, 0);
}

// What an upcall is for, for the trace: its first event, else an
// unblocked context if it carries one, else a preempted one.
sched_trace::Reason upcall_reason(u32 first, Thread* const* delivered, usize ndelivered) {
    u32 type = first;
    for (usize k = 0; k < ndelivered && !type; k++)
        if (delivered[k]->sa_event == UNBLOCKED) type = UNBLOCKED;
    switch (type) {
    case NEWPROC:
        return sched_trace::Reason::SaNewproc;
    case BLOCKED:
        return sched_trace::Reason::SaBlocked;
    case UNBLOCKED:
        return sched_trace::Reason::SaUnblocked;
    default:
        return sched_trace::Reason::SaPreempted;
    }
}

// Turn t's return to user mode into an upcall on its VP: the events are
// `first` (unless 0), t's own context as PREEMPTED (if include_self), and
// as many stopped activations' contexts as fit.
// false (and no upcall) if the process is ending.
bool upcall(Thread* t, u32 first, u32 first_subject, bool include_self) {
    Process* p = t->process;
    ActivationState* sa = p->activations;
    TrapFrame& tf = *t->trapframe;
    Thread* delivered[MAX_EVENTS_PER_UPCALL];
    usize ndelivered = 0;
    bool ok = true;
    u64 sp, count;
    usize vpn = t->sa_vp;
    {
        // Touch the event area and the shared page first, without locks:
        // after a fork they are copy-on-write, and breaking that may wait
        // for other harts (mm/tlb.h), which must not happen under a spinlock.
        u64 top = sa->vps[vpn].upcall_stack;
        static constexpr u64 zero[8] = {};
        for (u64 a = top - MAX_EVENTS_PER_UPCALL * sizeof(SaEvent); a < top; a += sizeof zero)
            (void)copy_to_user(UserPtr<u64>(a), zero, 8);
        UserPtr<u64> upcalls(sa->vps[vpn].shared + offsetof(SaShared, upcalls));
        if (Result<u64> n = copy_from_user(upcalls); !n.is_error())
            (void)copy_to_user(upcalls, n.value());
    }
    {
        SpinlockGuard guard(sa->lock);
        // The process is ending: its threads are on their way out, and the
        // VP table no longer has to add up.
        if (sa->exiting || p->killed) return false;
        check_invariant_locked(p, sa);
        VirtualProcessor& vp = sa->vps[vpn];
        usize fixed = (first ? 1 : 0) + (include_self ? 1 : 0);
        usize from_queue = sa->stopped.size();
        if (from_queue > MAX_EVENTS_PER_UPCALL - fixed) from_queue = MAX_EVENTS_PER_UPCALL - fixed;
        count = fixed + from_queue;
        sp = (vp.upcall_stack - count * sizeof(SaEvent)) & ~u64(15);

        usize i = 0;
        auto put = [&](u32 type, u32 who, const SaContext* context) {
            SaEvent ev{};
            ev.type = type;
            ev.activation = who;
            if (context) ev.context = *context;
            if (copy_to_user(UserPtr<SaEvent>(sp).offset(i++), ev).is_error()) ok = false;
        };
        if (first) put(first, first_subject, nullptr);
        if (include_self) {
            SaContext self = context_of(tf);
            put(PREEMPTED, static_cast<u32>(t->tid), &self);
        }
        for (usize k = 0; k < from_queue; k++) {
            Thread* s = sa->stopped.pop_front();
            SaContext c = context_of(*s->trapframe);
            put(s->sa_event, static_cast<u32>(s->tid), &c);
            s->sa_role = ActivationRole::None; // handed over: it may exit now
            delivered[ndelivered++] = s;
        }
        SaShared shared{1, static_cast<u32>(vpn), 0, sa->stopped.size()};
        Result<u64> upcalls = copy_from_user(UserPtr<u64>(vp.shared + offsetof(SaShared, upcalls)));
        shared.upcalls = (upcalls.is_error() ? 0 : upcalls.value()) + 1;
        if (copy_to_user(UserPtr<SaShared>(vp.shared), shared).is_error()) ok = false;
    }
    for (usize k = 0; k < ndelivered; k++)
        wakeup(delivered[k]);
    if (!ok) lifecycle::exit_process(sig::SIGSEGV); // the library gave bad stacks or pages
    sched_trace::record(sched_trace::Event::Upcall, t, upcall_reason(first, delivered, ndelivered),
                        static_cast<u32>(count));

    for (u64& x : tf.x)
        x = 0;
    tf.x[3] = sa->gp;
    tf.tp() = sa->tp;
    tf.epc = sa->upcall_entry;
    tf.sp() = sp;
    tf.a(0) = sp;
    tf.a(1) = count;
    tf.a(2) = vpn;
    return true;
}

// A stopped activation (UNBLOCKED or PREEMPTED) waits until an upcall
// has copied its context out, then ends. Wakes an idle VP to do it.
[[noreturn]] void stop_and_exit(Thread* t, u32 event) {
    ActivationState* sa = t->process->activations;
    u64 shared[MAX_VPS] = {};
    u64 waiting;
    {
        SpinlockGuard guard(sa->lock);
        t->sa_role = ActivationRole::Stopped;
        t->sa_event = event;
        sa->stopped.push_back(t);
        wakeup(&sa->idle_channel);
        waiting = sa->stopped.size();
        for (usize i = 0; i < sa->nvp; i++)
            if (sa->vps[i].granted) shared[i] = sa->vps[i].shared;
    }
    // Tell every VP (outside the lock: user memory): a VP busy in library
    // code with `disabled` set cannot take an upcall, but the library sees
    // this count and makes a system call, whose return delivers them.
    for (u64 page : shared)
        if (page)
            (void)copy_to_user(UserPtr<u64>(page + offsetof(SaShared, events_waiting)), waiting);
    {
        SpinlockGuard guard(sa->lock);
        while (t->sa_role == ActivationRole::Stopped && !current_thread_interrupted())
            sleep_on(t, sa->lock);
        if (t->sa_role == ActivationRole::Stopped) sa->stopped.remove(t); // killed first
        t->sa_role = ActivationRole::None;
    }
    lifecycle::thread_exit();
}

// The first instructions of a new activation (the scheduler switched
// here holding its lock).
void activation_entry() {
    Thread* t = current_thread();
    t->lock.release();
    Process* p = t->process;
    ActivationState* sa = p->activations;
    {
        SpinlockGuard guard(sa->lock);
        while (t->sa_role == ActivationRole::Spare && !current_thread_interrupted())
            sleep_on(t, sa->lock);
    }
    lifecycle::exit_if_killed();
    if (t->sa_role != ActivationRole::Attached) lifecycle::thread_exit(); // never used
    replenish_spare(p, t->sa_vp);
    // Its trapframe is a copy of its creator's: never run that.
    if (!upcall(t, t->sa_event, t->sa_event_subject, false)) {
        lifecycle::exit_if_killed();
        lifecycle::thread_exit();
    }
    lifecycle::return_to_user();
}

} // namespace

namespace activations {

Result<void> register_process(UserPtr<SaConfig> config) {
    Thread* t = current_thread();
    Process* p = t->process;
    if (p->activations) return Errno::EBUSY;
    SaConfig cfg = TRY(copy_from_user(config));
    if (cfg.nvp < 1 || cfg.nvp > MAX_VPS || !cfg.upcall_entry || cfg.resume_end < cfg.resume_start)
        return Errno::EINVAL;
    for (usize i = 0; i < cfg.nvp; i++) {
        if (cfg.upcall_stack[i] % 16 || cfg.shared[i] % riscv::PGSIZE) return Errno::EINVAL;
        SaShared fresh{0, static_cast<u32>(i), 0, 0};
        TRY(copy_to_user(UserPtr<SaShared>(cfg.shared[i]), fresh)); // EFAULT for a bad page
        TRY(copy_to_user(UserPtr<u64>(cfg.upcall_stack[i] - sizeof(u64)), u64(0)));
    }
    {
        SpinlockGuard guard(p->lock);
        if (p->activations) return Errno::EBUSY;
        if (p->live_threads != 1) return Errno::EINVAL;
    }
    ActivationState* sa = states.allocate();
    if (!sa) return Errno::EAGAIN;
    sa->upcall_entry = cfg.upcall_entry;
    sa->resume_start = cfg.resume_start;
    sa->resume_end = cfg.resume_end;
    sa->gp = t->trapframe->x[3];
    sa->tp = t->trapframe->tp();
    sa->nvp = cfg.nvp;
    for (usize i = 0; i < cfg.nvp; i++) {
        sa->vps[i].upcall_stack = cfg.upcall_stack[i];
        sa->vps[i].shared = cfg.shared[i];
    }
    sa->vps[0].granted = true;
    sa->vps[0].current = t;
    sa->granted = 1;
    t->sa_role = ActivationRole::Attached;
    t->sa_vp = 0;
    p->activations = sa;
    replenish_spare(p, 0);
    return ok();
}

Result<void> set_concurrency(u64 n) {
    Process* p = current_process();
    ActivationState* sa = p->activations;
    if (!sa) return Errno::EINVAL;
    if (n < 1 || n > sa->nvp || n > online_hart_count()) return Errno::EINVAL;
    for (usize i = 0; i < sa->nvp; i++) {
        bool add = false;
        {
            SpinlockGuard guard(sa->lock);
            VirtualProcessor& vp = sa->vps[i];
            if (i < n) {
                vp.remove = false;
                add = !vp.granted;
                if (vp.idle) {
                    // Asking again for processors it has means "there is
                    // work": an idle VP upcalls at once (the paper's
                    // "add more processors").
                    vp.kick = true;
                    wakeup(&sa->idle_channel);
                }
            } else if (vp.granted) {
                vp.remove = true;
                if (vp.idle) wakeup(&sa->idle_channel);
            }
        }
        if (!add) continue;
        TRY(create_activation(p, i, ActivationRole::Attached, NEWPROC));
    }
    return ok();
}

Result<void> yield() {
    Thread* t = current_thread();
    Process* p = t->process;
    ActivationState* sa = p->activations;
    if (!sa || t->sa_role != ActivationRole::Attached) return Errno::EINVAL;
    bool give_back = false;
    {
        SpinlockGuard guard(sa->lock);
        VirtualProcessor& vp = sa->vps[t->sa_vp];
        vp.idle = true;
        t->sa_role = ActivationRole::Idle;
        while (sa->stopped.empty() && !vp.remove && !vp.kick && !current_thread_interrupted())
            sleep_on(&sa->idle_channel, sa->lock);
        vp.idle = false;
        vp.kick = false;
        t->sa_role = ActivationRole::Attached;
        if (vp.remove) {
            vp.remove = false;
            vp.granted = false;
            vp.current = nullptr;
            sa->granted--;
            t->sa_role = ActivationRole::None;
            give_back = true;
        }
    }
    if (give_back) lifecycle::thread_exit(); // an idle VP has no context to hand back
    if (current_thread_interrupted() || !upcall(t, 0, 0, false)) return Errno::EINTR;
    return ok();
}

void on_block(Thread* t) {
    if (t->sa_role != ActivationRole::Attached) return;
    ActivationState* sa = t->process->activations;
    Thread* spare;
    {
        SpinlockGuard guard(sa->lock);
        VirtualProcessor& vp = sa->vps[t->sa_vp];
        if (sa->exiting || vp.current != t || !vp.spare) return; // no spare: the VP stalls
        if (!upcall_allowed_locked(sa, vp, t->trapframe->epc))
            return; // disabled: the VP stalls, as docs/activations.md says
        spare = vp.spare;
        vp.spare = nullptr;
        vp.current = spare;
        t->sa_role = ActivationRole::Detached;
        spare->sa_role = ActivationRole::Attached;
        spare->sa_vp = t->sa_vp;
        spare->sa_event = BLOCKED;
        spare->sa_event_subject = static_cast<u32>(t->tid);
    }
    wakeup(spare);
}

void before_user_return(Thread* t, bool preempted) {
    if (t->sa_role == ActivationRole::None) return;
    ActivationState* sa = t->process->activations;
    if (t->sa_role == ActivationRole::Detached) stop_and_exit(t, UNBLOCKED);
    if (t->sa_role != ActivationRole::Attached) return;

    bool give_back = false;
    u64 shared = 0, waiting = 0;
    {
        SpinlockGuard guard(sa->lock);
        VirtualProcessor& vp = sa->vps[t->sa_vp];
        if (vp.remove) {
            vp.remove = false;
            vp.granted = false;
            vp.current = nullptr;
            sa->granted--;
            give_back = true;
        } else {
            if (!preempted && sa->stopped.empty()) return;
            if (!upcall_allowed_locked(sa, vp, t->trapframe->epc)) {
                waiting = sa->stopped.size();
                shared = vp.shared;
            }
        }
    }
    if (shared) {
        // Resumed as it was; the events wait. Tell the library how many.
        (void)copy_to_user(UserPtr<u64>(shared + offsetof(SaShared, events_waiting)), waiting);
        return;
    }
    if (give_back) stop_and_exit(t, PREEMPTED); // fewer VPs: another VP gets its context
    // The upcall replaces t's user context, so that context goes to the
    // user scheduler too (as PREEMPTED), whether or not the timer took
    // the hart: the kernel never drops or resumes a context by itself.
    (void)upcall(t, 0, 0, true); // if the process is ending, t exits on its way out
}

void on_process_exit(Process* p) {
    ActivationState* sa = p->activations;
    if (!sa) return;
    SpinlockGuard guard(sa->lock);
    sa->exiting = true;
    for (usize i = 0; i < sa->nvp; i++)
        if (Thread* spare = sa->vps[i].spare) wakeup(spare);
    for (Thread* s : sa->stopped)
        wakeup(s);
    wakeup(&sa->idle_channel);
}

void release(Process* p) {
    ActivationState* sa = p->activations;
    if (!sa) return;
    p->activations = nullptr;
    for (usize i = 0; i < sa->nvp; i++)
        sa->vps[i] = VirtualProcessor{};
    states.free(sa);
}

} // namespace activations
