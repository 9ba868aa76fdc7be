// The machine, as generic kernel code sees it: the one header outside
// arch/ (and the trap entry in trap/) that names RISC-V. It gathers the
// operations and layouts the rest of the kernel uses: CSR access and
// per-hart operations (riscv.h), the memory layout (memlayout.h), a
// thread's saved registers (trapframe.h, context.h), the timer, the
// interrupt controller, the real-time clock and power-off. A port to
// another machine provides this header's names (docs/layers.md).
#pragma once

#include "arch/riscv/context.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/plic.h"
#include "arch/riscv/power.h"
#include "arch/riscv/riscv.h"
#include "arch/riscv/rtc.h"
#include "arch/riscv/timer.h"
#include "arch/riscv/trap.h"
#include "arch/riscv/trapframe.h"
