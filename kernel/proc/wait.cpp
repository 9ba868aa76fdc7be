// waitpid(): reap an exited child, or report a stopped one.
#include "mm/user_memory.h"
#include "proc/lifecycle.h"

namespace lifecycle {

namespace {
bool selected(Process* child, Process* self, int pid) {
    if (pid > 0) return child->pid == pid;
    if (pid == 0) return child->pgid == self->pgid;
    if (pid < -1) return child->pgid == -pid;
    return true; // -1: any child
}
} // namespace

Result<int> wait_child(int pid, UserPtr<int> status_dst, int options) {
    if (options & ~(WNOHANG | WUNTRACED)) return Errno::EINVAL;
    Process* self = current_process();
    SpinlockGuard guard(wait_lock);
    for (;;) {
        bool have_children = false;
        for (usize i = 0; i < NPROC; i++) {
            Process* child = processes::table_slot(i);
            if (child->parent != self || !selected(child, self, pid)) continue;
            have_children = true;
            int child_pid, status;
            bool reap;
            {
                SpinlockGuard child_guard(child->lock);
                child_pid = child->pid;
                if (child->state == ProcessState::Zombie) {
                    status = child->exit_status;
                    reap = true;
                } else if ((options & WUNTRACED) && child->stopped && !child->stop_reported) {
                    status = (child->kill_signal << 8) | 0x7f; // WIFSTOPPED, WSTOPSIG
                    child->stop_reported = true;
                    reap = false;
                } else {
                    continue;
                }
            }
            // Report before reaping: on EFAULT the child stays a zombie.
            if (!status_dst.is_null()) TRY(copy_to_user(status_dst, status));
            if (reap) processes::free(child);
            return child_pid;
        }
        if (!have_children) return Errno::ECHILD;
        if (options & WNOHANG) return 0;
        TRY(self->child_exited.sleep_interruptible(wait_lock));
    }
}

} // namespace lifecycle
