// System calls about signals: sigaction, sigprocmask, sigreturn,
// sigsuspend, sigpending, tgkill, alarm. (kill is with the process calls.)
#include "arch/arch.h"
#include "mm/user_memory.h"
#include "proc/clock.h"
#include "proc/lifecycle.h"
#include "proc/signal.h"
#include "syscall/syscall.h"

namespace {
constexpr int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

bool valid_signal(int s) {
    return s >= 1 && s < sig::NSIG;
}
} // namespace

Result<u64> sys_sigaction(const SyscallArgs& args) {
    int s = args.int32(0);
    if (!valid_signal(s)) return Errno::EINVAL;
    Process* p = current_process();
    SignalAction old = p->signal_handlers->get(s);
    if (UserPtr<SignalAction> new_action = args.user<SignalAction>(1); !new_action.is_null()) {
        SignalAction action = TRY(copy_from_user(new_action));
        if (s == sig::SIGKILL || s == sig::SIGSTOP) return Errno::EINVAL;
        action.mask &= ~sig::UNBLOCKABLE;
        p->signal_handlers->set(s, action);
        // Ignoring a pending signal discards it (POSIX).
        if (action.handler == sig::HANDLER_IGNORE) {
            SpinlockGuard guard(p->lock);
            p->pending_signals &= ~sig::bit(s);
            for (Thread* t : p->threads)
                t->pending_signals &= ~sig::bit(s);
        }
    }
    if (UserPtr<SignalAction> dst = args.user<SignalAction>(2); !dst.is_null())
        TRY(copy_to_user(dst, old));
    return 0;
}

Result<u64> sys_sigprocmask(const SyscallArgs& args) {
    int how = args.int32(0);
    Thread* t = current_thread();
    Process* p = t->process;
    u64 old;
    {
        SpinlockGuard guard(p->lock);
        old = t->signal_mask;
    }
    if (UserPtr<u64> new_set = args.user<u64>(1); !new_set.is_null()) {
        u64 set = TRY(copy_from_user(new_set));
        SpinlockGuard guard(p->lock);
        switch (how) {
        case SIG_BLOCK:
            t->signal_mask |= set;
            break;
        case SIG_UNBLOCK:
            t->signal_mask &= ~set;
            break;
        case SIG_SETMASK:
            t->signal_mask = set;
            break;
        default:
            return Errno::EINVAL;
        }
        t->signal_mask &= ~sig::UNBLOCKABLE; // silently, as POSIX says
    }
    if (UserPtr<u64> dst = args.user<u64>(2); !dst.is_null()) TRY(copy_to_user(dst, old));
    return 0; // newly unblocked pending signals are delivered on the way out
}

Result<u64> sys_sigreturn(const SyscallArgs&) {
    auto restored = signals::sigreturn();
    if (restored.is_error()) lifecycle::exit_process(sig::SIGSEGV); // a broken frame
    // The dispatcher writes the result to a0: hand back the restored a0.
    Thread* t = current_thread();
    t->syscall_restartable = false;
    return t->trapframe->a(0);
}

Result<u64> sys_sigsuspend(const SyscallArgs& args) {
    u64 mask = TRY(copy_from_user(args.user<u64>(0)));
    Thread* t = current_thread();
    Process* p = t->process;
    t->syscall_restartable = false; // always ends with EINTR
    SpinlockGuard guard(p->lock);
    t->sigsuspend_saved_mask = t->signal_mask;
    t->in_sigsuspend = true;
    t->signal_mask = mask & ~sig::UNBLOCKABLE;
    while (!signals::has_deliverable_locked(t) && !p->killed) {
        // An interrupt with nothing to deliver (a stale request) is
        // cleared and the wait goes on.
        if (sleep_on_until(t, p->lock, 0).is_error() && !signals::has_deliverable_locked(t))
            t->interrupt_pending = false;
    }
    // deliver_pending() runs the handler with the saved mask in its frame.
    return Errno::EINTR;
}

Result<u64> sys_sigpending(const SyscallArgs& args) {
    Thread* t = current_thread();
    u64 set;
    {
        SpinlockGuard guard(t->process->lock);
        set = (t->pending_signals | t->process->pending_signals) & t->signal_mask;
    }
    TRY(copy_to_user(args.user<u64>(0), set));
    return 0;
}

Result<u64> sys_tgkill(const SyscallArgs& args) {
    int tgid = args.int32(0), tid = args.int32(1), s = args.int32(2);
    if (s < 0 || s >= sig::NSIG || tgid <= 0 || tid <= 0) return Errno::EINVAL;
    Process* p = nullptr;
    for (usize i = 0; i < NPROC && !p; i++) {
        Process* candidate = processes::table_slot(i);
        if (candidate->pid == tgid && candidate->state == ProcessState::Alive) p = candidate;
    }
    if (!p) return Errno::ESRCH;
    Thread* t = threads::find_in_process(p, tid);
    if (!t) return Errno::ESRCH;
    Process* self = current_process();
    if (self->uid != 0 && self->uid != p->uid) return Errno::EPERM;
    if (s != 0) signals::send_to_thread(t, s, self->pid);
    return 0;
}

Result<u64> sys_alarm(const SyscallArgs& args) {
    u64 seconds = static_cast<u32>(args.raw(0));
    Process* p = current_process();
    u64 now = clock::ticks();
    SpinlockGuard guard(p->lock);
    u64 left = 0;
    if (p->alarm_deadline > now)
        left = (p->alarm_deadline - now + timer::TICKS_PER_SECOND - 1) / timer::TICKS_PER_SECOND;
    p->alarm_deadline = seconds ? now + seconds * timer::TICKS_PER_SECOND : 0;
    return left;
}
