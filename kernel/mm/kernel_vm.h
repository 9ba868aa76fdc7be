// The kernel's page table, shared by every hart: RAM and devices mapped
// at their physical addresses (direct map), the trampoline at the top,
// and a kernel stack per thread slot with a guard page under each.
// W^X: text is R-X, read-only data R, everything else RW.
#pragma once

#include "arch/arch.h"

namespace kernel_vm {
// Build the table (boot hart, once). ram_end: top of physical memory.
void init(u64 ram_end);
// Switch this hart to the kernel table.
void init_hart();
riscv::pagetable_t table();
} // namespace kernel_vm
