#include "proc/clock.h"
#include "lib/atomic.h"
#include "lib/spinlock.h"
#include "proc/scheduler.h"
#include "proc/wait_queue.h"

namespace {
// The count is atomic so anyone may read it under any lock; sleepers
// use sleep_lock as their condition lock and a deadline, which the tick
// checks (wake_expired_sleepers): no thread is woken before its time.
constinit Atomic<u64> tick_count{0};
constinit Spinlock sleep_lock("clock", LockRank::Clock);
constinit WaitQueue tick_waiters; // sleep_ticks() sleepers
} // namespace

namespace clock {

void tick() {
    u64 now = tick_count.fetch_add(1) + 1;
    wake_expired_sleepers(now);
    scheduler::clock_tick(now);
}

u64 ticks() {
    return tick_count.load();
}

Result<void> sleep_ticks(u64 n) {
    SpinlockGuard guard(sleep_lock);
    u64 deadline = tick_count.load() + n;
    while (tick_count.load() < deadline) {
        auto slept = tick_waiters.sleep_until(sleep_lock, deadline);
        if (slept.is_error() && slept.error() != Errno::ETIMEDOUT) return slept.error();
    }
    return ok();
}

} // namespace clock
