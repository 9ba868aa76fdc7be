#include "arch/riscv/trap.h"
#include "arch/riscv/riscv.h"

extern "C" void kernelvec();

namespace riscv {
const char* scause_name(u64 scause) {
    if (scause & SCAUSE_INTERRUPT) {
        switch (scause & ~SCAUSE_INTERRUPT) {
        case 1:
            return "software interrupt";
        case IRQ_S_TIMER:
            return "timer interrupt";
        case IRQ_S_EXTERNAL:
            return "external interrupt";
        default:
            return "interrupt";
        }
    }
    switch (scause) {
    case EXC_INSTRUCTION_MISALIGNED:
        return "instruction address misaligned";
    case EXC_INSTRUCTION_ACCESS:
        return "instruction access fault";
    case EXC_ILLEGAL_INSTRUCTION:
        return "illegal instruction";
    case EXC_BREAKPOINT:
        return "breakpoint";
    case EXC_LOAD_MISALIGNED:
        return "load address misaligned";
    case EXC_LOAD_ACCESS:
        return "load access fault";
    case EXC_STORE_MISALIGNED:
        return "store address misaligned";
    case EXC_STORE_ACCESS:
        return "store access fault";
    case EXC_ECALL_USER:
        return "environment call from U-mode";
    case 9:
        return "environment call from S-mode";
    case EXC_INSTRUCTION_PAGE_FAULT:
        return "instruction page fault";
    case EXC_LOAD_PAGE_FAULT:
        return "load page fault";
    case EXC_STORE_PAGE_FAULT:
        return "store page fault";
    default:
        return "unknown exception";
    }
}
} // namespace riscv

namespace trap {

void init_hart() {
    csr_write(stvec, reinterpret_cast<u64>(&kernelvec));
    csr_set(sstatus, riscv::SSTATUS_FS_INITIAL);
    csr_write(scounteren, 2); // TM: user programs may read the time CSR (rdtime)
}

} // namespace trap
