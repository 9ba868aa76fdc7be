#include "proc/futex.h"
#include "lib/spinlock.h"
#include "mm/address_space.h"
#include "mm/user_memory.h"
#include "proc/process.h"
#include "proc/wait_queue.h"

namespace {

// Guards the compare-and-sleep of every futex (one lock: simple, and
// futex calls are short).
constinit Spinlock futex_lock("futex", LockRank::Futex);

// The futex's name, a channel for sleep_on: (address space, address) for
// private memory, whose physical page copy-on-write may replace; the
// physical address for MAP_SHARED memory (AddressSpace::futex_key).
Result<const void*> key_of(AddressSpace& as, u64 uaddr) {
    if (uaddr % 4 != 0) return Errno::EINVAL;
    return as.futex_key(uaddr, current_process()->limits.stack.cur);
}

} // namespace

namespace futex {

Result<void> wait(AddressSpace& as, u64 uaddr, u32 expected, u64 deadline_tick) {
    const void* key = TRY(key_of(as, uaddr));
    SpinlockGuard guard(futex_lock);
    u32 value = 0;
    TRY(copy_from_user(as, &value, uaddr, sizeof value));
    if (value != expected) return Errno::EAGAIN;
    return sleep_on_until(key, futex_lock, deadline_tick);
}

Result<usize> wake(AddressSpace& as, u64 uaddr, usize count) {
    const void* key = TRY(key_of(as, uaddr));
    SpinlockGuard guard(futex_lock);
    return wakeup_n(key, count);
}

} // namespace futex
