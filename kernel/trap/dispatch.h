// The device-interrupt dispatch both kernel and user traps share
// (kernel_trap.cpp).
#pragma once

#include "lib/types.h"

namespace trap {
// Timer: a scheduling tick (count CPU time, maybe preempt); Clock: a
// timer interrupt that only advanced the clock (arch/riscv/timer.h).
enum class Interrupt { None, Timer, Clock, Device };
// Handle scause if it is an interrupt we know; say which kind it was.
Interrupt handle_device_interrupt(u64 scause);
} // namespace trap
