# The raw system-call stubs, one per line of abi/weft/syscalls.def
# (docs/abi.md): __sys_<name> puts the call's number in a7 and traps;
# arguments are already in a0-a5, the result comes back in a0 (>= 0, or
# -errno). The POSIX wrappers (unistd.c, ...) turn -errno into errno.

#define SYSCALL(number, name, params)      \
    .global __sys_##name;                  \
    .type __sys_##name, @function;         \
    __sys_##name:                          \
    li a7, number;                         \
    ecall;                                 \
    ret;                                   \
    .size __sys_##name, . - __sys_##name;

    .text
#include <weft/syscalls.def>
