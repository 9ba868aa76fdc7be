// The scheduler: each hart runs scheduler::run(), which picks a
// runnable thread, switches to it, and gets control back when the
// thread yields, blocks or exits. Round-robin with a timer quantum.
//
// Rules: a thread gives up its hart only through sched_locked(), with
// its own lock held and its state already changed (Runnable, Sleeping
// or Zombie). The run queue has its own lock (rank RunQueue), taken
// inside thread locks.
#pragma once

#include "proc/thread.h"

namespace scheduler {
// The per-hart loop; never returns.
[[noreturn]] void run();
// Give up the hart, staying runnable.
void yield();
// Switch to the scheduler. t->lock held, t->state already changed.
void sched_locked(Thread* t);
// Mark t Runnable and queue it. t->lock held.
void make_runnable_locked(Thread* t);
// Timer tick while a thread runs (kernel or user): preempt it.
void preempt_tick();
} // namespace scheduler
