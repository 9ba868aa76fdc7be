# Program entry (docs/abi.md, "Program start").
#
# The kernel starts us with a0 = argc, a1 = argv and sp pointing at argc
# (16-byte aligned). We set gp for linker relaxation of small data, then
# hand over to __weft_start (start.c), which sets up thread-local
# storage and runs exit(main(argc, argv)). It never returns.

    .section .text.entry
    .global _start
    .type _start, @function
_start:
    .option push
    .option norelax
    lla gp, __global_pointer$  # must not be relaxed against gp itself
    .option pop
    ld a0, 0(sp)               # argc, also read from the stack so an
    addi a1, sp, 8             # exec that sets only sp would work too
    mv fp, zero                # the outermost frame, for debuggers
    call __weft_start
1:  j 1b                       # unreachable
    .size _start, . - _start
