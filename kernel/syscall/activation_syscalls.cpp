// System calls for scheduler activations (docs/activations.md).
#include "arch/riscv/trapframe.h"
#include "proc/activation.h"
#include "proc/cpu.h"
#include "proc/thread.h"
#include "syscall/syscall.h"

Result<u64> sys_sa_register(const SyscallArgs& args) {
    TRY(activations::register_process(args.user<SaConfig>(0)));
    return 0;
}

Result<u64> sys_sa_setconcurrency(const SyscallArgs& args) {
    TRY(activations::set_concurrency(args.raw(0)));
    return 0;
}

Result<u64> sys_sa_yield(const SyscallArgs&) {
    TRY(activations::yield());
    // It returns as an upcall: the dispatcher writes the result to a0,
    // so hand back the upcall's a0 (the event array).
    return current_thread()->trapframe->a(0);
}
