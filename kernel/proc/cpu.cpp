// Per-hart state and interrupt nesting (push_off/pop_off), which
// spinlocks rely on: a hart holding a spinlock must not take an
// interrupt whose handler could want the same lock.
#include "proc/cpu.h"
#include "lib/panic.h"

constinit Cpu cpus[NCPU];

void push_off() {
    bool was_on = riscv::interrupts_enabled();
    riscv::interrupts_off();
    Cpu& c = this_cpu();
    if (c.interrupt_off_depth == 0) c.interrupts_were_on = was_on;
    c.interrupt_off_depth++;
}

void pop_off() {
    Cpu& c = this_cpu();
    if (riscv::interrupts_enabled()) panic("pop_off: interrupts are on");
    if (c.interrupt_off_depth < 1) panic("pop_off: not pushed");
    c.interrupt_off_depth--;
    if (c.interrupt_off_depth == 0 && c.interrupts_were_on) riscv::interrupts_on();
}

usize online_hart_count() {
    usize n = 0;
    for (const Cpu& c : cpus)
        if (c.online) n++;
    return n;
}
