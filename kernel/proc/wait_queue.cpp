// sleep/wakeup: the one way a thread blocks. See wait_queue.h.
//
// Why no wakeup is lost: the sleeper takes its own Thread lock before
// releasing the condition lock, and a waker holds the condition lock
// while it looks for sleepers; so a waker either runs before the
// sleeper checked the condition, or finds it Sleeping (its Thread lock
// serializes the two). kill() and threads::interrupt() work the same
// way: they set their flag and then take the thread's lock to wake it,
// and an interruptible sleeper checks the flags only once it holds its
// own lock.
#include "proc/wait_queue.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "proc/activation.h"
#include "proc/clock.h"
#include "proc/process.h"
#include "proc/scheduler.h"

namespace {

enum class Interruptible { No, Yes };

Result<void> sleep_on_channel(const void* channel, Spinlock& held, Interruptible mode,
                              u64 deadline_tick) {
    Thread* t = current_thread();
    activations::on_block(t); // a VP's activation blocking: its spare takes over
    t->lock.acquire();
    if (mode == Interruptible::Yes && current_thread_interrupted()) {
        t->lock.release();
        return Errno::EINTR;
    }
    held.release();

    t->wait_channel = channel;
    t->wake_at_tick = deadline_tick;
    t->state = ThreadState::Sleeping;
    scheduler::sched_locked(t);
    t->wait_channel = nullptr;
    t->wake_at_tick = 0;

    t->lock.release();
    held.acquire();
    if (mode == Interruptible::Yes && current_thread_interrupted()) return Errno::EINTR;
    if (deadline_tick && clock::ticks() >= deadline_tick) return Errno::ETIMEDOUT;
    return ok();
}

} // namespace

void sleep_on(const void* channel, Spinlock& held) {
    (void)sleep_on_channel(channel, held, Interruptible::No, 0);
}

Result<void> sleep_on_until(const void* channel, Spinlock& held, u64 deadline_tick) {
    return sleep_on_channel(channel, held, Interruptible::Yes, deadline_tick);
}

usize wakeup_n(const void* channel, usize n) {
    Thread* self = current_thread();
    usize woken = 0;
    for (usize i = 0; i < NTHREAD && woken < n; i++) {
        Thread* t = threads::table_slot(i);
        if (t == self) continue;
        SpinlockGuard guard(t->lock);
        if (t->state == ThreadState::Sleeping && t->wait_channel == channel) {
            scheduler::make_runnable_locked(t);
            woken++;
        }
    }
    return woken;
}

void wakeup(const void* channel) {
    (void)wakeup_n(channel, NTHREAD);
}

void wake_expired_sleepers(u64 now) {
    for (usize i = 0; i < NTHREAD; i++) {
        Thread* t = threads::table_slot(i);
        if (t->state != ThreadState::Sleeping) continue; // racy peek; checked again locked
        SpinlockGuard guard(t->lock);
        if (t->state == ThreadState::Sleeping && t->wake_at_tick && t->wake_at_tick <= now)
            scheduler::make_runnable_locked(t);
    }
}

bool current_thread_interrupted() {
    Thread* t = current_thread();
    if (!t) return false;
    return t->process->killed.load() || t->exit_requested.load() || t->interrupt_pending.load();
}

void WaitQueue::sleep(Spinlock& held) {
    sleep_on(this, held);
}

Result<void> WaitQueue::sleep_interruptible(Spinlock& held) {
    return sleep_on_channel(this, held, Interruptible::Yes, 0);
}

Result<void> WaitQueue::sleep_until(Spinlock& held, u64 deadline_tick) {
    return sleep_on_channel(this, held, Interruptible::Yes, deadline_tick);
}

void WaitQueue::wake_all() {
    wakeup(this);
}
