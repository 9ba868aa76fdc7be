// The C side of traps from user mode, and the way back.
//
// user_trap(): uservec (trampoline.S) saved the user registers in the
// thread's trapframe and switched to the kernel page table and stack.
// A system call, a device interrupt, or a fault (which kills the
// process with the matching signal). Then back out through
// return_to_user(), unless the thread exits on the way.
#include "arch/riscv/memlayout.h"
#include "arch/riscv/riscv.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/tlb.h"
#include "proc/activation.h"
#include "proc/cpu.h"
#include "proc/lifecycle.h"
#include "proc/scheduler.h"
#include "proc/signal.h"
#include "syscall/syscall.h"
#include "trap/dispatch.h"

extern "C" char trampoline[], uservec[], userret[];
extern "C" void kernelvec();

namespace {

int signal_for_exception(u64 scause) {
    switch (scause) {
    case riscv::EXC_ILLEGAL_INSTRUCTION:
        return sig::SIGILL;
    case riscv::EXC_BREAKPOINT:
        return sig::SIGTRAP;
    case riscv::EXC_INSTRUCTION_MISALIGNED:
    case riscv::EXC_LOAD_MISALIGNED:
    case riscv::EXC_STORE_MISALIGNED:
        return sig::SIGBUS;
    default:
        return sig::SIGSEGV; // access and page faults
    }
}

// Resolve a page fault through the address space (see handle_page_fault):
// ok to retry the instruction, EFAULT for a bad access (or not a page
// fault at all), ENOMEM when memory ran out.
Result<void> resolve_page_fault(Thread* t, u64 scause) {
    using Access = AddressSpace::Access;
    Access access;
    if (scause == riscv::EXC_LOAD_PAGE_FAULT)
        access = Access::Read;
    else if (scause == riscv::EXC_STORE_PAGE_FAULT)
        access = Access::Write;
    else if (scause == riscv::EXC_INSTRUCTION_PAGE_FAULT)
        access = Access::Execute;
    else
        return Errno::EFAULT;
    Process* p = t->process;
    return p->address_space->handle_page_fault(csr_read(stval), access, p->limits.stack.cur);
}

// Address of a trampoline symbol as mapped at TRAMPOLINE.
u64 trampoline_address(const char* symbol) {
    return memlayout::TRAMPOLINE +
           (reinterpret_cast<u64>(symbol) - reinterpret_cast<u64>(trampoline));
}

} // namespace

extern "C" void user_trap() {
    if (csr_read(sstatus) & riscv::SSTATUS_SPP) panic("user_trap: not from user mode");
    tlb::left_user(); // uservec flushed this hart's user translations
    // Traps from now on are kernel traps.
    csr_write(stvec, reinterpret_cast<u64>(&kernelvec));

    Thread* t = current_thread();
    t->trapframe->epc = csr_read(sepc);
    u64 scause = csr_read(scause);

    auto kind = trap::Interrupt::None;
    if (scause == riscv::EXC_ECALL_USER) {
        lifecycle::exit_if_killed();
        t->trapframe->skip_ecall(); // return after it
        t->syscall_first_arg = t->trapframe->a(0);
        t->syscall_restartable = true;
        riscv::interrupts_on(); // system calls may take a while
        syscall::dispatch();
        // A signal may want it restarted (deliver_pending decides).
        t->syscall_interrupted =
            t->trapframe->a(0) == static_cast<u64>(-static_cast<i64>(Errno::EINTR));
    } else if ((kind = trap::handle_device_interrupt(scause)) != trap::Interrupt::None) {
        if (kind == trap::Interrupt::Timer) t->user_ticks++;
    } else if (auto fault = resolve_page_fault(t, scause); !fault.is_error()) {
        // Stack growth, copy-on-write or a lazy page: retry the instruction.
    } else if (fault.error() == Errno::ENOMEM) {
        // Out of memory (docs/memory.md): not the program's fault, so not
        // SIGSEGV. SIGKILL, which no handler can catch: a handler would
        // need memory too.
        Process* p = t->process;
        printk("weft: out of memory: killed process %d (%s)\n", p->pid, p->name);
        signals::send_to_process(p, sig::SIGKILL, 0);
    } else {
        Process* p = t->process;
        int sig = signal_for_exception(scause);
        u64 address = csr_read(stval);
        if (p->signal_handlers->get(sig).handler <= sig::HANDLER_IGNORE)
            printk("weft: pid %d (%s) tid %d: %s at pc %p, address %p: killed by signal %d\n",
                   p->pid, p->name, t->tid, riscv::scause_name(scause),
                   reinterpret_cast<void*>(t->trapframe->epc), reinterpret_cast<void*>(address),
                   sig);
        signals::fault(sig, address); // returns only if a handler will run
    }

    lifecycle::exit_if_killed();
    bool preempted = kind == trap::Interrupt::Timer && scheduler::preempt_tick();
    activations::before_user_return(t, preempted ? activations::Preempted::Yes
                                                 : activations::Preempted::No);
    signals::deliver_pending();
    lifecycle::return_to_user();
}

namespace lifecycle {

void return_to_user() {
    Thread* t = current_thread();
    Process* p = t->process;

    // From here until sret a trap would land in uservec with kernel
    // registers: keep interrupts off.
    riscv::interrupts_off();
    csr_write(stvec, trampoline_address(uservec));

    TrapFrame& tf = *t->trapframe;
    tf.kernel_satp = csr_read(satp);
    tf.kernel_sp = t->kernel_stack_top();
    tf.kernel_trap = reinterpret_cast<u64>(&user_trap);
    tf.kernel_hartid = riscv::hart_id();

    // sret: to user mode, interrupts on, at the saved pc.
    u64 sstatus = csr_read(sstatus);
    sstatus &= ~riscv::SSTATUS_SPP;
    sstatus |= riscv::SSTATUS_SPIE;
    csr_write(sstatus, sstatus);
    csr_write(sepc, tf.epc);

    u64 satp = p->address_space->satp();
    tlb::entering_user(p->address_space.get()); // userret flushes after this
    auto userret_fn = reinterpret_cast<void (*)(u64, u64)>(trampoline_address(userret));
    userret_fn(t->trapframe_user_va, satp);
    __builtin_unreachable();
}

} // namespace lifecycle
