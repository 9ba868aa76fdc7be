// The thread table: NTHREAD slots, each with a kernel stack mapped at
// boot (kernel_vm.cpp). A slot is Unused, or owned by one Process.
#include "proc/thread.h"
#include "arch/arch.h"
#include "lib/panic.h"
#include "mm/page_alloc.h"
#include "proc/process.h"
#include "proc/scheduler.h"

namespace {
constinit Thread thread_table[NTHREAD];
} // namespace

const char* thread_state_name(ThreadState s) {
    switch (s) {
    case ThreadState::Unused:
        return "unused";
    case ThreadState::Embryo:
        return "embryo";
    case ThreadState::Runnable:
        return "runnable";
    case ThreadState::Running:
        return "running";
    case ThreadState::Sleeping:
        return "sleeping";
    case ThreadState::Zombie:
        return "zombie";
    }
    return "?";
}

u64 Thread::kernel_stack_top() const {
    return memlayout::kstack_top(slot);
}

Thread* current_thread() {
    push_off();
    Thread* t = this_cpu().thread;
    pop_off();
    return t;
}

namespace threads {

Result<EmbryoThread> allocate(Process* process) {
    auto* trapframe = static_cast<TrapFrame*>(page_alloc::alloc_page());
    if (!trapframe) return Errno::ENOMEM;

    for (usize i = 0; i < NTHREAD; i++) {
        Thread* t = &thread_table[i];
        SpinlockGuard guard(t->lock);
        if (t->state != ThreadState::Unused) continue;
        t->state = ThreadState::Embryo;
        t->slot = i;
        // A new process's first thread has tid == pid, as in Linux.
        t->tid = process->threads.empty() ? process->pid : processes::next_id();
        t->process = process;
        t->trapframe = trapframe;
        t->trapframe_user_va = 0;
        t->trapframe_slot = 0;
        t->context = Context{};
        t->user_ticks = t->system_ticks = 0;
        t->wake_at_tick = 0;
        t->sched = Thread::SchedInfo{};
        t->preempted = false;
        t->clear_child_tid = {};
        t->exit_requested = false;
        t->interrupt_pending = false;
        // A slot's last owner may have died in the middle of a system
        // call: its restart state must not rewind the new thread's pc.
        t->syscall_interrupted = false;
        t->syscall_restartable = true;
        t->syscall_restart_always = false;
        t->sa_role = ActivationRole::None;
        t->sa_vp = 0;
        t->sa_event = t->sa_event_subject = 0;
        t->last_hart = -1;
        t->name[0] = '\0';
        return EmbryoThread(t);
    }
    page_alloc::free_page(trapframe);
    return Errno::EAGAIN; // threads-max reached
}

void free_embryo(Thread* t) {
    if (t->trapframe_user_va) t->process->address_space->unmap_trapframe(t->trapframe_slot);
    page_alloc::free_page(t->trapframe);
    SpinlockGuard guard(t->lock);
    t->trapframe = nullptr;
    t->process = nullptr;
    t->state = ThreadState::Unused;
}

Result<void> start_as_copy_of_caller(Thread* t, void (*entry)()) {
    Thread* caller = current_thread();
    usize slot = TRY(t->process->address_space->map_trapframe(reinterpret_cast<u64>(t->trapframe)));
    t->trapframe_slot = slot;
    t->trapframe_user_va = trapframe_va(slot);
    *t->trapframe = *caller->trapframe;
    t->context.ra = reinterpret_cast<u64>(entry);
    t->context.sp = t->kernel_stack_top();
    // The signal fields are guarded by t's process lock: a tgkill can
    // find an embryo. The caller's mask changes only by its own hand.
    SpinlockGuard guard(t->process->lock);
    t->signal_mask = caller->signal_mask;
    t->pending_signals = 0;
    t->in_sigsuspend = false;
    return ok();
}

void release_zombie_locked(Thread* t) {
    t->lock.assert_held();
    // The trapframe page was unmapped and freed by the thread itself
    // (thread_exit); only the slot is left to give back.
    t->process = nullptr;
    t->tid = 0;
    t->state = ThreadState::Unused;
}

void interrupt(Thread* t) {
    t->interrupt_pending = true;
    SpinlockGuard guard(t->lock);
    if (t->state == ThreadState::Sleeping) scheduler::make_runnable_locked(t);
}

Thread* find_in_process(Process* p, int tid) {
    for (Thread& t : thread_table) {
        if (t.tid == tid && t.process == p && t.state != ThreadState::Unused &&
            t.state != ThreadState::Zombie)
            return &t;
    }
    return nullptr;
}

Thread* table_slot(usize i) {
    return &thread_table[i];
}

usize count_in_use() {
    usize n = 0;
    for (auto& t : thread_table)
        if (t.state != ThreadState::Unused) n++;
    return n;
}

} // namespace threads
