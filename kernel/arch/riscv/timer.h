// The per-hart timer: with the Sstc extension each hart sets its own
// stimecmp, and a supervisor timer interrupt fires when the time CSR
// passes it. Every hart ticks; hart 0 also advances the global tick
// count that sleep() and uptime() use.
//
// Two kinds of tick, on one interrupt:
//   scheduling tick  every hart: counts CPU time, may preempt the thread
//                    (the trap code counts these in Cpu::ticks)
//   clock tick       hart 0 only: the global clock (proc/clock.h), every
//                    1/TICKS_PER_SECOND s
// Normally they coincide. With jitter (boot option jitter=SEED) each
// hart's scheduling ticks come at pseudo-random intervals, uniform in
// [1/4, 7/4] of a clock tick (2.5-17.5 ms), drawn from a per-hart
// generator seeded with SEED and the hart id: the same seed gives every
// hart the same sequence of intervals on every boot, so preemption
// points move around from seed to seed but a seed can be replayed. The
// clock itself stays regular, so sleep() and alarm() keep their time.
#pragma once

#include "lib/types.h"

namespace timer {
inline constexpr u64 TICKS_PER_SECOND = 100;

// Boot hart: learn the time base (counts per second) from the device tree.
void init(u64 timebase_frequency);
// Boot hart, before any hart's init_hart(): jittered scheduling ticks.
void enable_jitter(u64 seed);
// Every hart: arm the first tick.
void init_hart();

// What one timer interrupt was due for (often both). The trap code
// acts on it: the clock (proc/clock.h), the hart's CPU-time accounting.
struct Ticks {
    bool clock;      // hart 0: advance the global clock
    bool scheduling; // account and maybe preempt
};
// Called from the trap handlers on a timer interrupt: re-arm, and say why.
Ticks handle_interrupt();

u64 time_base(); // time CSR counts per second

// The first scheduling-tick intervals each hart armed (in time CSR
// counts), for the jitter self-test: the same seed must give the same.
inline constexpr usize RECORDED_INTERVALS = 8;
bool jitter_enabled();
u64 jitter_seed();
// How many of hart's intervals are recorded so far (at most
// RECORDED_INTERVALS); interval(hart, i) is the i-th.
usize recorded_intervals(usize hart);
u64 recorded_interval(usize hart, usize i);
} // namespace timer
