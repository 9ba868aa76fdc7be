// The global clock: ticks since boot, advanced by hart 0's timer
// interrupt (TICKS_PER_SECOND per second). sleep(n) and uptime() count
// in these ticks, as in xv6.
#pragma once

#include "lib/types.h"

namespace clock {
void tick(); // hart 0's timer interrupt (then the trap code checks alarms)
u64 ticks(); // ticks since boot
} // namespace clock

#include "lib/result.h"
namespace clock {
// Sleep for n ticks; EINTR if the process is killed meanwhile.
Result<void> sleep_ticks(u64 n);
} // namespace clock
