// The real-time clock of QEMU's virt machine (a Goldfish RTC at
// 0x101000): nanoseconds since the Unix epoch, from the host's clock.
#pragma once

#include "lib/types.h"

namespace rtc {
inline constexpr u64 BASE = 0x101000;
u64 nanoseconds_since_epoch();
} // namespace rtc
