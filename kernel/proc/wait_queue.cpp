// sleep/wakeup: the one way a thread blocks. See wait_queue.h.
//
// Why no wakeup is lost: the sleeper takes its own Thread lock before
// releasing the condition lock, and a waker holds the condition lock
// while it looks for sleepers; so a waker either runs before the
// sleeper checked the condition, or finds it Sleeping (its Thread lock
// serializes the two). kill() works the same way: it sets killed and
// then takes each thread's lock to wake it, and an interruptible
// sleeper checks killed only once it holds its own lock.
#include "proc/wait_queue.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "proc/process.h"
#include "proc/scheduler.h"

namespace {

enum class Interruptible { No, Yes };

Result<void> sleep_on_channel(const void* channel, Spinlock& held, Interruptible mode) {
    Thread* t = current_thread();
    t->lock.acquire();
    if (mode == Interruptible::Yes && current_thread_interrupted()) {
        t->lock.release();
        return Errno::EINTR;
    }
    held.release();

    t->wait_channel = channel;
    t->state = ThreadState::Sleeping;
    scheduler::sched_locked(t);
    t->wait_channel = nullptr;

    t->lock.release();
    held.acquire();
    if (mode == Interruptible::Yes && current_thread_interrupted()) return Errno::EINTR;
    return ok();
}

} // namespace

void sleep_on(const void* channel, Spinlock& held) {
    (void)sleep_on_channel(channel, held, Interruptible::No);
}

void wakeup(const void* channel) {
    Thread* self = current_thread();
    for (usize i = 0; i < NTHREAD; i++) {
        Thread* t = threads::table_slot(i);
        if (t == self) continue;
        SpinlockGuard guard(t->lock);
        if (t->state == ThreadState::Sleeping && t->wait_channel == channel)
            scheduler::make_runnable_locked(t);
    }
}

bool current_thread_interrupted() {
    Process* p = current_process();
    return p && p->killed.load();
}

void WaitQueue::sleep(Spinlock& held) { sleep_on(this, held); }

Result<void> WaitQueue::sleep_interruptible(Spinlock& held) {
    return sleep_on_channel(this, held, Interruptible::Yes);
}

void WaitQueue::wake_all() { wakeup(this); }
