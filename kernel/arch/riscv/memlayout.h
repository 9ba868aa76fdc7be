// Physical and virtual memory layout of QEMU's "virt" machine and of
// the kernel's own address space.
//
// Physical (from QEMU's hw/riscv/virt.c memory map):
//   0x00100000  test device ("sifive,test"): write 0x5555 to power off
//   0x02000000  CLINT (machine timer; used only in start.cpp)
//   0x0c000000  PLIC, the interrupt controller
//   0x10000000  UART0 (16550), interrupt 10
//   0x10001000  virtio-mmio disk, interrupt 1
//   0x80000000  RAM: the kernel is loaded here; free pages follow it
//
// Kernel virtual: RAM and devices are mapped at their physical address;
// at the top sit the trampoline page and, below it, one kernel stack per
// thread slot, each with an unmapped guard page beneath it.
#pragma once

#include "arch/riscv/riscv.h"

namespace memlayout {

inline constexpr u64 TEST_DEVICE = 0x100000;
inline constexpr u64 CLINT = 0x2000000;
inline constexpr u64 PLIC = 0x0c000000;
inline constexpr u64 PLIC_SIZE = 0x400000;
inline constexpr u64 UART0 = 0x10000000;
inline constexpr u64 UART0_IRQ = 10;
inline constexpr u64 VIRTIO0 = 0x10001000;
inline constexpr u64 VIRTIO0_IRQ = 1;
inline constexpr u64 KERNBASE = 0x80000000;

// The trampoline (trap entry and exit code) sits at the top of every
// address space, user and kernel alike, so it survives the satp switch.
inline constexpr u64 TRAMPOLINE = riscv::MAXVA - riscv::PGSIZE;

// Kernel stacks: KSTACK_PAGES pages for slot i, guard page below.
inline constexpr usize KSTACK_PAGES = 4;
inline constexpr usize KSTACK_SIZE = KSTACK_PAGES * riscv::PGSIZE;
constexpr u64 kstack_top(usize slot) {
    return TRAMPOLINE - slot * (KSTACK_SIZE + riscv::PGSIZE);
}
constexpr u64 kstack_bottom(usize slot) {
    return kstack_top(slot) - KSTACK_SIZE;
}

} // namespace memlayout
