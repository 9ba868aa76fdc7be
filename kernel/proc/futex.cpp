#include "proc/futex.h"
#include "lib/spinlock.h"
#include "mm/address_space.h"
#include "mm/user_memory.h"
#include "proc/wait_queue.h"

namespace {

// Guards the compare-and-sleep of every futex (one lock: simple, and
// futex calls are short).
constinit Spinlock futex_lock("futex", LockRank::Futex);

// The futex's name: the physical address of the word. A channel for sleep_on.
Result<const void*> key_of(AddressSpace& as, u64 uaddr) {
    if (uaddr % 4 != 0) return Errno::EINVAL;
    SpinlockGuard guard(as.lock);
    u64 pa = as.translate(uaddr, AddressSpace::Access::Read);
    if (!pa) return Errno::EFAULT;
    return reinterpret_cast<const void*>(pa);
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
