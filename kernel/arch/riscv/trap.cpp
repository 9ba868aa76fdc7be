#include "arch/riscv/trap.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/plic.h"
#include "arch/riscv/riscv.h"
#include "arch/riscv/timer.h"
#include "drivers/uart.h"
#include "drivers/virtio_disk.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "proc/cpu.h"
#include "proc/scheduler.h"
#include "proc/thread.h"

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

Interrupt handle_device_interrupt(u64 scause) {
    if (scause == (riscv::SCAUSE_INTERRUPT | riscv::IRQ_S_TIMER)) {
        // A clock-only tick (hart 0, with jitter) is no scheduling tick.
        return timer::handle_interrupt() == timer::Tick::Scheduling ? Interrupt::Timer
                                                                    : Interrupt::Clock;
    }
    if (scause == (riscv::SCAUSE_INTERRUPT | riscv::IRQ_S_EXTERNAL)) {
        u32 irq = plic::claim();
        if (irq == memlayout::UART0_IRQ)
            uart::handle_interrupt();
        else if (irq == memlayout::VIRTIO0_IRQ)
            virtio_disk::handle_interrupt();
        else if (irq)
            printk("trap: unexpected interrupt %u\n", irq);
        if (irq) plic::complete(irq);
        return Interrupt::Device;
    }
    return Interrupt::None;
}

} // namespace trap

// A trap while the kernel runs: an interrupt, or a kernel bug.
// Called from kernelvec on the current kernel stack.
extern "C" void kernel_trap() {
    u64 sepc = csr_read(sepc);
    u64 sstatus = csr_read(sstatus);
    u64 scause = csr_read(scause);

    if ((sstatus & riscv::SSTATUS_SPP) == 0) panic("kernel_trap: not from supervisor mode");
    if (riscv::interrupts_enabled()) panic("kernel_trap: interrupts enabled");
    if (panicked) halt_this_hart();

    auto kind = trap::handle_device_interrupt(scause);
    if (kind == trap::Interrupt::None)
        panic("kernel trap: %s at sepc %p, stval %p", riscv::scause_name(scause),
              reinterpret_cast<void*>(sepc), reinterpret_cast<void*>(csr_read(stval)));

    // A timer tick preempts the kernel thread that was running, if any.
    if (kind == trap::Interrupt::Timer) {
        if (Thread* t = this_cpu().thread) t->system_ticks++;
        scheduler::preempt_tick();
    }

    // Yielding may have run other traps that changed these.
    csr_write(sepc, sepc);
    csr_write(sstatus, sstatus);
}
