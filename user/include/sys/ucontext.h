/* The machine context a signal handler sees (<sys/ucontext.h>).
 *
 * When the kernel delivers a signal to a handler it saves every user
 * register of the interrupted thread in a ucontext_t on the thread's
 * stack and passes its address as the handler's third argument (with
 * SA_SIGINFO). When the handler returns, sigreturn restores the thread
 * from that same ucontext_t: a handler may change any register there,
 * the pc included, and the thread resumes with the changed values. The
 * layout is the kernel's (docs/abi.md, "Signals"). */
#ifndef _SYS_UCONTEXT_H
#define _SYS_UCONTEXT_H

#ifdef __cplusplus
extern "C" {
#endif

/* x[i] is register xi (x[0], the zero register, is unused): x[1] ra,
 * x[2] sp, x[8] s0/fp, x[10..17] a0..a7. f[i] is fi as 64 bits. */
struct weft_mcontext {
    unsigned long pc;
    unsigned long x[32];
    unsigned long f[32];
    unsigned long fcsr;
};
typedef struct weft_mcontext mcontext_t;

/* Register numbers for mcontext_t.x[] (the RISC-V ABI names). */
#define REG_RA 1
#define REG_SP 2
#define REG_GP 3
#define REG_TP 4
#define REG_S0 8
#define REG_A0 10

typedef struct ucontext {
    unsigned long uc_flags;
    unsigned long uc_sigmask; /* the signal mask to restore (a sigset_t) */
    mcontext_t uc_mcontext;
} ucontext_t;

#ifdef __cplusplus
}
#endif

#endif
