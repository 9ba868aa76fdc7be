// Trap handling in the kernel: stvec set-up, traps taken while in
// supervisor mode (kernel_trap), and the device-interrupt dispatch both
// kernel and user traps share.
#pragma once

#include "lib/types.h"

namespace trap {
void init_hart(); // stvec = kernelvec; FPU usable for user state

// Timer: a scheduling tick (count CPU time, maybe preempt); Clock: a
// timer interrupt that only advanced the clock (timer.h).
enum class Interrupt { None, Timer, Clock, Device };
// Handle scause if it is an interrupt we know; say which kind it was.
Interrupt handle_device_interrupt(u64 scause);
} // namespace trap
