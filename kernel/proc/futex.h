// futex: sleep until a 32-bit word in user memory changes, the
// building block of user-level mutexes, condition variables and
// pthread_join (docs/threads.md, Linux futex(2) FUTEX_WAIT/FUTEX_WAKE).
//
// A futex is named by the physical address of its word, so threads of
// one process and processes sharing memory meet on the same futex.
// One lock (futex_lock) makes "compare the word, then sleep" atomic
// with respect to wake.
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

class AddressSpace;

namespace futex {
inline constexpr int WAIT = 0;
inline constexpr int WAKE = 1;
inline constexpr int PRIVATE_FLAG = 128; // accepted, meaning nothing more here

// Sleep if *uaddr == expected, until woken, interrupted (EINTR) or the
// deadline (clock tick, 0: none) passes (ETIMEDOUT). EAGAIN if the
// word differs, EFAULT, EINVAL (unaligned).
Result<void> wait(AddressSpace& as, UserPtr<u32> uaddr, u32 expected, u64 deadline_tick);
// Wake at most count waiters; how many.
Result<usize> wake(AddressSpace& as, UserPtr<u32> uaddr, usize count);
} // namespace futex
