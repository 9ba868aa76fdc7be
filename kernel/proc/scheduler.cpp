// Scheduling threads over all harts: the mechanism. Which thread runs
// next is the policy's business (sched_policy.h); this file keeps the
// run-queue lock, switches contexts, preempts on timer ticks and
// records trace events.
//
// The thread lock hand-off: the loop acquires t->lock before switching
// to t, and t releases it (in sched_locked's caller, or in its first-run
// function for a new thread). Going the other way, t acquires its lock
// before sched_locked() and the loop releases it. So a thread's context
// is saved completely before any other hart can pick it up.
//
// Boot options: sched=rr|mlfq (default rr), quantum=N clock ticks
// (default 1 = 10 ms), preempt=off for cooperative scheduling (threads
// switch only when they yield or block; default on). A bad value is
// reported at boot ("boot: ...") and the default used.
#include "proc/scheduler.h"
#include "lib/boot_options.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "proc/cpu.h"
#include "proc/sched_policy.h"
#include "proc/sched_trace.h"

namespace {

// Guards the policy's queues and every Thread's run_node and sched fields.
constinit Spinlock run_queue_lock("run_queue", LockRank::RunQueue);
constinit SchedPolicy* policy = nullptr;
constinit bool preemption = true;
constinit u32 chosen_quantum = 1; // ticks; set once by init (for sysinfo)

Thread* pick_next() {
    SpinlockGuard guard(run_queue_lock);
    return policy->pick_next();
}

void enqueue_locked(Thread* t, EnqueueReason why) {
    t->lock.assert_held();
    t->state = ThreadState::Runnable;
    SpinlockGuard guard(run_queue_lock);
    policy->enqueue(t, why);
}

sched_trace::Reason switch_out_reason(const Thread* t) {
    switch (t->state) {
    case ThreadState::Sleeping:
        return sched_trace::Reason::Block;
    case ThreadState::Zombie:
        return sched_trace::Reason::Exit;
    default:
        return t->preempted ? sched_trace::Reason::Preempt : sched_trace::Reason::Yield;
    }
}

// Longest quantum accepted, in ticks (10^6 ticks: almost three hours).
constexpr u64 MAX_QUANTUM = 1'000'000;

// The boot options quantum=, sched= and preempt=; a bad value is
// reported on one line and the default used.
u32 quantum_option() {
    auto n = boot_options::number("quantum");
    if (!n.is_error() && n.value() >= 1 && n.value() <= MAX_QUANTUM)
        return static_cast<u32>(n.value());
    if (n.is_error() && n.error() == Errno::ENOENT) return 1;
    char word[boot_options::MAX_WORD];
    boot_options::copy("quantum", word);
    printk("boot: quantum '%s' is not a number of ticks from 1 to %lu, using 1\n", word,
           MAX_QUANTUM);
    return 1;
}

enum class PolicyChoice { RoundRobin, Mlfq };

PolicyChoice policy_option() {
    if (!boot_options::present("sched")) return PolicyChoice::RoundRobin;
    char word[boot_options::MAX_WORD];
    boot_options::copy("sched", word);
    if (kstr::compare(word, "mlfq", sizeof word) == 0) return PolicyChoice::Mlfq;
    if (kstr::compare(word, "rr", sizeof word) != 0)
        printk("boot: unknown scheduler '%s', using rr (choose rr or mlfq)\n", word);
    return PolicyChoice::RoundRobin;
}

bool preempt_option() {
    if (!boot_options::present("preempt")) return true;
    char word[boot_options::MAX_WORD];
    boot_options::copy("preempt", word);
    if (kstr::compare(word, "off", sizeof word) == 0) return false;
    if (kstr::compare(word, "on", sizeof word) != 0)
        printk("boot: preempt '%s' is not on or off, using on\n", word);
    return true;
}

} // namespace

namespace scheduler {

void init() {
    u32 quantum = quantum_option();
    chosen_quantum = quantum;
    if (policy_option() == PolicyChoice::Mlfq)
        policy = &mlfq_policy(quantum);
    else
        policy = &round_robin_policy(quantum);
    preemption = preempt_option();
    printk("weft: scheduler %s, quantum %u tick%s, %s\n", policy->name(), quantum,
           quantum == 1 ? "" : "s", preemption ? "preemptive" : "cooperative");
}

const char* policy_name() {
    return policy->name();
}
u32 quantum_ticks() {
    return chosen_quantum;
}
bool preemptive() {
    return preemption;
}

void make_runnable_locked(Thread* t) {
    t->lock.assert_held();
    bool is_new = t->state == ThreadState::Embryo;
    Thread* waker = current_thread();
    sched_trace::record(is_new ? sched_trace::Event::Create : sched_trace::Event::Wakeup, t,
                        sched_trace::Reason::None, waker ? static_cast<u32>(waker->tid) : 0);
    enqueue_locked(t, is_new ? EnqueueReason::New : EnqueueReason::Woken);
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
        if (t->state != ThreadState::Runnable)
            panic("scheduler: queued thread %d not runnable", t->tid);
        t->state = ThreadState::Running;
        t->last_hart = static_cast<int>(cpu.id);
        t->sched.switches++;
        cpu.thread = t;
        sched_trace::record(sched_trace::Event::SwitchIn, t);
        swtch(&cpu.scheduler_context, &t->context);
        // Back here when t gave up the hart (sched_locked).
        sched_trace::record(sched_trace::Event::SwitchOut, t, switch_out_reason(t));
        t->preempted = false;
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

namespace {
void give_up_cpu(EnqueueReason why) {
    Thread* t = current_thread();
    SpinlockGuard guard(t->lock);
    t->preempted = why == EnqueueReason::Preempted;
    enqueue_locked(t, why);
    sched_locked(t);
}
} // namespace

void yield() {
    give_up_cpu(EnqueueReason::Yielded);
}

bool preempt_tick() {
    Thread* t = current_thread();
    if (!t || t->state != ThreadState::Running) return false;
    // An exiting thread (its trapframe already gone) finishes its exit
    // first: it is a few instructions from switching out for good.
    if (!t->trapframe) return false;
    bool quantum_over;
    {
        SpinlockGuard guard(run_queue_lock);
        quantum_over = policy->tick(t);
    }
    if (!quantum_over || !preemption) return false;
    give_up_cpu(EnqueueReason::Preempted);
    return true;
}

void clock_tick(u64 now) {
    SpinlockGuard guard(run_queue_lock);
    policy->clock_tick(now);
}

} // namespace scheduler
