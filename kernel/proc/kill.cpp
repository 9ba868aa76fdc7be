// kill(2): which processes a signal goes to, and SIGKILL's hard stop.
#include "proc/activation.h"
#include "proc/lifecycle.h"
#include "proc/scheduler.h"

namespace lifecycle {

static void terminate_locked_part(Process* p, int signal);

void terminate(Process* p, int signal) {
    terminate_locked_part(p, signal);
    activations::on_process_exit(p); // spares and stopped activations go too
}

static void terminate_locked_part(Process* p, int signal) {
    SpinlockGuard guard(p->lock);
    if (p->state != ProcessState::Alive) return;
    if (!p->killed) p->kill_signal = signal;
    p->killed = true;
    p->stopped = false; // a stopped process must wake up to die
    p->continued.wake_all();
    for (Thread* t : p->threads) {
        SpinlockGuard tguard(t->lock);
        if (t->state == ThreadState::Sleeping) scheduler::make_runnable_locked(t);
    }
}

namespace {

// May the caller signal p? (Linux: same user, or uid 0.)
bool may_signal(Process* self, Process* p) {
    return self->uid == 0 || self->uid == p->uid;
}

} // namespace

// The pass over the table is made under wait_lock, as for a group
// (signals::send_to_group): kill(-1) must not miss a child forked
// meanwhile, and a process found by pid cannot be reaped, its slot
// reused by another, before the signal is sent.
Result<void> kill(int pid, int signal) {
    if (signal < 0 || signal >= sig::NSIG) return Errno::EINVAL;
    Process* self = current_process();
    SpinlockGuard tree(wait_lock);
    if (pid == 0) return signals::send_to_group_locked(self->pgid, signal, self->pid);
    // -pid of INT_MIN does not fit an int; no group has that id anyway.
    if (pid == INT32_MIN) return Errno::ESRCH;
    if (pid < -1) return signals::send_to_group_locked(-pid, signal, self->pid);

    bool found = false, permitted = false;
    for (usize i = 0; i < NPROC; i++) {
        Process* p = processes::table_slot(i);
        if (p->state == ProcessState::Unused) continue; // state: checked again when sending
        if (pid > 0 && p->pid != pid) continue;
        if (pid == -1 && (p == self || p == processes::init_process())) continue;
        found = true;
        if (!may_signal(self, p)) continue;
        permitted = true;
        if (signal != 0) signals::send_to_process(p, signal, self->pid);
    }
    if (!found) return Errno::ESRCH;
    if (!permitted) return Errno::EPERM;
    return ok();
}

} // namespace lifecycle
