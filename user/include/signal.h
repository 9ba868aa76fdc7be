/* Signals (<signal.h>), with Linux's numbers, flags and meanings
 * (docs/signals.md; the kernel's side of the contract: docs/abi.md).
 *
 * A signal is a small asynchronous message to a process or to one of
 * its threads. Each signal has an action shared by all the process's
 * threads (default, ignore, or a handler function) and each thread has
 * its own mask of blocked signals. A signal sent to a process goes to
 * one of its threads that does not block it; raise/pthread_kill/tgkill
 * name one thread. SIGKILL and SIGSTOP can be neither caught, nor
 * ignored, nor blocked.
 *
 * Functions return 0 or -1 with errno, as POSIX says, except
 * pthread_sigmask and pthread_kill, which return an error number. */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include <sys/ucontext.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- numbers */
#define SIGHUP 1     /* terminate */
#define SIGINT 2     /* terminate (^C at the console) */
#define SIGQUIT 3    /* terminate (Linux: core) */
#define SIGILL 4     /* terminate: illegal instruction */
#define SIGTRAP 5    /* terminate: breakpoint */
#define SIGABRT 6    /* terminate: abort() */
#define SIGBUS 7     /* terminate: misaligned access */
#define SIGFPE 8     /* terminate */
#define SIGKILL 9    /* terminate; cannot be caught, ignored or blocked */
#define SIGUSR1 10   /* terminate; for programs to use */
#define SIGSEGV 11   /* terminate: bad memory access */
#define SIGUSR2 12   /* terminate; for programs to use */
#define SIGPIPE 13   /* terminate: write to a pipe nobody reads */
#define SIGALRM 14   /* terminate: alarm() expired */
#define SIGTERM 15   /* terminate: kill's default */
#define SIGSTKFLT 16 /* terminate */
#define SIGCHLD 17   /* ignore: a child exited (or stopped) */
#define SIGCONT 18   /* continue a stopped process */
#define SIGSTOP 19   /* stop; cannot be caught, ignored or blocked */
#define SIGTSTP 20   /* stop */
#define SIGTTIN 21   /* stop */
#define SIGTTOU 22   /* stop */
#define SIGURG 23    /* ignore */
#define SIGXCPU 24   /* terminate */
#define SIGXFSZ 25   /* terminate */
#define SIGVTALRM 26 /* terminate */
#define SIGPROF 27   /* terminate */
#define SIGWINCH 28  /* ignore */
#define SIGIO 29     /* terminate */
#define SIGPWR 30    /* terminate */
#define SIGSYS 31    /* terminate */
#define SIGIOT SIGABRT
#define SIGPOLL SIGIO
/* Numbers 32..63 are valid too (no names; default action: terminate),
 * as Linux's real-time signals are, but they are not queued. */
#define NSIG 64 /* one more than the largest signal number */
#define _NSIG NSIG

/* ---------------------------------------------------------------- sets */
/* Bit sig-1 stands for signal sig (the kernel's 64-bit mask). */
typedef unsigned long sigset_t;

int sigemptyset(sigset_t* set);
int sigfillset(sigset_t* set);
int sigaddset(sigset_t* set, int sig);         /* EINVAL for a bad number */
int sigdelset(sigset_t* set, int sig);         /* EINVAL for a bad number */
int sigismember(const sigset_t* set, int sig); /* 1, 0, or -1 with EINVAL */

/* ---------------------------------------------------------------- actions */
typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)  /* the default action */
#define SIG_IGN ((sighandler_t)1)  /* ignore it */
#define SIG_ERR ((sighandler_t)-1) /* signal()'s failure */

/* What a handler with SA_SIGINFO learns about the signal (32 bytes). */
typedef struct {
    int si_signo; /* the signal */
    int si_errno;
    int si_code;   /* SI_USER, SI_TKILL, SI_KERNEL, SEGV_*, CLD_*, ... */
    int si_pid;    /* the sender (kill, tgkill; the child for SIGCHLD) */
    int si_uid;    /* the sender's user id */
    int si_status; /* SIGCHLD: the child's exit code or signal */
    void* si_addr; /* SIGSEGV, SIGBUS, SIGILL: the faulting address */
} siginfo_t;

/* si_code values (Linux's). Weft's kernel may leave si_code 0. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define ILL_ILLOPC 1
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

struct sigaction {
    union {
        void (*sa_handler)(int);                      /* SIG_DFL, SIG_IGN, or f(sig) */
        void (*sa_sigaction)(int, siginfo_t*, void*); /* with SA_SIGINFO */
    };
    sigset_t sa_mask;          /* also blocked while the handler runs */
    int sa_flags;              /* SA_* */
    void (*sa_restorer)(void); /* ignored: the library supplies its own */
};

/* sa_flags, Linux's values. */
#define SA_NOCLDSTOP 0x00000001 /* accepted, ignored by Weft's kernel */
#define SA_NOCLDWAIT 0x00000002 /* accepted, ignored by Weft's kernel */
#define SA_SIGINFO 0x00000004   /* call sa_sigaction(sig, info, ucontext) */
#define SA_RESTORER 0x04000000  /* the library's: where the handler returns */
#define SA_ONSTACK 0x08000000   /* accepted, ignored: no sigaltstack */
#define SA_RESTART 0x10000000   /* restart a system call the handler interrupted */
#define SA_NODEFER 0x40000000   /* do not block the signal in its own handler */
#define SA_RESETHAND 0x80000000 /* back to SIG_DFL once delivered */
#define SA_NOMASK SA_NODEFER
#define SA_ONESHOT SA_RESETHAND

/* Set (act) and/or read (old) the action for sig. EINVAL for a bad
 * number, or for catching or ignoring SIGKILL or SIGSTOP. */
int sigaction(int sig, const struct sigaction* act, struct sigaction* old);
/* The old handler, or SIG_ERR. The handler gets SA_RESTART (as on BSD
 * and glibc): an interrupted read simply goes on. */
sighandler_t signal(int sig, sighandler_t handler);
/* flag != 0: sig interrupts system calls (no SA_RESTART); 0: restarts them. */
int siginterrupt(int sig, int flag);

/* ---------------------------------------------------------------- masks */
#define SIG_BLOCK 0   /* mask |= set */
#define SIG_UNBLOCK 1 /* mask &= ~set */
#define SIG_SETMASK 2 /* mask = set */

/* The calling thread's mask: change it by how (if set is not NULL),
 * return the old one in *old (if not NULL). SIGKILL and SIGSTOP are
 * silently left out. */
int sigprocmask(int how, const sigset_t* set, sigset_t* old);
int pthread_sigmask(int how, const sigset_t* set, sigset_t* old); /* 0 or an error number */
/* The signals sent to the caller (or its process) but blocked. */
int sigpending(sigset_t* set);
/* Replace the mask by *mask and sleep until a handler has run; then
 * restore the mask. Always -1 with errno EINTR. */
int sigsuspend(const sigset_t* mask);

/* ---------------------------------------------------------------- sending */
/* pid > 0: that process; 0: the caller's process group; -1: every
 * process but init and the caller; < -1: the process group -pid.
 * sig 0 only checks that the target exists. */
int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig); /* kill(-pgrp, sig) */
/* A signal to the calling thread (it is delivered before raise returns,
 * unless blocked). */
int raise(int sig);
/* A signal to exactly thread tid of process tgid. */
int tgkill(pid_t tgid, pid_t tid, int sig);
/* A signal to one thread of this process (a pthread_t, <pthread.h>);
 * 0 or an error number (ESRCH: it has ended; EINVAL). */
struct __pthread;
int pthread_kill(struct __pthread* thread, int sig);

/* "msg: description of sig" on stderr. */
void psignal(int sig, const char* msg);

#ifdef __cplusplus
}
#endif

#endif
