/* sigtests: signals (docs/signals.md, docs/abi.md "Signals").
 *
 *   sigtests        every test
 *   sigtests name   only the tests whose names contain "name"
 *
 * Handlers and their arguments, masks per thread, pending signals,
 * nested handlers, every register surviving a handler, SIGKILL/SIGSTOP
 * rules, stop and continue, faults turned into signals (and a SIGSEGV
 * handler that repairs the fault), SIGCHLD, system calls interrupted
 * with and without SA_RESTART, alarm, sigsuspend and pause. Each test
 * runs in a child process of its own (testlib.h).
 */
#include <pthread.h>
#include <signal.h>
#include <sys/ucontext.h>

#include "testlib.h"

/* ---------------------------------------------------------------- helpers */

static volatile int caught;           /* handler calls */
static volatile int caught_sig;       /* the last signal a handler got */
static volatile int caught_tid;       /* the thread that ran it */
static volatile int depth, max_depth; /* handler nesting */

static void count_handler(int sig) {
    caught_sig = sig;
    caught_tid = gettid();
    /* Last, and ordered: a thread on another hart that sees the count
       change must also see the tid and signal written above. */
    __atomic_add_fetch(&caught, 1, __ATOMIC_SEQ_CST);
}

/* Install fn for sig with flags and an extra mask; 0 or -1. */
static int on(int sig, void (*fn)(int), int flags, sigset_t mask) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_mask = mask;
    sa.sa_flags = flags;
    return sigaction(sig, &sa, NULL);
}

static int on_info(int sig, void (*fn)(int, siginfo_t*, void*), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = flags | SA_SIGINFO;
    return sigaction(sig, &sa, NULL);
}

static sigset_t set_of(int sig) {
    sigset_t s;
    sigemptyset(&s);
    if (sig) sigaddset(&s, sig);
    return s;
}

static sigset_t current_mask(void) {
    sigset_t m = 0;
    sigprocmask(SIG_BLOCK, NULL, &m);
    return m;
}

/* A child that sends sig to the caller after ms milliseconds, and then,
 * if byte_fd >= 0, writes one byte 'x' there after another ms. */
struct Sender {
    pid_t target;
    int sig;
    long ms;
    int byte_fd;
};
static int sender_main(void* arg) {
    struct Sender* s = arg;
    sleep_ms(s->ms);
    kill(s->target, s->sig);
    if (s->byte_fd >= 0) {
        sleep_ms(s->ms);
        write(s->byte_fd, "x", 1);
    }
    return 0;
}
static pid_t send_later(int sig, long ms, int byte_fd) {
    static struct Sender s; /* copied into the child by fork */
    s.target = getpid();
    s.sig = sig;
    s.ms = ms;
    s.byte_fd = byte_fd;
    return spawn(sender_main, &s);
}

/* ---------------------------------------------------------------- handlers */

/* raise: the handler runs before raise returns, with the signal number. */
static void handler_runs_on_raise(void) {
    EXPECT_OK(on(SIGUSR1, count_handler, 0, 0));
    EXPECT_OK(raise(SIGUSR1));
    EXPECT(caught == 1, "handler ran %d times, want 1", caught);
    EXPECT(caught_sig == SIGUSR1, "handler got signal %d", caught_sig);
    EXPECT(caught_tid == gettid(), "handler ran in tid %d, not the caller %d", caught_tid,
           gettid());
    EXPECT_OK(raise(SIGUSR1));
    EXPECT(caught == 2, "second raise: handler ran %d times in all", caught);
    EXPECT(current_mask() == 0, "mask after the handler is %#lx, want 0", current_mask());
}

static siginfo_t got_info;
static unsigned long got_pc, got_sp_in_frame;
static void info_handler(int sig, siginfo_t* info, void* uc_arg) {
    ucontext_t* uc = uc_arg;
    caught_sig = sig;
    got_info = *info;
    got_pc = uc ? uc->uc_mcontext.pc : 0;
    got_sp_in_frame = uc ? uc->uc_mcontext.x[REG_SP] : 0;
    caught++;
}

/* SA_SIGINFO: sig, a siginfo_t (signo, the sender's pid) and a ucontext
 * with the interrupted pc and sp. */
static void siginfo_and_ucontext_are_passed(void) {
    EXPECT_OK(on_info(SIGUSR2, info_handler, 0));
    unsigned long my_sp = (unsigned long)__builtin_frame_address(0);
    EXPECT_OK(raise(SIGUSR2));
    EXPECT(caught == 1, "handler ran %d times", caught);
    EXPECT(caught_sig == SIGUSR2, "a0 = %d, want SIGUSR2", caught_sig);
    EXPECT(got_info.si_signo == SIGUSR2, "si_signo %d", got_info.si_signo);
    EXPECT(got_info.si_pid == getpid(), "si_pid %d, want the sender %d", got_info.si_pid, getpid());
    EXPECT(got_pc >= 0x10000 && got_pc < 0x10000000, "ucontext pc %#lx is not in the text", got_pc);
    EXPECT(got_sp_in_frame != 0 && got_sp_in_frame < my_sp + 4096 &&
               got_sp_in_frame + 65536 > my_sp,
           "ucontext sp %#lx is not near the interrupted stack (%#lx)", got_sp_in_frame, my_sp);
}

static int die_by_default(void* arg) {
    raise((int)(long)arg);
    return 0; /* only if it did not kill */
}

/* SIG_IGN ignores, SIG_DFL does Linux's default: terminate (SIGUSR1,
 * SIGTERM) or ignore (SIGCHLD, SIGURG, SIGWINCH). signal() returns the
 * previous handler. */
static void ignore_and_default_actions(void) {
    EXPECT(signal(SIGUSR1, SIG_IGN) == SIG_DFL, "signal() did not return SIG_DFL at first");
    EXPECT_OK(raise(SIGUSR1));
    EXPECT(signal(SIGUSR1, count_handler) == SIG_IGN, "signal() did not return SIG_IGN");
    EXPECT(signal(SIGUSR1, SIG_DFL) == count_handler, "signal() did not return the handler");
    EXPECT(signal(NSIG, SIG_IGN) == SIG_ERR && errno == EINVAL, "signal(NSIG) accepted");
    int terminating[] = {SIGUSR1, SIGTERM, SIGHUP, SIGALRM};
    for (unsigned i = 0; i < sizeof terminating / sizeof terminating[0]; i++) {
        int st = status_of(spawn(die_by_default, (void*)(long)terminating[i]));
        EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == terminating[i],
               "default action of %d: child %s, want killed by it", terminating[i],
               status_text(st));
    }
    int ignored[] = {SIGCHLD, SIGURG, SIGWINCH};
    for (unsigned i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        int st = status_of(spawn(die_by_default, (void*)(long)ignored[i]));
        EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0,
               "default action of %d: child %s, want ignored", ignored[i], status_text(st));
    }
}

/* sigaction's old action: handler, mask and flags as set (SA_RESTORER,
 * the library's business, is not shown). */
static void sigaction_reports_old_action(void) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = count_handler;
    sa.sa_flags = SA_RESTART | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaddset(&sa.sa_mask, SIGTERM);
    EXPECT_OK(sigaction(SIGUSR1, &sa, NULL));
    memset(&old, 0xff, sizeof old);
    EXPECT_OK(sigaction(SIGUSR1, NULL, &old));
    EXPECT(old.sa_handler == count_handler, "old handler %p", (void*)old.sa_handler);
    EXPECT(old.sa_flags == (SA_RESTART | SA_NODEFER), "old flags %#x", old.sa_flags);
    EXPECT(sigismember(&old.sa_mask, SIGUSR2) == 1 && sigismember(&old.sa_mask, SIGTERM) == 1 &&
               sigismember(&old.sa_mask, SIGINT) == 0,
           "old mask %#lx", old.sa_mask);
    EXPECT_OK(sigaction(SIGUSR2, NULL, &old));
    EXPECT(old.sa_handler == SIG_DFL, "SIGUSR2 was never set, yet its handler is %p",
           (void*)old.sa_handler);
    EXPECT_ERRNO(sigaction(0, &sa, NULL), EINVAL);
    EXPECT_ERRNO(sigaction(NSIG, &sa, NULL), EINVAL);
    EXPECT_ERRNO(sigaction(-3, NULL, &old), EINVAL);
}

/* The set functions: bit sig-1 of a 64-bit mask; bad numbers EINVAL. */
static void signal_sets(void) {
    sigset_t s;
    EXPECT(sigemptyset(&s) == 0 && s == 0, "empty set %#lx", s);
    EXPECT_OK(sigaddset(&s, SIGINT));
    EXPECT_OK(sigaddset(&s, SIGSYS));
    EXPECT(s == ((1UL << (SIGINT - 1)) | (1UL << (SIGSYS - 1))), "set %#lx", s);
    EXPECT(sigismember(&s, SIGINT) == 1 && sigismember(&s, SIGHUP) == 0, "membership");
    EXPECT_OK(sigdelset(&s, SIGINT));
    EXPECT(sigismember(&s, SIGINT) == 0, "deleted member still there");
    EXPECT_OK(sigfillset(&s));
    for (int i = 1; i < NSIG; i++)
        EXPECT(sigismember(&s, i) == 1, "full set lacks %d", i);
    EXPECT_ERRNO(sigaddset(&s, 0), EINVAL);
    EXPECT_ERRNO(sigaddset(&s, NSIG), EINVAL);
    EXPECT_ERRNO(sigismember(&s, -1), EINVAL);
}

/* ---------------------------------------------------------------- masks */

/* A blocked signal waits (sigpending shows it) and is delivered when
 * unblocked, before sigprocmask returns; only once however often sent. */
static void blocked_signal_waits_until_unblocked(void) {
    EXPECT_OK(on(SIGUSR1, count_handler, 0, 0));
    sigset_t block = set_of(SIGUSR1), pending;
    EXPECT_OK(sigprocmask(SIG_BLOCK, &block, NULL));
    EXPECT_OK(raise(SIGUSR1));
    EXPECT_OK(raise(SIGUSR1)); /* a second one while pending is merged */
    EXPECT(caught == 0, "handler ran although the signal is blocked");
    EXPECT_OK(sigpending(&pending));
    EXPECT(sigismember(&pending, SIGUSR1) == 1, "sigpending %#lx lacks SIGUSR1", pending);
    EXPECT_OK(sigprocmask(SIG_UNBLOCK, &block, NULL));
    EXPECT(caught == 1, "after unblocking the handler ran %d times, want 1", caught);
    EXPECT_OK(sigpending(&pending));
    EXPECT(pending == 0, "still pending after delivery: %#lx", pending);
}

/* SIG_BLOCK, SIG_UNBLOCK and SIG_SETMASK, the old mask, a bad how. */
static void sigprocmask_how_and_old_mask(void) {
    sigset_t a = set_of(SIGUSR1), b = set_of(SIGUSR2), old;
    EXPECT_OK(sigprocmask(SIG_SETMASK, &a, &old));
    EXPECT(old == 0, "initial mask %#lx", old);
    EXPECT_OK(sigprocmask(SIG_BLOCK, &b, &old));
    EXPECT(old == a, "old mask %#lx, want %#lx", old, a);
    EXPECT(current_mask() == (a | b), "mask %#lx, want %#lx", current_mask(), a | b);
    EXPECT_OK(sigprocmask(SIG_UNBLOCK, &a, NULL));
    EXPECT(current_mask() == b, "mask %#lx after unblock, want %#lx", current_mask(), b);
    EXPECT_ERRNO(sigprocmask(7, &a, NULL), EINVAL);
    EXPECT(pthread_sigmask(7, &a, NULL) == EINVAL, "pthread_sigmask: bad how accepted");
    EXPECT(current_mask() == b, "a failed call changed the mask to %#lx", current_mask());
}

/* SIGKILL and SIGSTOP: no handler, no SIG_IGN (EINVAL), never blocked
 * (silently left out of the mask), and SIGKILL kills a process that
 * blocks and ignores everything else. */
static int block_everything_then_wait(void* arg) {
    (void)arg;
    sigset_t all;
    sigfillset(&all);
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_IGN);
    sigprocmask(SIG_SETMASK, &all, NULL);
    for (;;)
        pause();
    return 0;
}
static void sigkill_and_sigstop_cannot_be_caught_or_blocked(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = count_handler;
    EXPECT_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
    EXPECT_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
    sa.sa_handler = SIG_IGN;
    EXPECT_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
    EXPECT_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
    EXPECT(signal(SIGKILL, SIG_IGN) == SIG_ERR, "signal(SIGKILL, SIG_IGN) accepted");
    struct sigaction old;
    EXPECT_OK(sigaction(SIGKILL, NULL, &old)); /* reading is fine */
    EXPECT(old.sa_handler == SIG_DFL, "SIGKILL's action is not SIG_DFL");

    sigset_t all, now;
    sigfillset(&all);
    EXPECT_OK(sigprocmask(SIG_SETMASK, &all, NULL));
    EXPECT_OK(sigprocmask(SIG_SETMASK, NULL, &now));
    EXPECT(sigismember(&now, SIGKILL) == 0 && sigismember(&now, SIGSTOP) == 0,
           "mask %#lx includes SIGKILL or SIGSTOP", now);
    EXPECT(sigismember(&now, SIGINT) == 1, "mask %#lx lacks SIGINT", now);
    sigset_t none = 0;
    EXPECT_OK(sigprocmask(SIG_SETMASK, &none, NULL));

    pid_t child = spawn(block_everything_then_wait, NULL);
    sleep_ms(50);
    EXPECT_OK(kill(child, SIGTERM));
    EXPECT_OK(kill(child, SIGINT));
    sleep_ms(20);
    int st;
    EXPECT(waitpid(child, &st, WNOHANG) == 0, "child died of a blocked, ignored signal: %s",
           status_text(st));
    EXPECT_OK(kill(child, SIGKILL));
    st = status_of(child);
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child %s, want killed by SIGKILL",
           status_text(st));
}

/* While a handler runs, its signal and its sa_mask are blocked; they are
 * delivered when it returns, and the old mask is back afterwards. */
static volatile int order[8];
static volatile int norder;
static volatile sigset_t mask_in_handler;
static void usr1_raises_usr2_and_itself(int sig) {
    (void)sig;
    order[norder++] = SIGUSR1;
    mask_in_handler = current_mask();
    if (norder == 1) {
        raise(SIGUSR2); /* in sa_mask: must wait */
        raise(SIGUSR1); /* the signal itself: must wait */
    }
    order[norder++] = -SIGUSR1; /* the handler's end */
}
static void usr2_records(int sig) {
    (void)sig;
    order[norder++] = SIGUSR2;
}
static void handler_mask_defers_signals(void) {
    EXPECT_OK(on(SIGUSR1, usr1_raises_usr2_and_itself, 0, set_of(SIGUSR2)));
    EXPECT_OK(on(SIGUSR2, usr2_records, 0, 0));
    EXPECT_OK(raise(SIGUSR1));
    EXPECT(mask_in_handler == (set_of(SIGUSR1) | set_of(SIGUSR2)),
           "mask in the handler %#lx, want SIGUSR1|SIGUSR2", mask_in_handler);
    EXPECT(norder == 5, "%d events, want 5 (usr1, end, then usr2 and usr1 again)", norder);
    EXPECT(order[0] == SIGUSR1 && order[1] == -SIGUSR1, "a deferred signal ran inside the handler");
    EXPECT((order[2] == SIGUSR2 || order[2] == SIGUSR1), "order %d %d %d", order[2], order[3],
           order[4]);
    EXPECT(current_mask() == 0, "mask after the handlers %#lx", current_mask());
}

/* A handler interrupted by another signal: the second handler runs on
 * top of the first and both finish, inner first. SA_NODEFER lets a
 * handler be interrupted by its own signal. */
static void nested_outer(int sig) {
    (void)sig;
    depth++;
    if (depth > max_depth) max_depth = depth;
    order[norder++] = SIGUSR1;
    raise(SIGUSR2); /* not blocked: runs now, nested */
    order[norder++] = -SIGUSR1;
    depth--;
}
static void nested_inner(int sig) {
    (void)sig;
    depth++;
    if (depth > max_depth) max_depth = depth;
    order[norder++] = SIGUSR2;
    depth--;
}
static volatile int self_nest;
static void nodefer_self(int sig) {
    depth++;
    if (depth > max_depth) max_depth = depth;
    if (self_nest++ < 2) raise(sig);
    depth--;
}
static void nested_handlers(void) {
    EXPECT_OK(on(SIGUSR1, nested_outer, 0, 0));
    EXPECT_OK(on(SIGUSR2, nested_inner, 0, 0));
    EXPECT_OK(raise(SIGUSR1));
    EXPECT(norder == 3 && order[0] == SIGUSR1 && order[1] == SIGUSR2 && order[2] == -SIGUSR1,
           "order: %d events (%d %d %d), want usr1, usr2, end of usr1", norder, order[0], order[1],
           order[2]);
    EXPECT(max_depth == 2, "nesting depth %d, want 2", max_depth);
    max_depth = 0;
    EXPECT_OK(on(SIGUSR1, nodefer_self, SA_NODEFER, 0));
    EXPECT_OK(raise(SIGUSR1));
    EXPECT(self_nest == 3 && max_depth == 3, "SA_NODEFER: %d calls, depth %d; want 3 and 3",
           self_nest, max_depth);
}

/* SA_RESETHAND: the handler runs once, then the action is SIG_DFL. */
static int resethand_child(void* arg) {
    (void)arg;
    if (on(SIGUSR1, count_handler, SA_RESETHAND, 0) < 0) return 2;
    raise(SIGUSR1);
    if (caught != 1) return 3;
    struct sigaction old;
    sigaction(SIGUSR1, NULL, &old);
    if (old.sa_handler != SIG_DFL) return 4;
    raise(SIGUSR1); /* now the default: terminate */
    return 5;
}
static void sa_resethand_runs_once(void) {
    int st = status_of(spawn(resethand_child, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1,
           "child %s, want killed by SIGUSR1 the second time (3: handler did not run, 4: action "
           "not reset, 5: survived)",
           status_text(st));
}

/* The mask in the ucontext is what sigreturn restores: a handler that
 * adds SIGUSR2 there leaves SIGUSR2 blocked. */
static void add_usr2_to_saved_mask(int sig, siginfo_t* info, void* uc_arg) {
    (void)sig;
    (void)info;
    ucontext_t* uc = uc_arg;
    uc->uc_sigmask |= set_of(SIGUSR2);
    caught++;
}
static void handler_can_change_the_restored_mask(void) {
    EXPECT_OK(on_info(SIGUSR1, add_usr2_to_saved_mask, 0));
    EXPECT_OK(raise(SIGUSR1));
    EXPECT(caught == 1, "handler ran %d times", caught);
    EXPECT(current_mask() == set_of(SIGUSR2), "mask after sigreturn %#lx, want SIGUSR2 only",
           current_mask());
}

/* ---------------------------------------------------------------- every register */

/* spin_with_known_registers(flag, out): put known values into every
 * integer register it may (all but sp, gp, tp, zero, and t5/t6, which
 * the loop needs), every FP register and fcsr; spin until *flag != 0
 * (a signal handler sets it); then store them all into out[0..64]:
 * x[i] at out[i], f[i] at out[32 + i], fcsr at out[64]. If the kernel
 * or sigreturn lost any register, the stored value differs. */
#define XVAL(i) (0x5a5a000000000000UL + (unsigned long)(i)*0x10001UL)
#define FVAL(i) (0x3ff0000000000000UL + (unsigned long)(i)*0x101UL)
#define FCSR_VAL 0x45UL /* frm = 2 (round down), fflags = 0b00101 */
void spin_with_known_registers(volatile int* flag, unsigned long* out);
__asm__(
    ".text\n"
    ".global spin_with_known_registers\n"
    ".type spin_with_known_registers, @function\n"
    "spin_with_known_registers:\n"
    "  addi sp, sp, -208\n"
    "  sd ra, 0(sp)\n"
    "  sd s0, 8(sp)\n  sd s1, 16(sp)\n  sd s2, 24(sp)\n  sd s3, 32(sp)\n"
    "  sd s4, 40(sp)\n  sd s5, 48(sp)\n  sd s6, 56(sp)\n  sd s7, 64(sp)\n"
    "  sd s8, 72(sp)\n  sd s9, 80(sp)\n  sd s10, 88(sp)\n  sd s11, 96(sp)\n"
    "  fsd fs0, 104(sp)\n  fsd fs1, 112(sp)\n  fsd fs2, 120(sp)\n  fsd fs3, 128(sp)\n"
    "  fsd fs4, 136(sp)\n  fsd fs5, 144(sp)\n  fsd fs6, 152(sp)\n  fsd fs7, 160(sp)\n"
    "  fsd fs8, 168(sp)\n  fsd fs9, 176(sp)\n  fsd fs10, 184(sp)\n  fsd fs11, 192(sp)\n"
    "  sd a1, 200(sp)\n"
    "  mv t6, a0\n"
    "  .irp r, "
    "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  li t5, 0x3ff0000000000000 + \\r * 0x101\n"
    "  fmv.d.x f\\r, t5\n"
    "  .endr\n"
    "  li t5, 0x45\n"
    "  csrw fcsr, t5\n"
    "  .irp r, 1,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29\n"
    "  li x\\r, 0x5a5a000000000000 + \\r * 0x10001\n"
    "  .endr\n"
    "1:lw t5, 0(t6)\n"
    "  beqz t5, 1b\n"
    "  ld t5, 200(sp)\n"
    "  .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,31\n"
    "  sd x\\r, \\r * 8(t5)\n"
    "  .endr\n"
    "  .irp r, "
    "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  fsd f\\r, (32 + \\r) * 8(t5)\n"
    "  .endr\n"
    "  csrr t6, fcsr\n"
    "  sd t6, 64 * 8(t5)\n"
    "  ld ra, 0(sp)\n"
    "  ld s0, 8(sp)\n  ld s1, 16(sp)\n  ld s2, 24(sp)\n  ld s3, 32(sp)\n"
    "  ld s4, 40(sp)\n  ld s5, 48(sp)\n  ld s6, 56(sp)\n  ld s7, 64(sp)\n"
    "  ld s8, 72(sp)\n  ld s9, 80(sp)\n  ld s10, 88(sp)\n  ld s11, 96(sp)\n"
    "  fld fs0, 104(sp)\n  fld fs1, 112(sp)\n  fld fs2, 120(sp)\n  fld fs3, 128(sp)\n"
    "  fld fs4, 136(sp)\n  fld fs5, 144(sp)\n  fld fs6, 152(sp)\n  fld fs7, 160(sp)\n"
    "  fld fs8, 168(sp)\n  fld fs9, 176(sp)\n  fld fs10, 184(sp)\n  fld fs11, 192(sp)\n"
    "  addi sp, sp, 208\n"
    "  ret\n"
    ".size spin_with_known_registers, . - spin_with_known_registers\n");

static volatile int spin_flag;
static volatile unsigned long interrupted_pc;

/* Wreck every register the C code lets it: all caller-saved integer
 * registers, every FP register, fcsr; then let the spin end. */
static void clobbering_handler(int sig, siginfo_t* info, void* uc_arg) {
    (void)sig;
    (void)info;
    interrupted_pc = ((ucontext_t*)uc_arg)->uc_mcontext.pc;
    __asm__ volatile(
        ".irp r, 5,6,7,10,11,12,13,14,15,16,17,28,29,30,31\n"
        "  li x\\r, -1\n"
        ".endr\n"
        ".irp r, "
        "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        "  fmv.d.x f\\r, zero\n"
        ".endr\n"
        "  csrw fcsr, zero\n" ::
            : "t0", "t1", "t2", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t3", "t4", "t5",
              "t6", "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0",
              "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6",
              "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11", "memory");
    spin_flag = 1;
}

/* A signal from another process arrives while this one spins in user
 * mode with known values in every register; after the handler (which
 * clobbers them) and sigreturn, every value is back. */
static void every_register_survives_a_handler(void) {
    static unsigned long out[65];
    unsigned long gp, tp;
    __asm__ volatile("mv %0, gp\n mv %1, tp" : "=r"(gp), "=r"(tp));
    EXPECT_OK(on_info(SIGUSR1, clobbering_handler, 0));
    pid_t sender = send_later(SIGUSR1, 30, -1);
    EXPECT(sender > 0, "fork failed");
    spin_with_known_registers(&spin_flag, out);
    status_of(sender);
    EXPECT(interrupted_pc != 0, "handler saw no pc");
    static const char* const names[32] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                          "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                          "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                          "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
    for (int i = 1; i < 30; i++) {
        if (i >= 2 && i <= 4) continue;
        EXPECT(out[i] == XVAL(i), "%s = %#lx after the handler, want %#lx (pc %#lx)", names[i],
               out[i], XVAL(i), interrupted_pc);
    }
    EXPECT(out[3] == gp, "gp changed: %#lx, want %#lx", out[3], gp);
    EXPECT(out[4] == tp, "tp changed: %#lx, want %#lx", out[4], tp);
    EXPECT(out[31] == (unsigned long)&spin_flag, "t6 = %#lx, want %#lx", out[31],
           (unsigned long)&spin_flag);
    for (int i = 0; i < 32; i++)
        EXPECT(out[32 + i] == FVAL(i), "f%d = %#lx after the handler, want %#lx", i, out[32 + i],
               FVAL(i));
    EXPECT(out[64] == FCSR_VAL, "fcsr = %#lx after the handler, want %#lx", out[64], FCSR_VAL);
}

/* ---------------------------------------------------------------- threads */

static volatile int thread_ready, thread_tid_seen;
static volatile int stop_threads;
static sigset_t thread_start_mask;

static void* unblock_and_wait(void* arg) {
    (void)arg;
    pthread_sigmask(SIG_BLOCK, NULL, &thread_start_mask);
    sigset_t usr1 = set_of(SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
    thread_tid_seen = gettid();
    thread_ready = 1;
    while (caught == 0 && !stop_threads)
        sleep_ms(2);
    return NULL;
}

/* kill() to the process: the one thread that does not block the signal
 * runs the handler. A new thread starts with its creator's mask; masks
 * are per thread (the thread's unblocking leaves main's mask alone). */
static void process_signal_reaches_the_unblocked_thread(void) {
    EXPECT_OK(on(SIGUSR1, count_handler, 0, 0));
    sigset_t usr1 = set_of(SIGUSR1);
    EXPECT(pthread_sigmask(SIG_BLOCK, &usr1, NULL) == 0, "pthread_sigmask failed");
    pthread_t t;
    EXPECT(pthread_create(&t, NULL, unblock_and_wait, NULL) == 0, "pthread_create failed");
    while (!thread_ready)
        sleep_ms(1);
    EXPECT(current_mask() == usr1, "main's mask changed to %#lx by the thread", current_mask());
    EXPECT_OK(kill(getpid(), SIGUSR1));
    while (caught == 0) /* a signal never delivered: the harness's timeout */
        sleep_ms(2);
    stop_threads = 1;
    pthread_join(t, NULL);
    EXPECT(sigismember(&thread_start_mask, SIGUSR1) == 1,
           "the new thread did not inherit its creator's mask (%#lx)", thread_start_mask);
    EXPECT(caught == 1, "handler ran %d times", caught);
    EXPECT(caught_tid == thread_tid_seen, "handler ran in tid %d, want the thread %d (main is %d)",
           caught_tid, thread_tid_seen, gettid());
}

static volatile int workers_ready;
static void* wait_for_any_signal(void* arg) {
    volatile int* tid_out = arg;
    *tid_out = gettid();
    __atomic_fetch_add(&workers_ready, 1, __ATOMIC_SEQ_CST);
    while (!stop_threads)
        sleep_ms(2);
    return NULL;
}

/* tgkill and pthread_kill hit exactly the thread named, even when
 * other threads (main included) could take the signal. */
static void tgkill_targets_one_thread(void) {
    EXPECT_OK(on(SIGUSR2, count_handler, 0, 0));
    static volatile int tids[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_create(&t[i], NULL, wait_for_any_signal, (void*)&tids[i]) == 0,
               "pthread_create failed");
    while (workers_ready < 2)
        sleep_ms(1);
    EXPECT_OK(tgkill(getpid(), tids[1], SIGUSR2));
    while (caught == 0) /* a signal never delivered: the harness's timeout */
        sleep_ms(2);
    EXPECT(caught == 1 && caught_tid == tids[1],
           "handler ran %d times, last in tid %d; want tid %d", caught, caught_tid, tids[1]);
    EXPECT(pthread_kill(t[0], SIGUSR2) == 0, "pthread_kill failed");
    while (caught == 1)
        sleep_ms(2);
    EXPECT(caught == 2 && caught_tid == tids[0], "pthread_kill: handler in tid %d, want %d",
           caught_tid, tids[0]);
    EXPECT_ERRNO(tgkill(getpid() + 100000, tids[0], SIGUSR2), ESRCH);
    EXPECT_ERRNO(tgkill(getpid(), tids[0], NSIG), EINVAL);
    stop_threads = 1;
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
}

/* ---------------------------------------------------------------- stop and continue */

static int read_one_byte_and_exit_with_it(void* arg) {
    int fd = (int)(long)arg;
    unsigned char c;
    ssize_t n = read(fd, &c, 1);
    if (n == 1) return c;
    return n < 0 ? 100 + errno : 99;
}

/* SIGSTOP stops a child (waitpid with WUNTRACED reports it, status
 * (SIGSTOP << 8) | 0x7f); a stopped child does not run, even with input
 * waiting; SIGCONT lets it go on (its read finishes normally). SIGTSTP
 * stops too. */
static void sigstop_and_sigcont_a_child(void) {
    int p[2];
    EXPECT_OK(pipe(p));
    pid_t child = spawn(read_one_byte_and_exit_with_it, (void*)(long)p[0]);
    sleep_ms(30);
    /* A safety net: SIGALRM (no SA_RESTART) ends a waitpid that is never woken. */
    EXPECT_OK(on(SIGALRM, count_handler, 0, 0));
    alarm((unsigned)(3 * time_scale));
    EXPECT_OK(kill(child, SIGSTOP));
    int st;
    pid_t got = waitpid(child, &st, WUNTRACED);
    alarm(0);
    EXPECT(got == child, "waitpid(child, WUNTRACED): %s%s", strerror(errno),
           errno == EINTR ? " after 3 s (times -T): the parent was not woken when the child stopped"
                          : "");
    EXPECT(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP && !WIFEXITED(st) && !WIFSIGNALED(st),
           "status %#x (%s), want stopped by SIGSTOP", st, status_text(st));
    EXPECT(write(p[1], "\x07", 1) == 1, "write");
    sleep_ms(100);
    EXPECT(waitpid(child, &st, WNOHANG | WUNTRACED) == 0,
           "a stopped child ran (or was reported twice): %s", status_text(st));
    EXPECT_OK(kill(child, SIGCONT));
    st = status_of(child);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 7,
           "after SIGCONT the child %s, want exit 7 (104: its read failed with EINTR)",
           status_text(st));

    child = spawn(read_one_byte_and_exit_with_it, (void*)(long)p[0]);
    sleep_ms(30);
    EXPECT_OK(kill(child, SIGTSTP));
    sleep_ms(30);
    EXPECT(waitpid(child, &st, WUNTRACED) == child && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP,
           "SIGTSTP: %s", status_text(st));
    EXPECT_OK(kill(child, SIGKILL)); /* a stopped process can still be killed */
    st = status_of(child);
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL of a stopped child: %s",
           status_text(st));
}

/* ---------------------------------------------------------------- faults */

/* Through a volatile pointer, so the compiler cannot see the address. */
static volatile int* volatile null_page_address;

static int null_dereference(void* arg) {
    (void)arg;
    return *null_page_address;
}
static int illegal_instruction(void* arg) {
    (void)arg;
    __asm__ volatile(".4byte 0");
    return 0;
}
/* 0 if the hardware did the misaligned load itself and got the right
 * bytes; 1 if it loaded something else (a fault should have stopped it). */
static int misaligned_load(void* arg) {
    (void)arg;
    static unsigned char buf[16] __attribute__((aligned(8)));
    for (int i = 0; i < 16; i++)
        buf[i] = (unsigned char)(0x11 * (i + 1));
    unsigned long v, want;
    __asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(buf + 1) : "memory");
    memcpy(&want, buf + 1, sizeof want);
    return v == want ? 0 : 1;
}
static int misaligned_atomic(void* arg) {
    (void)arg;
    static char buf[16] __attribute__((aligned(8)));
    __asm__ volatile("amoadd.w zero, zero, (%0)" ::"r"(buf + 1) : "memory");
    return 0;
}
static int ignored_segv_still_kills(void* arg) {
    (void)arg;
    signal(SIGSEGV, SIG_IGN);
    return null_page_address[2];
}
static int blocked_segv_still_kills(void* arg) {
    (void)arg;
    sigset_t s = set_of(SIGSEGV);
    sigprocmask(SIG_BLOCK, &s, NULL);
    return null_page_address[2];
}

/* A fault becomes a signal to the faulting thread; with no handler (or
 * blocked, or ignored) the process dies of it: SIGSEGV for a bad
 * address, SIGILL for an illegal instruction, SIGBUS for a misaligned
 * access where the hardware faults on one. */
static void faults_become_signals(void) {
    int st = status_of(spawn(null_dereference, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "NULL load: %s, want SIGSEGV",
           status_text(st));
    st = status_of(spawn(illegal_instruction, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGILL, "illegal instruction: %s, want SIGILL",
           status_text(st));
    /* A misaligned ld: QEMU does it in "hardware" (no trap, right value);
       where the hardware traps instead, the process must get SIGBUS. */
    st = status_of(spawn(misaligned_load, NULL));
    EXPECT((WIFEXITED(st) && WEXITSTATUS(st) == 0) || (WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS),
           "misaligned ld: %s, want SIGBUS (or exit 0: done right by the hardware)",
           status_text(st));
    /* A misaligned AMO always traps (address misaligned): SIGBUS. */
    st = status_of(spawn(misaligned_atomic, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS, "misaligned amoadd.w: %s, want SIGBUS",
           status_text(st));
    st = status_of(spawn(ignored_segv_still_kills, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "fault with SIGSEGV ignored: %s",
           status_text(st));
    st = status_of(spawn(blocked_segv_still_kills, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "fault with SIGSEGV blocked: %s",
           status_text(st));
}

/* A SIGSEGV handler that repairs the fault: it checks si_addr, puts 42
 * where the load's result goes (a0) and moves the pc past the load
 * (4 bytes: assembled without compression). */
static volatile unsigned long fault_addr_seen;
static void skip_faulting_load(int sig, siginfo_t* info, void* uc_arg) {
    ucontext_t* uc = uc_arg;
    caught_sig = sig;
    fault_addr_seen = (unsigned long)info->si_addr;
    uc->uc_mcontext.x[REG_A0] = 42;
    uc->uc_mcontext.pc += 4;
    caught++;
}
static long load_through(unsigned long addr) {
    long v;
    __asm__ volatile(".option push\n"
                     ".option norvc\n"
                     "  mv a0, %1\n"
                     "  lw a0, 0(a0)\n"
                     "  mv %0, a0\n"
                     ".option pop\n"
                     : "=r"(v)
                     : "r"(addr)
                     : "a0", "memory");
    return v;
}
static void segv_handler_fixes_up_the_pc(void) {
    EXPECT_OK(on_info(SIGSEGV, skip_faulting_load, 0));
    long v = load_through(0x18);
    EXPECT(caught == 1 && caught_sig == SIGSEGV, "handler ran %d times (signal %d)", caught,
           caught_sig);
    EXPECT(v == 42, "the load gave %ld, want 42 from the handler", v);
    EXPECT(fault_addr_seen == 0x18, "si_addr %#lx, want 0x18", fault_addr_seen);
    v = load_through(0x20);
    EXPECT(caught == 2 && v == 42 && fault_addr_seen == 0x20,
           "second fault: %d calls, value %ld, si_addr %#lx", caught, v, fault_addr_seen);
}

/* ---------------------------------------------------------------- SIGCHLD */

static volatile int chld_pid, chld_status;
static void sigchld_info(int sig, siginfo_t* info, void* uc) {
    (void)uc;
    caught_sig = sig;
    chld_pid = info->si_pid;
    chld_status = info->si_status;
    __atomic_add_fetch(&caught, 1, __ATOMIC_SEQ_CST); /* last: see count_handler */
}
static int exit_with_5(void* arg) {
    (void)arg;
    return 5;
}

/* A child's exit sends SIGCHLD to its parent. */
static void sigchld_when_a_child_exits(void) {
    EXPECT_OK(on_info(SIGCHLD, sigchld_info, SA_RESTART));
    sigset_t chld = set_of(SIGCHLD), none = 0;
    EXPECT_OK(sigprocmask(SIG_BLOCK, &chld, NULL));
    pid_t child = spawn(exit_with_5, NULL);
    EXPECT(child > 0, "fork: %s", strerror(errno));
    while (caught == 0) /* SIGCHLD blocked until sigsuspend: none is missed */
        sigsuspend(&none);
    EXPECT(caught == 1 && caught_sig == SIGCHLD, "SIGCHLD handler ran %d times", caught);
    EXPECT(chld_pid == child, "si_pid %d, want the child %d", chld_pid, child);
    EXPECT(chld_status == 5, "si_status %d, want its exit code 5", chld_status);
    int st = status_of(child);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 5, "waitpid after SIGCHLD: %s", status_text(st));
}

/* With SIGCHLD ignored, wait still gets the child's status. */
static void ignoring_sigchld_keeps_wait_working(void) {
    EXPECT(signal(SIGCHLD, SIG_IGN) != SIG_ERR, "signal");
    pid_t child = spawn(exit_with_5, NULL);
    int st;
    pid_t got = waitpid(child, &st, 0);
    EXPECT(got == child, "waitpid: %d (%s), want the child %d", got, strerror(errno), child);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 5, "status %s", status_text(st));
}

/* ---------------------------------------------------------------- interrupted calls */

/* A read on an empty pipe, interrupted by a handled signal: -1 with
 * EINTR without SA_RESTART; restarted (and then reads the byte that
 * comes later) with SA_RESTART. */
static void read_interrupted_eintr_or_restart(void) {
    int p[2];
    EXPECT_OK(pipe(p));
    EXPECT_OK(on(SIGUSR1, count_handler, 0, 0));
    pid_t sender = send_later(SIGUSR1, 50, -1);
    char c;
    errno = 0;
    ssize_t n = read(p[0], &c, 1);
    int err = errno;
    status_of(sender);
    EXPECT(caught == 1, "handler ran %d times", caught);
    EXPECT(n == -1 && err == EINTR, "read returned %ld (errno %d), want -1 with EINTR", (long)n,
           err);

    EXPECT_OK(on(SIGUSR1, count_handler, SA_RESTART, 0));
    sender = send_later(SIGUSR1, 50, p[1]);
    c = 0;
    errno = 0;
    n = read(p[0], &c, 1);
    err = errno;
    status_of(sender);
    EXPECT(caught == 2, "SA_RESTART: handler ran %d times in all, want 2", caught);
    EXPECT(n == 1 && c == 'x', "SA_RESTART: read returned %ld (errno %d), want the byte", (long)n,
           err);
}

/* waitpid is interrupted too (EINTR without SA_RESTART). */
static int sleep_half_second(void* arg) {
    (void)arg;
    sleep_ms(500);
    return 0;
}
static void waitpid_interrupted_by_a_handler(void) {
    EXPECT_OK(on(SIGUSR1, count_handler, 0, 0));
    pid_t child = spawn(sleep_half_second, NULL);
    pid_t sender = send_later(SIGUSR1, 50, -1);
    int st;
    errno = 0;
    pid_t got = waitpid(child, &st, 0);
    EXPECT(got == -1 && errno == EINTR, "waitpid returned %d (%s), want EINTR", got,
           strerror(errno));
    EXPECT(status_of(child) == 0, "child status");
    status_of(sender);
}

/* ---------------------------------------------------------------- alarm, sigsuspend, pause */

/* alarm(1): SIGALRM about a second later; alarm returns what was left
 * of the previous alarm; alarm(0) cancels. */
static void alarm_sends_sigalrm(void) {
    EXPECT_OK(on(SIGALRM, count_handler, 0, 0));
    EXPECT(alarm(5) == 0, "no alarm was set, yet alarm returned non-zero");
    unsigned left = alarm(0);
    EXPECT(left >= 4 && left <= 5, "alarm(0) after alarm(5) returned %u, want 5", left);
    sleep_ms(50);
    EXPECT(caught == 0, "a cancelled alarm went off");
    long start = now_ms();
    alarm(1);
    while (caught == 0)
        pause();
    long took = now_ms() - start;
    EXPECT(caught == 1 && caught_sig == SIGALRM, "SIGALRM handler ran %d times", caught);
    /* Never early; late only by as much as this machine is slow. */
    EXPECT(took >= 900 && took < scaled_ms(2500), "alarm(1) went off after %ld ms", took);
}

static int alarm_kills(void* arg) {
    (void)arg;
    alarm(1);
    for (;;)
        pause();
    return 0;
}
static void alarm_default_action_terminates(void) {
    int st = status_of(spawn(alarm_kills, NULL));
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM, "child %s, want killed by SIGALRM",
           status_text(st));
}

/* sigsuspend: sleeps with a temporary mask that lets a blocked signal
 * in, returns -1/EINTR after the handler, and restores the old mask. */
static void sigsuspend_waits_with_a_temporary_mask(void) {
    EXPECT_OK(on(SIGUSR1, count_handler, 0, 0));
    sigset_t usr1 = set_of(SIGUSR1), none = 0;
    EXPECT_OK(sigprocmask(SIG_BLOCK, &usr1, NULL));
    pid_t sender = send_later(SIGUSR1, 50, -1);
    errno = 0;
    int r = sigsuspend(&none);
    int err = errno;
    status_of(sender);
    EXPECT(r == -1 && err == EINTR, "sigsuspend returned %d (errno %d), want -1/EINTR", r, err);
    EXPECT(caught == 1, "handler ran %d times", caught);
    EXPECT(current_mask() == usr1, "mask after sigsuspend %#lx, want SIGUSR1 again",
           current_mask());
    /* A signal already pending and let in by the temporary mask ends it at once. */
    EXPECT_OK(raise(SIGUSR1));
    EXPECT(caught == 1, "blocked signal delivered");
    EXPECT(sigsuspend(&none) == -1 && caught == 2, "pending signal: handler ran %d times", caught);
}

static void pause_returns_after_a_handler(void) {
    EXPECT_OK(on(SIGUSR2, count_handler, 0, 0));
    pid_t sender = send_later(SIGUSR2, 50, -1);
    errno = 0;
    int r = pause();
    EXPECT(r == -1 && errno == EINTR, "pause returned %d (%s)", r, strerror(errno));
    EXPECT(caught == 1, "handler ran %d times", caught);
    status_of(sender);
}

/* ---------------------------------------------------------------- kill */

/* kill's targets and errors: sig 0 checks existence; bad pid ESRCH;
 * bad signal EINVAL; kill(0, sig) reaches the caller's group. */
static void kill_targets_and_errors(void) {
    EXPECT_OK(kill(getpid(), 0));
    EXPECT_ERRNO(kill(99999, 0), ESRCH);
    EXPECT_ERRNO(kill(99999, SIGTERM), ESRCH);
    EXPECT_ERRNO(kill(-99999, SIGTERM), ESRCH);          /* no such group */
    EXPECT_ERRNO(kill(-2147483647 - 1, SIGTERM), ESRCH); /* INT_MIN: -pid does not fit */
    EXPECT_ERRNO(kill(getpid(), NSIG), EINVAL);
    EXPECT_ERRNO(kill(getpid(), -1), EINVAL);
    EXPECT_OK(on(SIGUSR1, count_handler, 0, 0));
    EXPECT_OK(kill(0, SIGUSR1)); /* the test leads its own group */
    while (caught == 0)
        sleep_ms(1);
    EXPECT(caught == 1, "kill(0, SIGUSR1): handler ran %d times", caught);
    EXPECT_OK(killpg(getpgrp(), SIGUSR1));
    while (caught == 1)
        sleep_ms(1);
    EXPECT(caught == 2, "killpg: handler ran %d times in all", caught);
}

/* ---------------------------------------------------------------- the list */

static const struct Test tests[] = {
    {"handler_runs_on_raise", handler_runs_on_raise},
    {"siginfo_and_ucontext_are_passed", siginfo_and_ucontext_are_passed},
    {"ignore_and_default_actions", ignore_and_default_actions},
    {"sigaction_reports_old_action", sigaction_reports_old_action},
    {"signal_sets", signal_sets},
    {"blocked_signal_waits_until_unblocked", blocked_signal_waits_until_unblocked},
    {"sigprocmask_how_and_old_mask", sigprocmask_how_and_old_mask},
    {"sigkill_and_sigstop_cannot_be_caught_or_blocked",
     sigkill_and_sigstop_cannot_be_caught_or_blocked},
    {"handler_mask_defers_signals", handler_mask_defers_signals},
    {"nested_handlers", nested_handlers},
    {"sa_resethand_runs_once", sa_resethand_runs_once},
    {"handler_can_change_the_restored_mask", handler_can_change_the_restored_mask},
    {"every_register_survives_a_handler", every_register_survives_a_handler},
    {"process_signal_reaches_the_unblocked_thread", process_signal_reaches_the_unblocked_thread},
    {"tgkill_targets_one_thread", tgkill_targets_one_thread},
    {"sigstop_and_sigcont_a_child", sigstop_and_sigcont_a_child},
    {"faults_become_signals", faults_become_signals},
    {"segv_handler_fixes_up_the_pc", segv_handler_fixes_up_the_pc},
    {"sigchld_when_a_child_exits", sigchld_when_a_child_exits},
    {"ignoring_sigchld_keeps_wait_working", ignoring_sigchld_keeps_wait_working},
    {"read_interrupted_eintr_or_restart", read_interrupted_eintr_or_restart},
    {"waitpid_interrupted_by_a_handler", waitpid_interrupted_by_a_handler},
    {"alarm_sends_sigalrm", alarm_sends_sigalrm},
    {"alarm_default_action_terminates", alarm_default_action_terminates},
    {"sigsuspend_waits_with_a_temporary_mask", sigsuspend_waits_with_a_temporary_mask},
    {"pause_returns_after_a_handler", pause_returns_after_a_handler},
    {"kill_targets_and_errors", kill_targets_and_errors},
};

int main(int argc, char** argv) {
    return run_tests(tests, NTESTS(tests), argc, argv);
}
