# The trampoline: the code that switches between user and kernel mode.
# It is mapped at TRAMPOLINE (the top page) in the kernel's table and in
# every user table, so it keeps running while satp changes under it.
# Assembled for rv64gc: it saves and restores the user's floating-point
# registers, which the kernel itself never uses (it is built without F/D).
#
# uservec: stvec while in user mode. sscratch holds the trapping thread's
#   trapframe address (user VA); all user registers go there, then the
#   kernel's satp, stack and hart id are loaded and user_trap() is called.
# userret(trapframe, user_satp): the way back; called by user_return().
#
# TrapFrame offsets: see trapframe.h (x[i] at 40+8i, f[i] at 296+8i).

.section trampsec, "ax"
.globl uservec
.align 4
uservec:
        csrrw a0, sscratch, a0      # a0 = trapframe, sscratch = user a0
        sd x1, 48(a0)
        sd x2, 56(a0)
        sd x3, 64(a0)
        sd x4, 72(a0)
        sd x5, 80(a0)
        sd x6, 88(a0)
        sd x7, 96(a0)
        sd x8, 104(a0)
        sd x9, 112(a0)
        sd x11, 128(a0)
        sd x12, 136(a0)
        sd x13, 144(a0)
        sd x14, 152(a0)
        sd x15, 160(a0)
        sd x16, 168(a0)
        sd x17, 176(a0)
        sd x18, 184(a0)
        sd x19, 192(a0)
        sd x20, 200(a0)
        sd x21, 208(a0)
        sd x22, 216(a0)
        sd x23, 224(a0)
        sd x24, 232(a0)
        sd x25, 240(a0)
        sd x26, 248(a0)
        sd x27, 256(a0)
        sd x28, 264(a0)
        sd x29, 272(a0)
        sd x30, 280(a0)
        sd x31, 288(a0)
        csrr t0, sscratch
        sd t0, 120(a0)              # user a0 is x10
        fsd f0, 296(a0)
        fsd f1, 304(a0)
        fsd f2, 312(a0)
        fsd f3, 320(a0)
        fsd f4, 328(a0)
        fsd f5, 336(a0)
        fsd f6, 344(a0)
        fsd f7, 352(a0)
        fsd f8, 360(a0)
        fsd f9, 368(a0)
        fsd f10, 376(a0)
        fsd f11, 384(a0)
        fsd f12, 392(a0)
        fsd f13, 400(a0)
        fsd f14, 408(a0)
        fsd f15, 416(a0)
        fsd f16, 424(a0)
        fsd f17, 432(a0)
        fsd f18, 440(a0)
        fsd f19, 448(a0)
        fsd f20, 456(a0)
        fsd f21, 464(a0)
        fsd f22, 472(a0)
        fsd f23, 480(a0)
        fsd f24, 488(a0)
        fsd f25, 496(a0)
        fsd f26, 504(a0)
        fsd f27, 512(a0)
        fsd f28, 520(a0)
        fsd f29, 528(a0)
        fsd f30, 536(a0)
        fsd f31, 544(a0)
        frcsr t0
        sd t0, 552(a0)

        ld sp, 8(a0)                # kernel_sp
        ld tp, 32(a0)               # kernel_hartid
        ld t0, 16(a0)               # kernel_trap = user_trap
        ld t1, 0(a0)                # kernel_satp
        sfence.vma zero, zero       # user memory accesses are done
        csrw satp, t1
        sfence.vma zero, zero       # drop user translations
        jr t0                       # user_trap() does not return here

.globl userret
userret:
        # a0: this thread's trapframe (user VA), a1: user satp
        sfence.vma zero, zero
        csrw satp, a1
        sfence.vma zero, zero
        csrw sscratch, a0           # where uservec will save the next trap
        ld t0, 552(a0)
        fscsr t0
        fld f0, 296(a0)
        fld f1, 304(a0)
        fld f2, 312(a0)
        fld f3, 320(a0)
        fld f4, 328(a0)
        fld f5, 336(a0)
        fld f6, 344(a0)
        fld f7, 352(a0)
        fld f8, 360(a0)
        fld f9, 368(a0)
        fld f10, 376(a0)
        fld f11, 384(a0)
        fld f12, 392(a0)
        fld f13, 400(a0)
        fld f14, 408(a0)
        fld f15, 416(a0)
        fld f16, 424(a0)
        fld f17, 432(a0)
        fld f18, 440(a0)
        fld f19, 448(a0)
        fld f20, 456(a0)
        fld f21, 464(a0)
        fld f22, 472(a0)
        fld f23, 480(a0)
        fld f24, 488(a0)
        fld f25, 496(a0)
        fld f26, 504(a0)
        fld f27, 512(a0)
        fld f28, 520(a0)
        fld f29, 528(a0)
        fld f30, 536(a0)
        fld f31, 544(a0)
        ld x1, 48(a0)
        ld x2, 56(a0)
        ld x3, 64(a0)
        ld x4, 72(a0)
        ld x5, 80(a0)
        ld x6, 88(a0)
        ld x7, 96(a0)
        ld x8, 104(a0)
        ld x9, 112(a0)
        ld x11, 128(a0)
        ld x12, 136(a0)
        ld x13, 144(a0)
        ld x14, 152(a0)
        ld x15, 160(a0)
        ld x16, 168(a0)
        ld x17, 176(a0)
        ld x18, 184(a0)
        ld x19, 192(a0)
        ld x20, 200(a0)
        ld x21, 208(a0)
        ld x22, 216(a0)
        ld x23, 224(a0)
        ld x24, 232(a0)
        ld x25, 240(a0)
        ld x26, 248(a0)
        ld x27, 256(a0)
        ld x28, 264(a0)
        ld x29, 272(a0)
        ld x30, 280(a0)
        ld x31, 288(a0)
        ld a0, 120(a0)              # user a0 last: a0 was the base
        sret
