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
Result<const void*> key_of(AddressSpace& as, UserPtr<u32> uaddr) {
    if (uaddr.address() % 4 != 0) return Errno::EINVAL;
    return as.futex_key(uaddr.address(), current_process()->limits.stack.cur);
}

} // namespace

namespace futex {

Result<void> wait(AddressSpace& as, UserPtr<u32> uaddr, u32 expected, u64 deadline_tick) {
    const void* key = TRY(key_of(as, uaddr));
    SpinlockGuard guard(futex_lock);
    u32 value = TRY(copy_from_user(uaddr, as));
    if (value != expected) return Errno::EAGAIN;
    return sleep_on_until(key, futex_lock, deadline_tick);
}

Result<usize> wake(AddressSpace& as, UserPtr<u32> uaddr, usize count) {
    const void* key = TRY(key_of(as, uaddr));
    SpinlockGuard guard(futex_lock);
    return wakeup_n(key, count);
}

} // namespace futex
