// Upcalls (docs/activations.md): how the kernel tells the user scheduler
// what happened. An upcall is a return to user mode with a changed
// trapframe: pc = the library's upcall entry, sp = just below the events
// written on the VP's upcall stack, a0 = those events, a1 = how many,
// a2 = the VP. The VP's shared page is marked disabled: the library
// clears it when it leaves the upcall stack, and until then no other
// upcall lands on that VP.
#include "arch/arch.h"
#include "mm/user_memory.h"
#include "proc/activation_state.h"
#include "proc/lifecycle.h"
#include "proc/sched_trace.h"

namespace {

sa_context context_of(const TrapFrame& tf) {
    sa_context c{};
    c.pc = tf.epc;
    for (int i = 0; i < 32; i++) {
        c.x[i] = tf.x[i];
        c.f[i] = tf.f[i];
    }
    c.fcsr = tf.fcsr;
    return c;
}

// What an upcall is for, for the trace: its first event, else an
// unblocked context if it carries one (unblocked: that event's type),
// else a preempted one.
sched_trace::Reason upcall_reason(u32 first, u32 unblocked) {
    switch (first ? first : unblocked) {
    case SA_NEWPROC:
        return sched_trace::Reason::SaNewproc;
    case SA_BLOCKED:
        return sched_trace::Reason::SaBlocked;
    case SA_UNBLOCKED:
        return sched_trace::Reason::SaUnblocked;
    default:
        return sched_trace::Reason::SaPreempted;
    }
}

// Break copy-on-write of the VP's event area and shared page now,
// without locks: after a fork they are copy-on-write, and breaking that
// may wait for other harts (mm/tlb.h), which must not happen under a spinlock.
void prefault_upcall_memory(const VirtualProcessor& vp) {
    static constexpr u64 zero[8] = {};
    for (u64 a = vp.upcall_stack - SA_MAX_EVENTS * sizeof(sa_event); a < vp.upcall_stack;
         a += sizeof zero)
        (void)copy_to_user(UserPtr<u64>(a), zero, 8);
    UserPtr<u64> counter(vp.shared + offsetof(sa_vp_shared, upcalls));
    auto upcalls = copy_from_user(counter);
    if (!upcalls.is_error()) (void)copy_to_user(counter, upcalls.value());
}

// An upcall's events, written one after another from sp up.
struct EventWriter {
    u64 sp;
    usize written = 0;
    bool ok = true;
    void put(u32 type, u32 who, const sa_context* context) {
        sa_event ev{};
        ev.type = type;
        ev.activation = who;
        if (context) ev.context = *context;
        if (copy_to_user(UserPtr<sa_event>(sp).offset(written++), ev).is_error()) ok = false;
    }
};

// Tell the VP's shared page: disabled (the library re-enables it), which
// VP, one more upcall, how many events still wait. false if unwritable.
bool publish_shared_locked(const VirtualProcessor& vp, usize vpn, usize waiting) {
    sa_vp_shared shared{1, static_cast<u32>(vpn), 0, waiting};
    auto upcalls = copy_from_user(UserPtr<u64>(vp.shared + offsetof(sa_vp_shared, upcalls)));
    shared.upcalls = (upcalls.is_error() ? 0 : upcalls.value()) + 1;
    return !copy_to_user(UserPtr<sa_vp_shared>(vp.shared), shared).is_error();
}

} // namespace

namespace activations {

// An unreadable shared page counts as disabled.
bool upcall_allowed_locked(ActivationState* sa, VirtualProcessor& vp, u64 pc) {
    sa->lock.assert_held();
    auto disabled = copy_from_user(UserPtr<u32>(vp.shared + offsetof(sa_vp_shared, disabled)));
    if (disabled.is_error() || disabled.value()) return false;
    return pc < sa->resume_start || pc >= sa->resume_end; // not inside the resume stub
}

bool upcall(Thread* t, u32 first, u32 first_subject, OwnContext own) {
    Process* p = t->process;
    ActivationState* sa = p->activations;
    TrapFrame& tf = *t->trapframe;
    usize vpn = t->sa_vp;
    prefault_upcall_memory(sa->vps[vpn]);

    EventWriter events{0};
    u32 unblocked = 0; // SA_UNBLOCKED once the upcall carries such a context
    {
        SpinlockGuard guard(sa->lock);
        // The process is ending: its threads are on their way out, and the
        // VP table no longer has to add up.
        if (sa->exiting || p->killed) return false;
        check_invariant_locked(p, sa);
        VirtualProcessor& vp = sa->vps[vpn];
        usize fixed = (first ? 1 : 0) + (own == OwnContext::HandOver ? 1 : 0);
        usize from_queue = sa->stopped.size();
        if (from_queue > SA_MAX_EVENTS - fixed) from_queue = SA_MAX_EVENTS - fixed;
        events.sp = (vp.upcall_stack - (fixed + from_queue) * sizeof(sa_event)) & ~u64(15);

        if (first) events.put(first, first_subject, nullptr);
        if (own == OwnContext::HandOver) {
            sa_context self = context_of(tf);
            events.put(SA_PREEMPTED, static_cast<u32>(t->tid), &self);
        }
        for (usize k = 0; k < from_queue; k++) {
            Thread* s = sa->stopped.pop_front();
            sa_context c = context_of(*s->trapframe);
            events.put(s->sa_event, static_cast<u32>(s->tid), &c);
            if (s->sa_event == SA_UNBLOCKED) unblocked = SA_UNBLOCKED;
            s->sa_role = ActivationRole::None; // handed over: it may exit now
        }
        if (from_queue) sa->role_changed.wake_all();
        if (!publish_shared_locked(vp, vpn, sa->stopped.size())) events.ok = false;
    }
    if (!events.ok) lifecycle::exit_process(sig::SIGSEGV); // the library gave bad stacks or pages
    sched_trace::record(sched_trace::Event::Upcall, t, upcall_reason(first, unblocked),
                        static_cast<u32>(events.written));

    // Return to user mode at the upcall entry, on the upcall stack just
    // below the events: upcall(events, count, vp).
    for (u64& x : tf.x)
        x = 0;
    tf.gp() = sa->gp;
    tf.tp() = sa->tp;
    tf.epc = sa->upcall_entry;
    tf.sp() = events.sp;
    tf.a(0) = events.sp;
    tf.a(1) = events.written;
    tf.a(2) = vpn;
    return true;
}

} // namespace activations
