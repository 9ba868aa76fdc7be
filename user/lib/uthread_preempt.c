/* Optional preemption for uthreads: a SIGALRM every `seconds` seconds
 * makes the running thread yield (uthread.h).
 *
 * The handler runs on the interrupted thread's stack. Yielding from it
 * is an ordinary __uthread_switch: the interrupted thread's registers
 * are in the signal frame on its stack, and when it is switched back
 * to, the handler returns and sigreturn restores them. The handler is
 * installed with SA_NODEFER so SIGALRM is not left blocked while other
 * threads run, and SA_RESTART so a read the tick interrupts goes on.
 *
 * The tick must not switch threads while the library is changing its
 * queues (enter/leave: it sets preempt_pending and leave() yields), nor
 * while the interrupted thread holds the heap's lock: another thread's
 * malloc would wait for it in the kernel, where nobody could ever wake
 * it. That tick is deferred to the next one.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "thread_hooks.h"
#include "uthread_internal.h"

static unsigned int period;

static void on_alarm(int sig) {
    (void)sig;
    if (period == 0) return;
    alarm(period); /* the next slice */
    if (__uthread_in_library || __malloc_lock.word != 0) {
        __uthread_preempt_pending = __uthread_in_library != 0;
        __uthread_stats.deferred++;
        return;
    }
    __uthread_stats.preemptions++;
    uthread_yield();
}

int uthread_set_preemption(unsigned int seconds) {
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = seconds ? on_alarm : SIG_DFL;
    act.sa_flags = SA_NODEFER | SA_RESTART;
    period = seconds;
    if (seconds == 0) {
        alarm(0);
        act.sa_handler = SIG_IGN;
    }
    if (sigaction(SIGALRM, &act, NULL) < 0) return errno;
    if (seconds) alarm(seconds);
    return 0;
}
