// Ending threads and processes.
//
// exit_process() marks the process exiting (first status wins), asks
// every other thread to stop (the kill flag, plus a wakeup for the
// sleepers), and ends the caller. Each thread ends in thread_exit();
// the last one out releases the process's resources, hands its children
// to init, and becomes a zombie for its parent's wait(). A thread's own
// slot is given back by the scheduler once the thread is off its stack.
#include "lib/panic.h"
#include "mm/page_alloc.h"
#include "mm/user_memory.h"
#include "proc/activation.h"
#include "proc/futex.h"
#include "proc/lifecycle.h"
#include "proc/scheduler.h"

namespace {

// Wake every sleeping thread of p so it notices p->killed.
void wake_threads_locked(Process* p) {
    p->lock.assert_held();
    for (Thread* t : p->threads) {
        SpinlockGuard guard(t->lock);
        if (t->state == ThreadState::Sleeping) scheduler::make_runnable_locked(t);
    }
}

// The last thread of p: release everything and become a zombie.
[[noreturn]] void finish_process(Process* p, Thread* self) {
    if (p == processes::init_process()) panic("init exited");

    // These may sleep (closing a file can write the log), so no locks yet.
    p->files.clear();
    p->fs.clear();
    p->address_space.clear();
    activations::release(p);
    // signal_handlers stay until the parent reaps: senders may still look.

    wait_lock.acquire();
    Process* init = processes::init_process();
    bool gave_init_children = false;
    for (usize i = 0; i < NPROC; i++) {
        Process* child = processes::table_slot(i);
        if (child->parent == p) {
            child->parent = init;
            gave_init_children = true;
        }
    }
    if (gave_init_children) init->child_exited.wake_all();
    if (p->parent) {
        p->parent->child_exited.wake_all();
        {
            // si_status: the exit code, or the signal that killed it.
            SpinlockGuard parent_guard(p->parent->lock);
            int status = p->exit_status;
            p->parent->sigchld_status = (status & 0x7f) ? (status & 0x7f) : ((status >> 8) & 0xff);
        }
        signals::send_to_process(p->parent, sig::SIGCHLD, p->pid);
    }

    p->lock.acquire();
    p->state = ProcessState::Zombie;
    self->lock.acquire();
    p->lock.release();
    wait_lock.release();
    // Only our own Thread from here on: the parent may reap p at once.
    self->state = ThreadState::Zombie;
    scheduler::sched_locked(self);
    panic("zombie thread ran");
}

} // namespace

namespace lifecycle {

void attach_thread(Process* p, Thread* t) {
    SpinlockGuard guard(p->lock);
    p->threads.push_back(t);
    p->live_threads++;
}

bool attach_thread_if_alive(Process* p, Thread* t) {
    SpinlockGuard guard(p->lock);
    if (p->killed || p->exiting || p->live_threads == 0) return false;
    p->threads.push_back(t);
    p->live_threads++;
    return true;
}

void exit_process(int wait_status) {
    Process* p = current_process();
    {
        SpinlockGuard guard(p->lock);
        if (!p->exiting) {
            p->exiting = true;
            p->exit_status = wait_status;
        }
        p->killed = true; // the other threads stop at their next kernel entry or wakeup
        wake_threads_locked(p);
    }
    activations::on_process_exit(p);
    thread_exit();
}

void thread_exit() {
    Thread* self = current_thread();
    Process* p = self->process;

    // No more trips to user mode: give back the trapframe page.
    if (self->trapframe_user_va) p->address_space->unmap_trapframe(self->trapframe_slot);
    self->trapframe_user_va = 0;
    page_alloc::free_page(self->trapframe);
    self->trapframe = nullptr;

    // pthread_join waits on this word: clear it and wake the joiner. Done
    // after the trapframe slot is free, so the joiner can reuse it at once.
    if (!self->clear_child_tid.is_null() &&
        !copy_to_user(self->clear_child_tid, 0, *p->address_space).is_error())
        (void)futex::wake(*p->address_space, UserPtr<u32>(self->clear_child_tid.address()), 1);

    bool last;
    {
        SpinlockGuard guard(p->lock);
        p->threads.remove(self);
        last = --p->live_threads == 0;
        p->thread_exited.wake_all(); // exec may be waiting for the others to go
        if (last && !p->exiting) {
            p->exiting = true;
            p->exit_status = exit_status_code(0);
        }
        // Nobody left who will run (activation.h): end the process.
        // Decided here, under p->lock, while the threads still alive keep
        // p from being finished: once this lock is dropped, p may be
        // finished, reaped and its slot given to another process, which
        // this thread must then not touch.
        if (!last && activations::only_spares_remain_locked(p)) {
            p->killed = true;
            wake_threads_locked(p);
        }
    }
    if (last) finish_process(p, self);

    self->lock.acquire();
    self->state = ThreadState::Zombie;
    scheduler::sched_locked(self);
    panic("zombie thread ran");
}

void exit_if_killed() {
    Process* p = current_process();
    if (!p->killed) {
        if (current_thread()->exit_requested) thread_exit();
        return;
    }
    int sig;
    {
        SpinlockGuard guard(p->lock);
        sig = p->kill_signal ? p->kill_signal : sig::SIGKILL;
    }
    exit_process(sig);
}

Result<void> end_other_threads() {
    Thread* self = current_thread();
    Process* p = self->process;
    SpinlockGuard guard(p->lock);
    // Another thread got here first (two threads calling exec at once):
    // it asked this one to exit, so this exec gives way.
    if (self->exit_requested || p->exiting) return Errno::EINTR;
    for (Thread* t : p->threads) {
        if (t == self) continue;
        t->exit_requested = true;
        SpinlockGuard tguard(t->lock);
        if (t->state == ThreadState::Sleeping) scheduler::make_runnable_locked(t);
    }
    while (p->live_threads > 1)
        p->thread_exited.sleep(p->lock);
    return ok();
}

} // namespace lifecycle
