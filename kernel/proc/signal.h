// Signals: the kernel's messages to a process (docs/signals.md).
//
// Who holds what:
//   SignalHandlers  the action for each signal; a process holds a
//                   reference, shared by CLONE_SIGHAND (threads share it).
//   Process         pending: process-directed signals (kill), taken by
//                   whichever thread does not block them; stopped.
//   Thread          mask: blocked signals; pending: thread-directed ones
//                   (tgkill, faults).
// Locking: Process::lock guards both pending sets, the masks and
// `stopped`; SignalHandlers::lock its table (taken inside Process::lock).
//
// Sending only marks a signal pending and interrupts a thread that can
// take it (threads::interrupt: its blocking call returns EINTR).
// Delivery happens on the thread's way back to user mode
// (deliver_pending): default action, or a frame on the user stack and a
// jump to the handler; sigreturn undoes the frame.
#pragma once

#include "lib/refptr.h"
#include "lib/result.h"
#include "lib/spinlock.h"

struct Process;
struct Thread;
struct TrapFrame;

namespace sig {
inline constexpr int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
                     SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12,
                     SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18,
                     SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23,
                     SIGWINCH = 28, SIGSYS = 31;
inline constexpr int NSIG = 64; // valid signals: 1..63

constexpr u64 bit(int s) {
    return 1ull << (s - 1);
}
inline constexpr u64 UNBLOCKABLE = bit(SIGKILL) | bit(SIGSTOP);

inline constexpr u64 HANDLER_DEFAULT = 0;
inline constexpr u64 HANDLER_IGNORE = 1;

inline constexpr u64 SA_SIGINFO = 0x4;
inline constexpr u64 SA_RESTORER = 0x04000000;
inline constexpr u64 SA_RESTART = 0x10000000;
inline constexpr u64 SA_NODEFER = 0x40000000;
inline constexpr u64 SA_RESETHAND = 0x80000000;

enum class DefaultAction : u8 { Terminate, Ignore, Stop, Continue };
DefaultAction default_action(int s);
} // namespace sig

// One signal's disposition (the user ABI's struct k_sigaction).
struct SignalAction {
    u64 handler = sig::HANDLER_DEFAULT;
    u64 flags = 0;
    u64 restorer = 0;
    u64 mask = 0;
};

class SignalHandlers : public RefCounted<SignalHandlers> {
public:
    static Result<RefPtr<SignalHandlers>> create(); // every signal at its default
    Result<RefPtr<SignalHandlers>> copy();          // clone without CLONE_SIGHAND
    void destroy();

    SignalAction get(int s);
    void set(int s, const SignalAction& action);
    // exec: handled signals go back to default; ignored ones stay ignored.
    void reset_for_exec();

    Spinlock lock{"signal_handlers", LockRank::SignalHandlers}; // guards actions_
private:
    SignalAction actions_[sig::NSIG];
};

namespace signals {

// Send s to process p (kill): ESRCH-free, the caller found p. Signal 0
// does nothing. sender_pid is reported in siginfo.
void send_to_process(Process* p, int s, int sender_pid);
// Send s to every process of group pgid (^C, kill(-pgid)). ESRCH if none.
// One pass under wait_lock, which fork also takes to publish a child, so
// no member can fork a child that the pass misses (clone.cpp).
Result<void> send_to_group(int pgid, int s, int sender_pid);
Result<void> send_to_group_locked(int pgid, int s, int sender_pid); // wait_lock held
// Send s to one thread (tgkill, faults).
void send_to_thread(Thread* t, int s, int sender_pid);

// On the way back to user mode (user_trap): act on pending signals the
// thread does not block; may build a handler frame, stop, or exit.
void deliver_pending();

// A fault in user mode: run the handler if there is one that can run,
// otherwise the process dies with the signal.
void fault(int s, u64 address);

// The sigreturn system call: restore what the frame at sp saved.
Result<void> sigreturn();

// Has the current thread a signal it does not block pending? (sigsuspend)
bool has_deliverable_locked(Thread* t);

// The clock (hart 0, every tick): send SIGALRM to processes whose alarm is due.
void check_alarms(u64 now);

} // namespace signals
