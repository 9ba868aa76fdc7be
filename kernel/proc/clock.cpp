#include "proc/clock.h"
#include "lib/spinlock.h"
#include "proc/scheduler.h"
#include "proc/wait_queue.h"

namespace {
constinit Spinlock clock_lock("clock", LockRank::Clock); // guards tick_count
constinit u64 tick_count = 0;
constinit WaitQueue tick_waiters; // sleep_ticks() sleepers, woken every tick
} // namespace

namespace clock {

void tick() {
    u64 now;
    {
        SpinlockGuard guard(clock_lock);
        now = ++tick_count;
        tick_waiters.wake_all();
    }
    wake_expired_sleepers(now);
    scheduler::clock_tick(now);
}

u64 ticks() {
    SpinlockGuard guard(clock_lock);
    return tick_count;
}

Result<void> sleep_ticks(u64 n) {
    SpinlockGuard guard(clock_lock);
    u64 start = tick_count;
    while (tick_count - start < n) TRY(tick_waiters.sleep_interruptible(clock_lock));
    return ok();
}

} // namespace clock
