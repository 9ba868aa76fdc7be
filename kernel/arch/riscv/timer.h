// The per-hart timer: with the Sstc extension each hart sets its own
// stimecmp, and a supervisor timer interrupt fires when the time CSR
// passes it. Every hart ticks; hart 0 also advances the global tick
// count that sleep() and uptime() use.
#pragma once

#include "lib/types.h"

namespace timer {
inline constexpr u64 TICKS_PER_SECOND = 100;

// Boot hart: learn the time base (counts per second) from the device tree.
void init(u64 timebase_frequency);
// Every hart: arm the first tick.
void init_hart();
// Called from the trap handlers on a timer interrupt: re-arm, count.
void handle_interrupt();

u64 time_base(); // time CSR counts per second
} // namespace timer
