// panic(): report a broken kernel invariant and stop every hart.
#include "lib/panic.h"
#include "arch/arch.h"
#include "lib/printk.h"
#include "proc/cpu.h"

volatile bool panicked = false;

namespace {

constinit u32 reporting = 0;     // the first hart to panic reports; others just stop
constinit u32 harts_stopped = 0; // harts halted since the panic began (not the reporter)

// Walk the frame-pointer chain (the kernel is built with
// -fno-omit-frame-pointer): each frame stores the return address at
// fp-8 and the caller's frame pointer at fp-16.
void print_backtrace() {
    printk_unlocked("backtrace (addr2line -e build/kernel/kernel.elf):\n");
    u64 fp = riscv::frame_pointer();
    for (int depth = 0; depth < 16; depth++) {
        // Stop when fp leaves the kernel's RAM or a kernel stack.
        if (fp < memlayout::KERNBASE || (fp & 7) != 0) break;
        u64 ra = *reinterpret_cast<u64*>(fp - 8);
        u64 prev = *reinterpret_cast<u64*>(fp - 16);
        if (ra == 0) break;
        printk_unlocked("  %p\n", reinterpret_cast<void*>(ra));
        if (prev <= fp) break; // the stack grows down: callers are higher
        fp = prev;
    }
}

} // namespace

[[noreturn]] void halt_this_hart() {
    riscv::interrupts_off();
    // Counted, so that the panicking hart can say whether every other
    // hart really stopped (each notices at its next trap), not just hope.
    if (__atomic_load_n(&reporting, __ATOMIC_SEQ_CST) != 0)
        __atomic_add_fetch(&harts_stopped, 1u, __ATOMIC_SEQ_CST);
    for (;;)
        riscv::wait_for_interrupt();
}

[[noreturn]] void panic(const char* fmt, ...) {
    riscv::interrupts_off();
    if (__atomic_exchange_n(&reporting, 1u, __ATOMIC_SEQ_CST) != 0) halt_this_hart();
    panicked = true;

    printk_unlocked("\npanic: ");
    va_list args;
    va_start(args, fmt);
    vprintk(fmt, args); // panicked is set: prints without the lock
    va_end(args);
    printk_unlocked(
        "\n  hart %lu  sepc %p  stval %p  scause %p (%s)\n", riscv::hart_id(),
        reinterpret_cast<void*>(csr_read(sepc)), reinterpret_cast<void*>(csr_read(stval)),
        reinterpret_cast<void*>(csr_read(scause)), riscv::scause_name(csr_read(scause)));
    print_backtrace();
    // Every other online hart takes a timer interrupt within a tick and
    // halts there; a second is plenty. One that does not (spinning with
    // interrupts off) is named, so the report does not claim too much.
    usize others = online_hart_count() - 1;
    u64 give_up = riscv::read_time() + timer::time_base();
    while (__atomic_load_n(&harts_stopped, __ATOMIC_SEQ_CST) < others &&
           riscv::read_time() < give_up) {
    }
    u32 stopped = __atomic_load_n(&harts_stopped, __ATOMIC_SEQ_CST);
    if (stopped >= others)
        printk_unlocked("panic: all harts stopped\n");
    else
        printk_unlocked("panic: only %u of the %zu other harts stopped\n", stopped, others);
    halt_this_hart();
}
