// TrapFrame: a thread's user registers, saved by the trampoline when the
// thread traps from user mode and restored when it returns. One page per
// thread, mapped in the user address space at the thread's trapframe
// slot (below the trampoline) and reached by the kernel through the
// direct map. The first five fields are written by the kernel before
// each return to user mode and read by uservec on the next trap.
#pragma once

#include "lib/types.h"
#include <cstddef>

struct TrapFrame {
    u64 kernel_satp;   // kernel page table
    u64 kernel_sp;     // top of this thread's kernel stack
    u64 kernel_trap;   // address of user_trap()
    u64 epc;           // user pc (saved from sepc by user_trap)
    u64 kernel_hartid; // tp to run the kernel with
    u64 x[32];         // integer registers by number; x[0] unused
    u64 f[32];         // floating-point registers
    u64 fcsr;

    // Register names for readers of syscall and signal code.
    u64& ra() { return x[1]; }
    u64& sp() { return x[2]; }
    u64& gp() { return x[3]; } // global pointer: user code addresses small data from it
    u64& tp() { return x[4]; }
    u64& a(int i) { return x[10 + i]; } // a0..a7

    // An ecall is 4 bytes; epc points at it while its system call runs.
    void skip_ecall() { epc += 4; }
    // Run the system call again on return to user mode: back to its
    // ecall, with its first argument back in a0 (the result took a0).
    void restart_syscall(u64 first_arg) {
        epc -= 4;
        a(0) = first_arg;
    }
};

// Offsets used by trampoline.S.
static_assert(offsetof(TrapFrame, kernel_satp) == 0);
static_assert(offsetof(TrapFrame, kernel_sp) == 8);
static_assert(offsetof(TrapFrame, kernel_trap) == 16);
static_assert(offsetof(TrapFrame, epc) == 24);
static_assert(offsetof(TrapFrame, kernel_hartid) == 32);
static_assert(offsetof(TrapFrame, x) == 40);
static_assert(offsetof(TrapFrame, f) == 296);
static_assert(offsetof(TrapFrame, fcsr) == 552);
static_assert(sizeof(TrapFrame) <= 4096);
