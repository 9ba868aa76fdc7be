# __weft_sigreturn: where every signal handler returns (the restorer).
#
# sigaction() (signal.c) installs each handler with SA_RESTORER and this
# address. To run a handler the kernel pushed a frame {siginfo_t,
# ucontext_t} below the interrupted thread's sp, set sp to that frame
# and ra to here (docs/abi.md, "Signals"). When the handler returns it
# has popped its own stack frame, so sp is at the signal frame again:
# the sigreturn system call finds the saved context there and restores
# every register and the signal mask from it. It does not return to
# this code; the thread resumes wherever the ucontext says.
#
# Nothing here may touch sp, and nothing here needs to: the ucontext
# holds all of the interrupted thread's registers.

#define SYSCALL(number, name, params) .equ SYS_##name, number;
#include <weft/syscalls.def>

    .text
    .global __weft_sigreturn
    .type __weft_sigreturn, @function
__weft_sigreturn:
    li a7, SYS_sigreturn
    ecall
    # Only a corrupt frame gets here (sigreturn failed): stop loudly
    # with an illegal instruction rather than run on in a broken state.
    unimp
    .size __weft_sigreturn, . - __weft_sigreturn
