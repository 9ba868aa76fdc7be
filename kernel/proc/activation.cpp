// Scheduler activations: making, parking and ending activations, and the
// hooks of activation.h. The state is activation_state.h; docs/activations.md
// is the contract with the user library.
//
// An activation is an ordinary Thread with a role. When the attached
// activation of a VP is about to block, on_block() hands the VP to the
// spare (no allocation on that path) and the spare upcalls BLOCKED; its
// first act is to make the VP a new spare. When the blocked activation's
// system call is done it does not return to user mode: it becomes
// Stopped, queues its context as UNBLOCKED, and exits once an upcall has
// handed that context to the user scheduler. A timer preemption of an
// attached activation becomes an upcall carrying PREEMPTED (its own
// context) and any queued events.
#include "arch/arch.h"
#include "mm/user_memory.h"
#include "proc/activation_state.h"
#include "proc/cpu.h"
#include "proc/lifecycle.h"
#include "proc/process.h"
#include "proc/scheduler.h"

namespace {

using namespace activations;

// A stopped activation (UNBLOCKED or PREEMPTED) waits until an upcall
// has copied its context out, then ends. Wakes an idle VP to do it.
[[noreturn]] void stop_and_exit(Thread* t, u32 event) {
    ActivationState* sa = t->process->activations;
    u64 shared[SA_MAX_VPS] = {};
    u64 waiting;
    {
        SpinlockGuard guard(sa->lock);
        t->sa_role = ActivationRole::Stopped;
        t->sa_event = event;
        sa->stopped.push_back(t);
        sa->idle_vps.wake_all();
        waiting = sa->stopped.size();
        for (usize i = 0; i < sa->nvp; i++)
            if (sa->vps[i].granted) shared[i] = sa->vps[i].shared;
    }
    // Tell every VP (outside the lock: user memory): a VP busy in library
    // code with `disabled` set cannot take an upcall, but the library sees
    // this count and makes a system call, whose return delivers them.
    for (u64 page : shared)
        if (page)
            (void)copy_to_user(UserPtr<u64>(page + offsetof(sa_vp_shared, events_waiting)),
                               waiting);
    {
        SpinlockGuard guard(sa->lock);
        while (t->sa_role == ActivationRole::Stopped && !current_thread_interrupted())
            sa->role_changed.sleep(sa->lock);
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
            sa->role_changed.sleep(sa->lock);
    }
    lifecycle::exit_if_killed();
    if (t->sa_role != ActivationRole::Attached) lifecycle::thread_exit(); // never used
    replenish_spare(p, t->sa_vp);
    // Its trapframe is a copy of its creator's: never run that.
    if (!upcall(t, t->sa_event, t->sa_event_subject, OwnContext::Keep)) {
        lifecycle::exit_if_killed();
        lifecycle::thread_exit();
    }
    lifecycle::return_to_user();
}

} // namespace

namespace activations {

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

void replenish_spare(Process* p, usize vp) {
    ActivationState* sa = p->activations;
    {
        SpinlockGuard guard(sa->lock);
        if (sa->exiting || sa->vps[vp].spare || !sa->vps[vp].granted) return;
    }
    // Out of threads: no spare, and this VP will stall when it blocks.
    (void)create_activation(p, vp, ActivationRole::Spare, 0);
}

void on_block(Thread* t) {
    if (t->sa_role != ActivationRole::Attached) return;
    ActivationState* sa = t->process->activations;
    SpinlockGuard guard(sa->lock);
    VirtualProcessor& vp = sa->vps[t->sa_vp];
    if (sa->exiting || vp.current != t || !vp.spare) return; // no spare: the VP stalls
    if (!upcall_allowed_locked(sa, vp, t->trapframe->epc))
        return; // disabled: the VP stalls, as docs/activations.md says
    Thread* spare = vp.spare;
    vp.spare = nullptr;
    vp.current = spare;
    t->sa_role = ActivationRole::Detached;
    spare->sa_role = ActivationRole::Attached;
    spare->sa_vp = t->sa_vp;
    spare->sa_event = SA_BLOCKED;
    spare->sa_event_subject = static_cast<u32>(t->tid);
    sa->role_changed.wake_all();
}

void before_user_return(Thread* t, Preempted preempted) {
    if (t->sa_role == ActivationRole::None) return;
    ActivationState* sa = t->process->activations;
    if (t->sa_role == ActivationRole::Detached) stop_and_exit(t, SA_UNBLOCKED);
    if (t->sa_role != ActivationRole::Attached) return;

    bool give_back = false;
    u64 shared = 0, waiting = 0;
    {
        SpinlockGuard guard(sa->lock);
        VirtualProcessor& vp = sa->vps[t->sa_vp];
        if (vp.remove) {
            give_back_vp_locked(sa, vp);
            give_back = true;
        } else {
            if (preempted == Preempted::No && sa->stopped.empty()) return;
            if (!upcall_allowed_locked(sa, vp, t->trapframe->epc)) {
                waiting = sa->stopped.size();
                shared = vp.shared;
            }
        }
    }
    if (shared) {
        // Resumed as it was; the events wait. Tell the library how many.
        (void)copy_to_user(UserPtr<u64>(shared + offsetof(sa_vp_shared, events_waiting)), waiting);
        return;
    }
    if (give_back) stop_and_exit(t, SA_PREEMPTED); // fewer VPs: another VP gets its context
    // The upcall replaces t's user context, so that context goes to the
    // user scheduler too (as PREEMPTED), whether or not the timer took
    // the hart: the kernel never drops or resumes a context by itself.
    (void)upcall(t, 0, 0, OwnContext::HandOver); // if the process is ending, t exits on its way out
}

// Decided under p->lock, while the threads still alive keep p from being
// finished (exit.cpp's thread_exit says why that matters).
bool only_spares_remain_locked(Process* p) {
    p->lock.assert_held();
    if (!p->activations) return false;
    for (Thread* t : p->threads)
        if (t->sa_role != ActivationRole::Spare) return false;
    return true;
}

void on_process_exit(Process* p) {
    ActivationState* sa = p->activations;
    if (!sa) return;
    SpinlockGuard guard(sa->lock);
    sa->exiting = true;
    sa->role_changed.wake_all(); // the spares and the stopped activations
    sa->idle_vps.wake_all();
}

} // namespace activations
