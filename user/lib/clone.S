# __clone(fn, stack, flags, arg, parent_tid, tls, child_tid): start
# fn(arg) as a new task on `stack` (its top). The C callers are clone()
# (sched.c) and pthread_create (pthread_create.c). Returns, in the
# parent, the child's tid or -errno.
#
# Why assembly: the child starts with the parent's registers but on a
# new stack, so it cannot return into C code that expects the parent's
# stack frame. The parent therefore leaves fn, arg and flags on the new
# stack, where the child (whose sp the kernel set to that stack) picks
# them up. The stores happen before the ecall, so a child with a copied
# address space (no CLONE_VM) finds them too.
#
# When fn returns, a thread (CLONE_THREAD) ends itself with
# thread_exit; any other task ends its process with exit(fn's value).

#define SYSCALL(number, name, params) .equ SYS_##name, number;
#include <weft/syscalls.def>

    .equ CLONE_THREAD, 0x00010000

    .text
    .global __clone
    .type __clone, @function
__clone:
    # a0 fn, a1 stack, a2 flags, a3 arg, a4 parent_tid, a5 tls, a6 child_tid
    andi a1, a1, -16        # the ABI's 16-byte stack alignment
    addi a1, a1, -32        # the child's first frame: fn, arg, flags
    sd a0, 0(a1)
    sd a3, 8(a1)
    sd a2, 16(a1)

    mv a0, a2               # clone(flags, stack, parent_tid, tls, child_tid)
    mv a2, a4
    mv a3, a5
    mv a4, a6
    li a7, SYS_clone
    ecall
    beqz a0, 1f
    ret                     # the parent: tid or -errno

1:  # The child, on its new stack.
    ld t0, 0(sp)            # fn
    ld a0, 8(sp)            # arg
    ld s1, 16(sp)           # flags, in a register fn preserves
    mv fp, zero             # the outermost frame, for debuggers
    mv ra, zero
    jalr t0

    li t1, CLONE_THREAD
    and t1, s1, t1
    bnez t1, 2f
    li a7, SYS_exit         # a process: exit(fn's return value)
    ecall
2:  li a7, SYS_thread_exit  # a thread: end this thread only
    ecall
3:  j 3b                    # neither returns
    .size __clone, . - __clone
