# The sa library's assembly: the upcall entry point, the switch from a
# user thread into the scheduler, and the resume stub -- the code range
# [__sa_resume_start, __sa_resume_end) registered with the kernel, where
# the kernel treats the VP as disabled (docs/activations.md; the rules
# are in sa_internal.h).
#
# Offsets (pinned by static asserts in sa_sched.c):
#   struct sa_context: pc 0, x[i] 8+8i, f[i] 264+8i, fcsr 520
#   struct sa_thread:  ctx 0, vp 528
#   struct sa_vp:      shared 0, sched_sp 8, tls 16, masked 24

#define SYSCALL(number, name, params) .equ SYS_##name, number;
#include <weft/syscalls.def>

    .equ CTX_PC, 0
    .equ CTX_X, 8
    .equ CTX_F, 264
    .equ CTX_FCSR, 520
    .equ T_VP, 528
    .equ VP_SHARED, 0
    .equ VP_SCHED_SP, 8
    .equ VP_TLS, 16
    .equ VP_MASKED, 24

    .text

# ---------------------------------------------------------------- upcall entry
# void __sa_upcall_entry(struct sa_event* ev, int count, int vp)
# The kernel set `disabled`, put the events at the top of the VP's
# upcall stack and sp just below them; every other register is zero but
# gp and tp. We leave the upcall stack at once -- the events stay where
# they are, nobody overwrites them while `disabled` is set -- and run
# the C handler on the VP's scheduler stack with the VP's own tp, so
# that nothing the library does lands in a user thread's TLS.
    .global __sa_upcall_entry
    .type __sa_upcall_entry, @function
__sa_upcall_entry:
    .option push
    .option norelax
    lla gp, __global_pointer$
    .option pop
    li t0, 8
    bgeu a2, t0, 1f               # a VP number we never registered
    lla t0, __sa_vp_table
    slli t1, a2, 3
    add t0, t0, t1
    ld a3, 0(t0)                  # a3 = struct sa_vp*
    beqz a3, 1f
    ld sp, VP_SCHED_SP(a3)
    ld tp, VP_TLS(a3)
    mv fp, zero                   # the outermost frame, for debuggers
    call __sa_upcall              # (events, count, vpn, vp): never returns
1:  unimp
    .size __sa_upcall_entry, . - __sa_upcall_entry

# ---------------------------------------------------------------- into the scheduler
# void __sa_switch(struct sa_context* ctx, struct sa_vp* vp)
# Called by a user thread that has set `disabled` and holds sched_lock.
# Saves every register (pc = label 2 below, so a resume comes back here
# and returns to our caller), then runs __sa_scheduler(vp) on the VP's
# stack. Outside the resume range: `disabled` already keeps upcalls out.
    .global __sa_switch
    .type __sa_switch, @function
__sa_switch:
    sd x1, CTX_X+1*8(a0)
    sd x2, CTX_X+2*8(a0)
    sd x3, CTX_X+3*8(a0)
    sd x4, CTX_X+4*8(a0)
    sd x5, CTX_X+5*8(a0)
    sd x6, CTX_X+6*8(a0)
    sd x7, CTX_X+7*8(a0)
    sd x8, CTX_X+8*8(a0)
    sd x9, CTX_X+9*8(a0)
    sd x10, CTX_X+10*8(a0)
    sd x11, CTX_X+11*8(a0)
    sd x12, CTX_X+12*8(a0)
    sd x13, CTX_X+13*8(a0)
    sd x14, CTX_X+14*8(a0)
    sd x15, CTX_X+15*8(a0)
    sd x16, CTX_X+16*8(a0)
    sd x17, CTX_X+17*8(a0)
    sd x18, CTX_X+18*8(a0)
    sd x19, CTX_X+19*8(a0)
    sd x20, CTX_X+20*8(a0)
    sd x21, CTX_X+21*8(a0)
    sd x22, CTX_X+22*8(a0)
    sd x23, CTX_X+23*8(a0)
    sd x24, CTX_X+24*8(a0)
    sd x25, CTX_X+25*8(a0)
    sd x26, CTX_X+26*8(a0)
    sd x27, CTX_X+27*8(a0)
    sd x28, CTX_X+28*8(a0)
    sd x29, CTX_X+29*8(a0)
    sd x30, CTX_X+30*8(a0)
    sd x31, CTX_X+31*8(a0)
    fsd f0, CTX_F+0*8(a0)
    fsd f1, CTX_F+1*8(a0)
    fsd f2, CTX_F+2*8(a0)
    fsd f3, CTX_F+3*8(a0)
    fsd f4, CTX_F+4*8(a0)
    fsd f5, CTX_F+5*8(a0)
    fsd f6, CTX_F+6*8(a0)
    fsd f7, CTX_F+7*8(a0)
    fsd f8, CTX_F+8*8(a0)
    fsd f9, CTX_F+9*8(a0)
    fsd f10, CTX_F+10*8(a0)
    fsd f11, CTX_F+11*8(a0)
    fsd f12, CTX_F+12*8(a0)
    fsd f13, CTX_F+13*8(a0)
    fsd f14, CTX_F+14*8(a0)
    fsd f15, CTX_F+15*8(a0)
    fsd f16, CTX_F+16*8(a0)
    fsd f17, CTX_F+17*8(a0)
    fsd f18, CTX_F+18*8(a0)
    fsd f19, CTX_F+19*8(a0)
    fsd f20, CTX_F+20*8(a0)
    fsd f21, CTX_F+21*8(a0)
    fsd f22, CTX_F+22*8(a0)
    fsd f23, CTX_F+23*8(a0)
    fsd f24, CTX_F+24*8(a0)
    fsd f25, CTX_F+25*8(a0)
    fsd f26, CTX_F+26*8(a0)
    fsd f27, CTX_F+27*8(a0)
    fsd f28, CTX_F+28*8(a0)
    fsd f29, CTX_F+29*8(a0)
    fsd f30, CTX_F+30*8(a0)
    fsd f31, CTX_F+31*8(a0)
    frcsr t0
    sd t0, CTX_FCSR(a0)
    lla t0, 2f
    sd t0, CTX_PC(a0)
    ld sp, VP_SCHED_SP(a1)
    ld tp, VP_TLS(a1)
    mv fp, zero
    mv a0, a1
    call __sa_scheduler           # never returns; the thread comes back at 2
2:  ret
    .size __sa_switch, . - __sa_switch

# ================================================================ the resume range
# Everything from here to __sa_resume_end is registered as the resume
# stub: an activation stopped with its pc in here is resumed as it was,
# with no upcall, exactly as if `disabled` were set.
    .global __sa_resume_start
__sa_resume_start:

# struct sa_vp* __sa_disable(struct sa_thread* self)
# A user thread enters library mode. It must set `disabled` on the VP it
# is running on *now*: if it were preempted between reading self->vp and
# the store, it could be resumed on another VP and disable the wrong
# one. In here it cannot be moved.
    .global __sa_disable
    .type __sa_disable, @function
__sa_disable:
    ld a0, T_VP(a0)
    ld t0, VP_SHARED(a0)
    li t1, 1
    sw t1, 0(t0)                  # shared->disabled = 1: no upcall from here on
    sw t1, VP_MASKED(a0)
    ret
    .size __sa_disable, . - __sa_disable

# void __sa_resume_fast(struct sa_context* ctx, struct sa_vp* vp)
# For contexts saved by __sa_switch (a function call: t0 is dead there).
    .global __sa_resume_fast
    .type __sa_resume_fast, @function
__sa_resume_fast:
    sw zero, VP_MASKED(a1)
    ld t1, VP_SHARED(a1)
    fence rw, w                   # our stores (the queues) before the flag
    sw zero, 0(t1)                # disabled = 0: only the range protects us now
    ld t1, CTX_FCSR(a0)
    fscsr t1
    fld f0, CTX_F+0*8(a0)
    fld f1, CTX_F+1*8(a0)
    fld f2, CTX_F+2*8(a0)
    fld f3, CTX_F+3*8(a0)
    fld f4, CTX_F+4*8(a0)
    fld f5, CTX_F+5*8(a0)
    fld f6, CTX_F+6*8(a0)
    fld f7, CTX_F+7*8(a0)
    fld f8, CTX_F+8*8(a0)
    fld f9, CTX_F+9*8(a0)
    fld f10, CTX_F+10*8(a0)
    fld f11, CTX_F+11*8(a0)
    fld f12, CTX_F+12*8(a0)
    fld f13, CTX_F+13*8(a0)
    fld f14, CTX_F+14*8(a0)
    fld f15, CTX_F+15*8(a0)
    fld f16, CTX_F+16*8(a0)
    fld f17, CTX_F+17*8(a0)
    fld f18, CTX_F+18*8(a0)
    fld f19, CTX_F+19*8(a0)
    fld f20, CTX_F+20*8(a0)
    fld f21, CTX_F+21*8(a0)
    fld f22, CTX_F+22*8(a0)
    fld f23, CTX_F+23*8(a0)
    fld f24, CTX_F+24*8(a0)
    fld f25, CTX_F+25*8(a0)
    fld f26, CTX_F+26*8(a0)
    fld f27, CTX_F+27*8(a0)
    fld f28, CTX_F+28*8(a0)
    fld f29, CTX_F+29*8(a0)
    fld f30, CTX_F+30*8(a0)
    fld f31, CTX_F+31*8(a0)
    ld x1, CTX_X+1*8(a0)
    ld x2, CTX_X+2*8(a0)
    ld x3, CTX_X+3*8(a0)
    ld x4, CTX_X+4*8(a0)
    ld x6, CTX_X+6*8(a0)
    ld x7, CTX_X+7*8(a0)
    ld x8, CTX_X+8*8(a0)
    ld x9, CTX_X+9*8(a0)
    ld x11, CTX_X+11*8(a0)
    ld x12, CTX_X+12*8(a0)
    ld x13, CTX_X+13*8(a0)
    ld x14, CTX_X+14*8(a0)
    ld x15, CTX_X+15*8(a0)
    ld x16, CTX_X+16*8(a0)
    ld x17, CTX_X+17*8(a0)
    ld x18, CTX_X+18*8(a0)
    ld x19, CTX_X+19*8(a0)
    ld x20, CTX_X+20*8(a0)
    ld x21, CTX_X+21*8(a0)
    ld x22, CTX_X+22*8(a0)
    ld x23, CTX_X+23*8(a0)
    ld x24, CTX_X+24*8(a0)
    ld x25, CTX_X+25*8(a0)
    ld x26, CTX_X+26*8(a0)
    ld x27, CTX_X+27*8(a0)
    ld x28, CTX_X+28*8(a0)
    ld x29, CTX_X+29*8(a0)
    ld x30, CTX_X+30*8(a0)
    ld x31, CTX_X+31*8(a0)
    ld t0, CTX_PC(a0)
    ld a0, CTX_X+10*8(a0)         # the base register goes last
    jr t0                         # the last instruction of the range
    .size __sa_resume_fast, . - __sa_resume_fast

# void __sa_resume_full(void* frame, struct sa_vp* vp)
# For contexts the kernel made (SA_UNBLOCKED, SA_PREEMPTED): the thread
# was stopped at an arbitrary instruction, so every register is live and
# there is none left to jump through -- RISC-V has no jump through
# memory. The kernel loads them for us: frame is a signal frame
# ({siginfo_t, ucontext_t}, docs/abi.md) built below the thread's sp,
# and sigreturn restores every register, the pc and the signal mask
# from it. `disabled` is cleared here, inside the range; the kernel's
# next check sees the thread's own pc, outside it.
    .global __sa_resume_full
    .type __sa_resume_full, @function
__sa_resume_full:
    sw zero, VP_MASKED(a1)
    ld t1, VP_SHARED(a1)
    mv sp, a0
    fence rw, w
    sw zero, 0(t1)                # disabled = 0
    li a7, SYS_sigreturn
    ecall                         # does not return here
    unimp
    .size __sa_resume_full, . - __sa_resume_full

    .global __sa_resume_end
__sa_resume_end:
