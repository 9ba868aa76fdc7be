// Where an interrupt or a trap taken in supervisor mode enters the
// kernel: decode the cause and hand it to the layer that handles it. The
// device-interrupt dispatch is shared with user_trap.cpp.
#include "arch/riscv/memlayout.h"
#include "arch/riscv/plic.h"
#include "arch/riscv/riscv.h"
#include "arch/riscv/timer.h"
#include "drivers/uart.h"
#include "drivers/virtio_disk.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "proc/clock.h"
#include "proc/cpu.h"
#include "proc/scheduler.h"
#include "proc/signal.h"
#include "proc/thread.h"
#include "trap/dispatch.h"

namespace trap {

Interrupt handle_device_interrupt(u64 scause) {
    if (scause == (riscv::SCAUSE_INTERRUPT | riscv::IRQ_S_TIMER)) {
        timer::Ticks due = timer::handle_interrupt();
        if (due.clock) {
            clock::tick();
            signals::check_alarms(clock::ticks()); // alarm(): the process layer's
        }
        if (!due.scheduling) return Interrupt::Clock; // hart 0, with jitter: the clock only
        this_cpu().ticks++;
        return Interrupt::Timer;
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
