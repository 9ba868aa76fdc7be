/* Signals (<signal.h>): signal sets, actions, masks, sending, waiting.
 *
 * Most of this is a thin layer over the kernel's system calls
 * (sigaction, sigprocmask, sigsuspend, sigpending, tgkill, alarm; the
 * numbers and structures are in docs/abi.md). The one real translation
 * is in sigaction(): the kernel's struct k_sigaction has a `restorer`,
 * the address a handler returns to, which must make the sigreturn
 * system call. The library always supplies its own, __weft_sigreturn
 * (sigreturn.S), with SA_RESTORER, so a program never sees it.
 *
 * Masks belong to threads: sigprocmask and pthread_sigmask both change
 * the calling thread's mask (in a single-threaded process that is the
 * process's mask, which is what POSIX means by sigprocmask).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "thread_hooks.h"

/* The kernel's view of an action (docs/abi.md). */
struct k_sigaction {
    unsigned long handler;
    unsigned long flags;
    unsigned long restorer;
    unsigned long mask;
};

/* sigreturn.S: the restorer of every handler. */
extern void __weft_sigreturn(void);

_Static_assert(sizeof(siginfo_t) == 32, "siginfo_t is the kernel's");
_Static_assert(sizeof(ucontext_t) == 16 + 8 * (1 + 32 + 32 + 1), "ucontext_t is the kernel's");

/* ---------------------------------------------------------------- sets */

static int valid(int sig) {
    return sig >= 1 && sig < NSIG;
}
static sigset_t bit(int sig) {
    return 1UL << (sig - 1);
}

int sigemptyset(sigset_t* set) {
    *set = 0;
    return 0;
}

int sigfillset(sigset_t* set) {
    *set = bit(NSIG) - 1; /* every valid signal */
    return 0;
}

int sigaddset(sigset_t* set, int sig) {
    if (!valid(sig)) {
        errno = EINVAL;
        return -1;
    }
    *set |= bit(sig);
    return 0;
}

int sigdelset(sigset_t* set, int sig) {
    if (!valid(sig)) {
        errno = EINVAL;
        return -1;
    }
    *set &= ~bit(sig);
    return 0;
}

int sigismember(const sigset_t* set, int sig) {
    if (!valid(sig)) {
        errno = EINVAL;
        return -1;
    }
    return (*set & bit(sig)) != 0;
}

/* ---------------------------------------------------------------- actions */

int sigaction(int sig, const struct sigaction* act, struct sigaction* old) {
    struct k_sigaction kact, kold;
    if (act) {
        kact.handler = (unsigned long)act->sa_handler; /* same bits as sa_sigaction */
        kact.flags = (unsigned long)(unsigned int)act->sa_flags | SA_RESTORER;
        kact.restorer = (unsigned long)&__weft_sigreturn;
        kact.mask = act->sa_mask;
    }
    long r = __sys_sigaction(sig, act ? &kact : NULL, old ? &kold : NULL);
    if (r < 0) return (int)__syscall_ret(r);
    if (old) {
        memset(old, 0, sizeof *old);
        old->sa_handler = (void (*)(int))kold.handler;
        old->sa_flags = (int)(kold.flags & ~(unsigned long)SA_RESTORER);
        old->sa_mask = kold.mask;
    }
    return 0;
}

sighandler_t signal(int sig, sighandler_t handler) {
    struct sigaction act, old;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    act.sa_flags = SA_RESTART;
    if (sigaction(sig, &act, &old) < 0) return SIG_ERR;
    return old.sa_handler;
}

int siginterrupt(int sig, int flag) {
    struct sigaction act;
    if (sigaction(sig, NULL, &act) < 0) return -1;
    if (flag)
        act.sa_flags &= ~SA_RESTART;
    else
        act.sa_flags |= SA_RESTART;
    return sigaction(sig, &act, NULL);
}

/* ---------------------------------------------------------------- masks */

int pthread_sigmask(int how, const sigset_t* set, sigset_t* old) {
    /* No set: only read the mask. Asked as "block nothing", so the
     * kernel always gets a valid pointer and how is not checked. */
    sigset_t none = 0;
    if (set == NULL) how = SIG_BLOCK;
    long r = __sys_sigprocmask(how, set ? set : &none, old);
    return r < 0 ? (int)-r : 0;
}

int sigprocmask(int how, const sigset_t* set, sigset_t* old) {
    int err = pthread_sigmask(how, set, old);
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

int sigpending(sigset_t* set) {
    return (int)__syscall_ret(__sys_sigpending(set));
}

/* sigsuspend and pause are cancellation points (thread_hooks.h). */
int sigsuspend(const sigset_t* mask) {
    __cancel_point();
    return (int)__syscall_ret(__cancel_point_result(__sys_sigsuspend(mask)));
}

int pause(void) {
    sigset_t now;
    if (sigprocmask(SIG_BLOCK, NULL, &now) < 0) return -1;
    return sigsuspend(&now);
}

/* ---------------------------------------------------------------- sending */

int tgkill(pid_t tgid, pid_t tid, int sig) {
    return (int)__syscall_ret(__sys_tgkill(tgid, tid, sig));
}

int raise(int sig) {
    return tgkill(getpid(), (pid_t)__sys_gettid(), sig);
}

int killpg(pid_t pgrp, int sig) {
    if (pgrp <= 1) { /* kill(-1) or kill(0) would mean something else */
        errno = EINVAL;
        return -1;
    }
    return kill(-pgrp, sig);
}

/* Never fails (POSIX): the seconds left of the previous alarm, 0 if none. */
unsigned int alarm(unsigned int seconds) {
    long r = __sys_alarm(seconds);
    return r < 0 ? 0 : (unsigned int)r;
}

void psignal(int sig, const char* msg) {
    if (msg && *msg)
        fprintf(stderr, "%s: %s\n", msg, strsignal(sig));
    else
        fprintf(stderr, "%s\n", strsignal(sig));
}
