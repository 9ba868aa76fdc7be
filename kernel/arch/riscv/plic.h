// The PLIC (platform-level interrupt controller) routes device
// interrupts (UART, virtio disk) to harts. Each hart claims an
// interrupt, handles it, and completes it.
#pragma once

#include "lib/types.h"

namespace plic {
void init();      // boot hart: give the devices a priority
void init_hart(); // every hart: accept device interrupts in S mode
u32 claim();      // which device interrupted (0: none)
void complete(u32 irq);
} // namespace plic
