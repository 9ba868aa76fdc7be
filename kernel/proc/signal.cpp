// Signals: sending, delivery, the handler frame and sigreturn. See signal.h.
#include "proc/signal.h"
#include "arch/arch.h"
#include "lib/panic.h"
#include "lib/pool.h"
#include "mm/user_memory.h"
#include "param.h"
#include "proc/clock.h"
#include "proc/lifecycle.h"
#include "proc/process.h"
#include "proc/scheduler.h"

namespace sig {
DefaultAction default_action(int s) {
    switch (s) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
        return DefaultAction::Ignore;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
        return DefaultAction::Stop;
    case SIGCONT:
        return DefaultAction::Continue;
    default:
        return DefaultAction::Terminate;
    }
}
} // namespace sig

// ---------------------------------------------------------------- handler tables

namespace {
constinit Pool<SignalHandlers, NPROC> handler_tables("signal_handlers");
}

Result<RefPtr<SignalHandlers>> SignalHandlers::create() {
    SignalHandlers* h = handler_tables.allocate();
    if (!h) return Errno::ENOMEM;
    return RefPtr<SignalHandlers>::adopt(h);
}

Result<RefPtr<SignalHandlers>> SignalHandlers::copy() {
    auto fresh = TRY(create());
    SpinlockGuard guard(lock);
    for (int s = 1; s < sig::NSIG; s++)
        fresh->actions_[s] = actions_[s];
    return fresh;
}

void SignalHandlers::destroy() {
    handler_tables.free(this);
}

SignalAction SignalHandlers::get(int s) {
    SpinlockGuard guard(lock);
    return actions_[s];
}

void SignalHandlers::set(int s, const SignalAction& action) {
    SpinlockGuard guard(lock);
    actions_[s] = action;
}

void SignalHandlers::reset_for_exec() {
    SpinlockGuard guard(lock);
    for (int s = 1; s < sig::NSIG; s++)
        if (actions_[s].handler != sig::HANDLER_IGNORE) actions_[s] = SignalAction{};
}

// ---------------------------------------------------------------- sending

namespace {

using namespace sig;

// Would s be thrown away on arrival? (Ignored, explicitly or by default.)
bool discarded(Process* p, int s) {
    if (s == SIGKILL || s == SIGSTOP) return false;
    SignalAction a = p->signal_handlers->get(s);
    if (a.handler == HANDLER_IGNORE) return true;
    return a.handler == HANDLER_DEFAULT && default_action(s) == DefaultAction::Ignore;
}

// Wake t from an interruptible sleep so it gets to its delivery point.
void nudge(Thread* t) {
    threads::interrupt(t);
}

// Stop and continue act on the whole process at once, when sent.
void stop_or_continue_locked(Process* p, int s) {
    p->lock.assert_held();
    if (s == SIGCONT) {
        u64 stops = bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);
        p->pending_signals &= ~stops;
        for (Thread* t : p->threads)
            t->pending_signals &= ~stops;
        if (p->stopped) {
            p->stopped = false;
            p->continued.wake_all();
        }
    } else if (default_action(s) == DefaultAction::Stop) {
        p->pending_signals &= ~bit(SIGCONT);
    }
}

} // namespace

namespace signals {

void send_to_process(Process* p, int s, int sender_pid) {
    if (s <= 0 || s >= NSIG) return;
    if (s == SIGKILL) {
        lifecycle::terminate(p, SIGKILL);
        return;
    }
    SpinlockGuard guard(p->lock);
    if (p->state != ProcessState::Alive) return;
    stop_or_continue_locked(p, s);
    if (discarded(p, s)) return;
    p->pending_signals |= bit(s);
    p->signal_sender[s] = sender_pid;
    // One thread that does not block it will take it; wake it up.
    for (Thread* t : p->threads) {
        if (!(t->signal_mask & bit(s)) || (bit(s) & UNBLOCKABLE)) {
            nudge(t);
            break;
        }
    }
}

void send_to_thread(Thread* t, int s, int sender_pid) {
    if (s <= 0 || s >= NSIG) return;
    Process* p = t->process;
    if (s == SIGKILL) {
        lifecycle::terminate(p, SIGKILL);
        return;
    }
    SpinlockGuard guard(p->lock);
    stop_or_continue_locked(p, s);
    if (discarded(p, s)) return;
    t->pending_signals |= bit(s);
    t->signal_sender = sender_pid;
    if (!(t->signal_mask & bit(s)) || (bit(s) & UNBLOCKABLE)) nudge(t);
}

bool has_deliverable_locked(Thread* t) {
    Process* p = t->process;
    p->lock.assert_held();
    return ((t->pending_signals | p->pending_signals) & (~t->signal_mask | UNBLOCKABLE)) != 0;
}

Result<void> send_to_group(int pgid, int s, int sender_pid) {
    // One pass under wait_lock: no fork can publish a child of a member
    // behind it (see clone.cpp), and no member can be reaped and its
    // slot reused meanwhile.
    SpinlockGuard tree(wait_lock);
    return send_to_group_locked(pgid, s, sender_pid);
}

Result<void> send_to_group_locked(int pgid, int s, int sender_pid) {
    wait_lock.assert_held();
    bool found = false;
    for (usize i = 0; i < NPROC; i++) {
        Process* p = processes::table_slot(i);
        if (p->state != ProcessState::Alive || p->pgid != pgid) continue; // state: checked again
        found = true;
        if (s != 0) send_to_process(p, s, sender_pid);
    }
    if (!found) return Errno::ESRCH;
    return ok();
}

void check_alarms(u64 now) {
    for (usize i = 0; i < NPROC; i++) {
        Process* p = processes::table_slot(i);
        if (p->alarm_deadline == 0 || p->alarm_deadline > now) continue; // racy peek
        bool due = false;
        {
            SpinlockGuard guard(p->lock);
            if (p->state == ProcessState::Alive && p->alarm_deadline && p->alarm_deadline <= now) {
                p->alarm_deadline = 0;
                due = true;
            }
        }
        if (due) send_to_process(p, SIGALRM, 0);
    }
}

} // namespace signals

// ---------------------------------------------------------------- delivery

namespace {

// What the handler sees (docs/abi.md).
struct SigInfo {
    i32 signo, error, code, pid, uid, status;
    u64 addr;
};
struct MContext {
    u64 pc;
    u64 x[32];
    u64 f[32];
    u64 fcsr;
};
struct UContext {
    u64 flags;
    u64 sigmask;
    MContext mcontext;
};
struct SignalFrame {
    SigInfo info;
    UContext context;
};
static_assert(sizeof(SigInfo) == 32);

constexpr i32 SI_USER = 0;
constexpr i32 SI_KERNEL = 0x80;

// Take the lowest-numbered deliverable signal off the pending sets
// (the thread's first). 0 if none.
int take_signal_locked(Thread* t, SigInfo& info) {
    t->process->lock.assert_held();
    Process* p = t->process;
    u64 allowed = ~t->signal_mask | UNBLOCKABLE;
    u64 mine = t->pending_signals & allowed;
    u64 shared = p->pending_signals & allowed;
    u64 set = mine ? mine : shared;
    if (!set) return 0;
    int s = 1;
    while (!(set & bit(s)))
        s++; // the lowest-numbered first
    info = SigInfo{};
    info.signo = s;
    if (mine) {
        t->pending_signals &= ~bit(s);
        info.pid = t->signal_sender;
        info.addr = t->fault_address;
        info.code = t->signal_sender ? SI_USER : SI_KERNEL;
    } else {
        p->pending_signals &= ~bit(s);
        info.pid = p->signal_sender[s];
        info.code = info.pid ? SI_USER : SI_KERNEL;
    }
    if (s == SIGCHLD) info.status = p->sigchld_status;
    return s;
}

// Push the frame and point the thread at the handler. false if the
// frame cannot be written (the stack is bad): the caller kills.
bool enter_handler(Thread* t, int s, const SignalAction& action, const SigInfo& info,
                   u64 mask_to_restore) {
    TrapFrame& tf = *t->trapframe;
    SignalFrame frame{};
    frame.info = info;
    frame.context.sigmask = mask_to_restore;
    frame.context.mcontext.pc = tf.epc;
    for (int i = 0; i < 32; i++)
        frame.context.mcontext.x[i] = tf.x[i];
    for (int i = 0; i < 32; i++)
        frame.context.mcontext.f[i] = tf.f[i];
    frame.context.mcontext.fcsr = tf.fcsr;

    u64 sp = (tf.sp() - sizeof(SignalFrame)) & ~u64(15);
    if (copy_to_user(UserPtr<SignalFrame>(sp), frame).is_error()) return false;

    tf.epc = action.handler;
    tf.sp() = sp;
    tf.a(0) = static_cast<u64>(s);
    tf.a(1) = sp + offsetof(SignalFrame, info);
    tf.a(2) = sp + offsetof(SignalFrame, context);
    tf.ra() = action.restorer;
    return true;
}

// Stopped: sleep until SIGCONT (or SIGKILL, whose wakeup ends the loop
// through `killed`) — on the way to user mode.
void wait_while_stopped_locked(Process* p) {
    p->lock.assert_held();
    while (p->stopped && !p->killed)
        p->continued.sleep(p->lock);
}

// The default action of s (no handler, or SIGKILL/SIGSTOP). Returns
// unless the action ends the process.
void take_default_action(Thread* t, int s) {
    Process* p = t->process;
    switch (default_action(s)) {
    case DefaultAction::Ignore:
    case DefaultAction::Continue:
        return;
    case DefaultAction::Terminate:
        lifecycle::exit_process(s);
    case DefaultAction::Stop:
        break;
    }
    bool stopped_now = false;
    {
        SpinlockGuard guard(p->lock);
        if (!p->stopped) {
            p->stopped = true;
            p->stop_reported = false;
            p->kill_signal = s; // for waitpid's WSTOPSIG
            stopped_now = true;
            for (Thread* other : p->threads)
                if (other != t) threads::interrupt(other);
        }
    }
    if (stopped_now) {
        // A parent in waitpid(WUNTRACED) wants to hear of it.
        SpinlockGuard tree(wait_lock);
        if (p->parent) p->parent->child_exited.wake_all();
    }
    // deliver_pending's next round waits until the process is continued.
}

// A system call a signal interrupted: run it again (when restart says so,
// or the call always restarts), else it returns EINTR; forgotten either way.
void settle_interrupted_syscall(Thread* t, bool restart) {
    if (t->syscall_interrupted && t->syscall_restartable && (restart || t->syscall_restart_always))
        t->trapframe->restart_syscall(t->syscall_first_arg);
    t->syscall_interrupted = false;
    t->syscall_restart_always = false;
}

// Point t at the handler for s, with the mask the handler runs under.
void run_handler(Thread* t, int s, const SignalAction& action, const SigInfo& info,
                 u64 mask_to_restore) {
    Process* p = t->process;
    settle_interrupted_syscall(t, action.flags & SA_RESTART);
    if (!enter_handler(t, s, action, info, mask_to_restore)) lifecycle::exit_process(SIGSEGV);
    {
        SpinlockGuard guard(p->lock);
        t->in_sigsuspend = false;
        t->signal_mask |= action.mask;
        if (!(action.flags & SA_NODEFER)) t->signal_mask |= bit(s);
        t->signal_mask &= ~UNBLOCKABLE;
    }
    if (action.flags & SA_RESETHAND) p->signal_handlers->set(s, SignalAction{});
}

} // namespace

namespace signals {

void deliver_pending() {
    Thread* t = current_thread();
    Process* p = t->process;
    bool consumed_any = false;

    for (;;) {
        SigInfo info;
        int s;
        u64 mask_to_restore;
        {
            SpinlockGuard guard(p->lock);
            wait_while_stopped_locked(p);
            if (p->killed) break;
            s = take_signal_locked(t, info);
            if (s == 0) break;
            mask_to_restore = t->in_sigsuspend ? t->sigsuspend_saved_mask : t->signal_mask;
        }
        consumed_any = true;
        SignalAction action = p->signal_handlers->get(s);
        if (action.handler == HANDLER_DEFAULT || s == SIGKILL || s == SIGSTOP) {
            take_default_action(t, s);
            continue;
        }
        if (action.handler == HANDLER_IGNORE) continue;
        run_handler(t, s, action, info, mask_to_restore);
        break; // one handler per return to user mode; the rest after sigreturn
    }

    // Killed while it waited here stopped (SIGKILL ends a stop): it must
    // not go back to user mode.
    if (p->killed) lifecycle::exit_if_killed();

    // sigsuspend woken by a signal that ran no handler: its mask ends here.
    if (t->in_sigsuspend) {
        SpinlockGuard guard(p->lock);
        t->signal_mask = t->sigsuspend_saved_mask;
        t->in_sigsuspend = false;
    }
    // Interrupted only by signals that ran no handler (ignored, stop and
    // continue): the call is restarted as if nothing happened. So is a
    // fork that gave way to a signal another thread took meanwhile.
    settle_interrupted_syscall(t, consumed_any);
    t->interrupt_pending = false;
}

void fault(int s, u64 address) {
    Thread* t = current_thread();
    Process* p = t->process;
    SignalAction action = p->signal_handlers->get(s);
    bool can_handle;
    {
        SpinlockGuard guard(p->lock);
        can_handle = action.handler > HANDLER_IGNORE && !(t->signal_mask & bit(s));
        if (can_handle) {
            t->pending_signals |= bit(s);
            t->signal_sender = 0;
            t->fault_address = address;
        }
    }
    // Blocked, ignored or default: returning would fault again forever.
    if (!can_handle) lifecycle::exit_process(s);
}

Result<void> sigreturn() {
    Thread* t = current_thread();
    TrapFrame& tf = *t->trapframe;
    UContext context =
        TRY(copy_from_user(UserPtr<UContext>(tf.sp() + offsetof(SignalFrame, context))));
    tf.epc = context.mcontext.pc;
    for (int i = 1; i < 32; i++)
        tf.x[i] = context.mcontext.x[i];
    for (int i = 0; i < 32; i++)
        tf.f[i] = context.mcontext.f[i];
    tf.fcsr = context.mcontext.fcsr;
    SpinlockGuard guard(t->process->lock);
    t->signal_mask = context.sigmask & ~UNBLOCKABLE;
    return ok();
}

} // namespace signals
