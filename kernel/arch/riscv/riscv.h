// The RISC-V machine as the rest of the kernel sees it: control and
// status registers, page-table entry bits, and a few instructions.
// Everything architecture-specific that C++ code needs is declared here
// or in memlayout.h; generic code includes nothing else from arch/.
#pragma once

#include "lib/types.h"

namespace riscv {

// Read and write a CSR by name: csr_read(sstatus).
#define csr_read(name)                                                                             \
    ({                                                                                             \
        u64 _v;                                                                                    \
        asm volatile("csrr %0, " #name : "=r"(_v));                                                \
        _v;                                                                                        \
    })
#define csr_write(name, value) asm volatile("csrw " #name ", %0" ::"r"(static_cast<u64>(value)))
#define csr_set(name, bits) asm volatile("csrs " #name ", %0" ::"r"(static_cast<u64>(bits)))
#define csr_clear(name, bits) asm volatile("csrc " #name ", %0" ::"r"(static_cast<u64>(bits)))

// mstatus / sstatus fields.
inline constexpr u64 MSTATUS_MPP_MASK = 3ull << 11;
inline constexpr u64 MSTATUS_MPP_S = 1ull << 11;
inline constexpr u64 SSTATUS_SPP = 1ull << 8;         // previous mode: 1 = supervisor
inline constexpr u64 SSTATUS_SPIE = 1ull << 5;        // interrupts enabled before the trap
inline constexpr u64 SSTATUS_SIE = 1ull << 1;         // supervisor interrupts enabled
inline constexpr u64 SSTATUS_SUM = 1ull << 18;        // supervisor may touch user pages
inline constexpr u64 SSTATUS_FS_INITIAL = 1ull << 13; // FPU on, for user programs

// sie / sip bits.
inline constexpr u64 SIE_SSIE = 1ull << 1; // software
inline constexpr u64 SIE_STIE = 1ull << 5; // timer
inline constexpr u64 SIE_SEIE = 1ull << 9; // external (PLIC)

// scause values.
inline constexpr u64 SCAUSE_INTERRUPT = 1ull << 63;
inline constexpr u64 IRQ_S_TIMER = 5;
inline constexpr u64 IRQ_S_EXTERNAL = 9;
inline constexpr u64 EXC_INSTRUCTION_MISALIGNED = 0;
inline constexpr u64 EXC_INSTRUCTION_ACCESS = 1;
inline constexpr u64 EXC_ILLEGAL_INSTRUCTION = 2;
inline constexpr u64 EXC_BREAKPOINT = 3;
inline constexpr u64 EXC_LOAD_MISALIGNED = 4;
inline constexpr u64 EXC_LOAD_ACCESS = 5;
inline constexpr u64 EXC_STORE_MISALIGNED = 6;
inline constexpr u64 EXC_STORE_ACCESS = 7;
inline constexpr u64 EXC_ECALL_USER = 8;
inline constexpr u64 EXC_INSTRUCTION_PAGE_FAULT = 12;
inline constexpr u64 EXC_LOAD_PAGE_FAULT = 13;
inline constexpr u64 EXC_STORE_PAGE_FAULT = 15;

// A human name for an scause value ("store page fault").
const char* scause_name(u64 scause);

// Sv39 paging.
inline constexpr usize PGSIZE = 4096;
inline constexpr usize PGSHIFT = 12;
inline constexpr u64 SATP_SV39 = 8ull << 60;
inline constexpr u64 MAXVA = 1ull << 38; // one bit less than Sv39 allows: no sign extension

inline constexpr u64 PTE_V = 1 << 0;
inline constexpr u64 PTE_R = 1 << 1;
inline constexpr u64 PTE_W = 1 << 2;
inline constexpr u64 PTE_X = 1 << 3;
inline constexpr u64 PTE_U = 1 << 4;
inline constexpr u64 PTE_A = 1 << 6;
inline constexpr u64 PTE_D = 1 << 7;

using pte_t = u64;
using pagetable_t = pte_t*; // 512 PTEs, one page

constexpr u64 pa_to_pte(u64 pa) {
    return (pa >> 12) << 10;
}
constexpr u64 pte_to_pa(pte_t pte) {
    return (pte >> 10) << 12;
}
constexpr u64 pte_flags(pte_t pte) {
    return pte & 0x3ff;
}
constexpr usize px(int level, u64 va) {
    return (va >> (PGSHIFT + 9 * level)) & 0x1ff;
}
constexpr u64 make_satp(u64 root_pa) {
    return SATP_SV39 | (root_pa >> 12);
}

constexpr u64 page_round_up(u64 a) {
    return (a + PGSIZE - 1) & ~(PGSIZE - 1);
}
constexpr u64 page_round_down(u64 a) {
    return a & ~(PGSIZE - 1);
}

// This hart's id, kept in tp from boot on (the kernel never changes tp
// except on the way to and from user mode, where the trampoline saves it).
inline u64 hart_id() {
    u64 x;
    asm volatile("mv %0, tp" : "=r"(x));
    return x;
}

inline void interrupts_on() {
    csr_set(sstatus, SSTATUS_SIE);
}
inline void interrupts_off() {
    csr_clear(sstatus, SSTATUS_SIE);
}
inline bool interrupts_enabled() {
    return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

inline void sfence_vma() {
    asm volatile("sfence.vma zero, zero");
}
inline void wait_for_interrupt() {
    asm volatile("wfi");
}

// The time counter (10 MHz on QEMU's virt machine, see timer.cpp).
inline u64 read_time() {
    return csr_read(time);
}

inline u64 frame_pointer() {
    u64 x;
    asm volatile("mv %0, s0" : "=r"(x));
    return x;
}

} // namespace riscv
