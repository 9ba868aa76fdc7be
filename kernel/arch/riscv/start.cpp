// start(): machine-mode set-up, run once by every hart before it drops
// to supervisor mode, where the kernel lives from then on.
//
// QEMU is run with -bios none, so there is no SBI firmware: this file is
// the only code that ever runs in machine mode. It hands every trap and
// interrupt to supervisor mode, opens physical memory to it, and turns
// on the Sstc extension so supervisor mode programs its own timer
// (stimecmp) instead of asking machine mode.
#include "arch/riscv/riscv.h"
#include "lib/types.h"

extern "C" void kernel_main(u64 hart, u64 device_tree);

// Boot stacks used by entry.S; a guard page at the bottom of each.
inline constexpr usize BOOT_STACK_BLOCK = 5 * 4096;
inline constexpr usize MAX_HARTS = 8;
extern "C" {
alignas(4096) char boot_stacks[MAX_HARTS * BOOT_STACK_BLOCK];
}

namespace {
constexpr u64 MENVCFG_STCE = 1ull << 63;   // Sstc: stimecmp usable from S mode
constexpr u64 MCOUNTEREN_TIME = 1ull << 1; // S mode may read the time CSR
} // namespace

extern "C" [[noreturn]] void start(u64 hart, u64 device_tree) {
    // mret will "return" to kernel_main in supervisor mode.
    u64 mstatus = csr_read(mstatus);
    mstatus = (mstatus & ~riscv::MSTATUS_MPP_MASK) | riscv::MSTATUS_MPP_S;
    csr_write(mstatus, mstatus);
    csr_write(mepc, reinterpret_cast<u64>(&kernel_main));

    // Paging off until kvm_init_hart() turns it on.
    csr_write(satp, 0);

    // Every exception and interrupt goes to supervisor mode.
    csr_write(medeleg, 0xffff);
    csr_write(mideleg, 0xffff);
    csr_set(sie, riscv::SIE_SEIE | riscv::SIE_STIE);

    // One PMP region covering all of physical memory, read/write/execute.
    csr_write(pmpaddr0, 0x3fffffffffffffull);
    csr_write(pmpcfg0, 0xf);

    // Timer: let S mode read time and set stimecmp itself.
    csr_set(menvcfg, MENVCFG_STCE);
    csr_set(mcounteren, MCOUNTEREN_TIME);
    csr_write(stimecmp, ~0ull); // no timer interrupt until timer::init_hart()

    // Hart id in tp, where riscv::hart_id() finds it.
    asm volatile("mv tp, %0" ::"r"(hart));
    asm volatile("mv a0, %0; mv a1, %1; mret" ::"r"(hart), "r"(device_tree) : "a0", "a1");
    __builtin_unreachable();
}
