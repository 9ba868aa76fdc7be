# __uthread_switch(from, to): the whole of a uthread context switch.
#
# Called like a function, so the caller-saved registers are already
# dead (the compiler saved whatever it needed): only ra, sp, s0-s11,
# fs0-fs11, tp and fcsr have to survive. We store them into *from, load
# *to's, and return -- into the thread that was saved in *to, at the
# point where IT called __uthread_switch (or, for a new thread, into
# its start function, whose address the library put in ra). No system
# call: the kernel never knows. Layout: struct uthread_context in
# uthread_internal.h.

    .text
    .global __uthread_switch
    .type __uthread_switch, @function
__uthread_switch:
    sd ra, 0(a0)
    sd sp, 8(a0)
    sd tp, 16(a0)
    sd s0, 24(a0)
    sd s1, 32(a0)
    sd s2, 40(a0)
    sd s3, 48(a0)
    sd s4, 56(a0)
    sd s5, 64(a0)
    sd s6, 72(a0)
    sd s7, 80(a0)
    sd s8, 88(a0)
    sd s9, 96(a0)
    sd s10, 104(a0)
    sd s11, 112(a0)
    fsd fs0, 120(a0)
    fsd fs1, 128(a0)
    fsd fs2, 136(a0)
    fsd fs3, 144(a0)
    fsd fs4, 152(a0)
    fsd fs5, 160(a0)
    fsd fs6, 168(a0)
    fsd fs7, 176(a0)
    fsd fs8, 184(a0)
    fsd fs9, 192(a0)
    fsd fs10, 200(a0)
    fsd fs11, 208(a0)
    frcsr t0
    sd t0, 216(a0)

    ld ra, 0(a1)
    ld sp, 8(a1)
    ld tp, 16(a1)
    ld s0, 24(a1)
    ld s1, 32(a1)
    ld s2, 40(a1)
    ld s3, 48(a1)
    ld s4, 56(a1)
    ld s5, 64(a1)
    ld s6, 72(a1)
    ld s7, 80(a1)
    ld s8, 88(a1)
    ld s9, 96(a1)
    ld s10, 104(a1)
    ld s11, 112(a1)
    fld fs0, 120(a1)
    fld fs1, 128(a1)
    fld fs2, 136(a1)
    fld fs3, 144(a1)
    fld fs4, 152(a1)
    fld fs5, 160(a1)
    fld fs6, 168(a1)
    fld fs7, 176(a1)
    fld fs8, 184(a1)
    fld fs9, 192(a1)
    fld fs10, 200(a1)
    fld fs11, 208(a1)
    ld t0, 216(a1)
    fscsr t0
    ret
    .size __uthread_switch, . - __uthread_switch
