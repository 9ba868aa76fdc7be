// wait(): reap an exited child.
#include "mm/user_memory.h"
#include "proc/lifecycle.h"

namespace lifecycle {

Result<int> wait_child(u64 status_uaddr) {
    Process* self = current_process();
    SpinlockGuard guard(wait_lock);
    for (;;) {
        bool have_children = false;
        for (usize i = 0; i < NPROC; i++) {
            Process* child = processes::table_slot(i);
            if (child->parent != self) continue;
            have_children = true;
            int pid, status;
            {
                SpinlockGuard child_guard(child->lock);
                if (child->state != ProcessState::Zombie) continue;
                pid = child->pid;
                status = child->exit_status;
            }
            // Report before reaping: on EFAULT the child stays a zombie.
            if (status_uaddr) TRY(copy_to_user(status_uaddr, &status, sizeof status));
            processes::free(child);
            return pid;
        }
        if (!have_children) return Errno::ECHILD;
        TRY(self->child_exited.sleep_interruptible(wait_lock));
    }
}

} // namespace lifecycle
