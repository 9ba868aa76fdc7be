// SchedPolicy: the part of the scheduler that decides who runs next.
// The scheduler (scheduler.cpp) does the mechanism — run queue lock,
// context switches, preemption; a policy only orders runnable threads.
// Writing a new policy is an assignment: implement these five methods,
// add it to PolicyChoice and policy_option() in scheduler.cpp, boot with
// sched=<name>.
//
// Rules: every method is called with the run-queue lock held, so a
// policy needs no locks of its own; it may read and write the `sched`
// fields of any Thread (they are guarded by that lock) and nothing else.
#pragma once

#include "proc/thread.h"

// Why a thread is being queued.
enum class EnqueueReason : u8 {
    New,       // created by clone/fork
    Woken,     // its sleep ended (it gave up the CPU early)
    Yielded,   // it called sched_yield
    Preempted, // its quantum ran out
};

class SchedPolicy {
public:
    virtual const char* name() const = 0;
    // t is runnable: remember it.
    virtual void enqueue(Thread* t, EnqueueReason why) = 0;
    // Remove and return the thread to run next on this hart, or null.
    virtual Thread* pick_next() = 0;
    // A timer tick charged to the running thread t: has its quantum run
    // out (should it be preempted)?
    virtual bool tick(Thread* t) = 0;
    // Once per clock tick on hart 0, for periodic work (MLFQ's boost).
    virtual void clock_tick(u64 now) = 0;

protected:
    ~SchedPolicy() = default;
};

// The policies Weft ships; quantum is in clock ticks (100 per second).
SchedPolicy& round_robin_policy(u32 quantum);
SchedPolicy& mlfq_policy(u32 base_quantum);
