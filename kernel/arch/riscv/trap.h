// Trap set-up on each hart: traps taken in supervisor mode go to
// kernelvec (kernelvec.S), which calls kernel_trap (trap/kernel_trap.cpp).
#pragma once

#include "lib/types.h"

namespace trap {
void init_hart(); // stvec = kernelvec; FPU usable for user state
} // namespace trap
