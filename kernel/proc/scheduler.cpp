// Round-robin scheduling of threads over all harts.
//
// The run queue holds Runnable threads in FIFO order; each hart's
// scheduler loop takes the first, switches to it, and gets control
// back when it yields, blocks or exits. A timer tick makes a running
// thread yield (preemption); every tick is one quantum.
//
// The thread lock hand-off: the loop acquires t->lock before switching
// to t, and t releases it (in sched_locked's caller, or in
// thread_first_run for a new thread). Going the other way, t acquires
// its lock before sched_locked() and the loop releases it. So a thread's
// context is saved completely before any other hart can pick it up.
#include "proc/scheduler.h"
#include "lib/panic.h"
#include "proc/cpu.h"
#include "proc/process.h"

namespace {

// Guards run_queue and every Thread's run_node.
constinit Spinlock run_queue_lock("run_queue", LockRank::RunQueue);
IntrusiveList<Thread, &Thread::run_node> run_queue;

Thread* pick_next() {
    SpinlockGuard guard(run_queue_lock);
    return run_queue.pop_front();
}

} // namespace

namespace scheduler {

void make_runnable_locked(Thread* t) {
    t->lock.assert_held();
    t->state = ThreadState::Runnable;
    SpinlockGuard guard(run_queue_lock);
    run_queue.push_back(t);
}

[[noreturn]] void run() {
    Cpu& cpu = this_cpu();
    cpu.thread = nullptr;
    for (;;) {
        // Let devices interrupt while looking for work, or a hart with
        // nothing to run could miss the interrupt that makes work.
        riscv::interrupts_on();
        Thread* t = pick_next();
        if (!t) {
            riscv::wait_for_interrupt();
            continue;
        }
        t->lock.acquire();
        if (t->state != ThreadState::Runnable) panic("scheduler: queued thread %d not runnable", t->tid);
        t->state = ThreadState::Running;
        t->last_hart = static_cast<int>(cpu.id);
        cpu.thread = t;
        swtch(&cpu.scheduler_context, &t->context);
        // Back here when t gave up the hart (sched_locked).
        cpu.thread = nullptr;
        if (t->state == ThreadState::Zombie) threads::release_zombie_locked(t);
        t->lock.release();
    }
}

void sched_locked(Thread* t) {
    Cpu& cpu = this_cpu();
    t->lock.assert_held();
    if (cpu.interrupt_off_depth != 1) panic("sched: holding locks besides the thread's");
    if (t->state == ThreadState::Running) panic("sched: thread still running");
    if (riscv::interrupts_enabled()) panic("sched: interrupts on");

    // The interrupt state belongs to this thread, not to the hart.
    bool were_on = cpu.interrupts_were_on;
    swtch(&t->context, &cpu.scheduler_context);
    this_cpu().interrupts_were_on = were_on;
}

void yield() {
    Thread* t = current_thread();
    SpinlockGuard guard(t->lock);
    make_runnable_locked(t);
    sched_locked(t);
}

void preempt_tick() {
    Thread* t = current_thread();
    if (t && t->state == ThreadState::Running) yield();
}

} // namespace scheduler
