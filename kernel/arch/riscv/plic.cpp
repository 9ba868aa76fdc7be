#include "arch/riscv/plic.h"
#include "arch/riscv/memlayout.h"

namespace {

// Register addresses (QEMU's PLIC, the SiFive layout): context
// 2*hart+1 is hart's supervisor mode.
volatile u32& priority(u64 irq) {
    return *reinterpret_cast<volatile u32*>(memlayout::PLIC + irq * 4);
}
volatile u32& s_enable(u64 hart) {
    return *reinterpret_cast<volatile u32*>(memlayout::PLIC + 0x2080 + hart * 0x100);
}
volatile u32& s_threshold(u64 hart) {
    return *reinterpret_cast<volatile u32*>(memlayout::PLIC + 0x201000 + hart * 0x2000);
}
volatile u32& s_claim(u64 hart) {
    return *reinterpret_cast<volatile u32*>(memlayout::PLIC + 0x201004 + hart * 0x2000);
}

} // namespace

namespace plic {

void init() {
    priority(memlayout::UART0_IRQ) = 1;
    priority(memlayout::VIRTIO0_IRQ) = 1;
}

void init_hart() {
    u64 hart = riscv::hart_id();
    s_enable(hart) = (1u << memlayout::UART0_IRQ) | (1u << memlayout::VIRTIO0_IRQ);
    s_threshold(hart) = 0;
    csr_set(sie, riscv::SIE_SEIE);
}

u32 claim() {
    return s_claim(riscv::hart_id());
}
void complete(u32 irq) {
    s_claim(riscv::hart_id()) = irq;
}

} // namespace plic
