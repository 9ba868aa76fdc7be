// The scheduler: each hart runs scheduler::run(), which picks a
// runnable thread, switches to it, and gets control back when the
// thread yields, blocks or exits. The policy (round-robin by default)
// is chosen at boot; see sched_policy.h.
//
// Rules: a thread gives up its hart only through sched_locked(), with
// its own lock held and its state already changed (Runnable, Sleeping
// or Zombie). The run queue has its own lock (rank RunQueue), taken
// inside thread locks.
#pragma once

#include "proc/thread.h"

namespace scheduler {
// Choose the policy from the boot options (hart 0, before any thread runs).
void init();
const char* policy_name(); // "rr" or "mlfq" (the boot option sched=)
u32 quantum_ticks();       // the boot option quantum= (default 1)
bool preemptive();         // false under preempt=off
// The per-hart loop; never returns.
[[noreturn]] void run();
// Give up the hart, staying runnable.
void yield();
// Switch to the scheduler. t->lock held, t->state already changed.
void sched_locked(Thread* t);
// Mark t Runnable and queue it. t->lock held.
void make_runnable_locked(Thread* t);
// Timer tick while a thread runs (kernel or user): charge it to the
// thread and preempt it when the policy says its quantum is over.
// True if it was preempted (another thread may have run meanwhile).
bool preempt_tick();
// Once per clock tick (hart 0): the policy's periodic work.
void clock_tick(u64 now);
} // namespace scheduler
