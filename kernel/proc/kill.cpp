// kill(pid, sig): until signals arrive, every signal but 0 terminates.
#include "proc/lifecycle.h"
#include "proc/scheduler.h"

namespace lifecycle {

Result<void> kill_process(int pid, int sig) {
    if (sig < 0 || sig >= NSIG) return Errno::EINVAL;
    if (pid <= 0) return Errno::ESRCH; // process groups arrive with signals
    for (usize i = 0; i < NPROC; i++) {
        Process* p = processes::table_slot(i);
        SpinlockGuard guard(p->lock);
        if (p->pid != pid || p->state == ProcessState::Unused) continue;
        if (sig == 0 || p->state == ProcessState::Zombie) return ok();
        if (!p->killed) p->kill_signal = sig;
        p->killed = true;
        for (Thread* t : p->threads) {
            SpinlockGuard tguard(t->lock);
            if (t->state == ThreadState::Sleeping) scheduler::make_runnable_locked(t);
        }
        return ok();
    }
    return Errno::ESRCH;
}

} // namespace lifecycle
