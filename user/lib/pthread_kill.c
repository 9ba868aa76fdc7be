/* pthread_kill (<signal.h>): a signal to one thread of this process,
 * the tgkill system call with the thread's tid. In its own file so that
 * a program using signals without threads links none of the threads
 * library. */
#include <signal.h>
#include <unistd.h>

#include "pthread_internal.h"

int pthread_kill(pthread_t thread, int sig) {
    int tid = thread->tid;
    if (tid == 0) /* it has ended (the kernel cleared the word) */
        return ESRCH;
    long r = __sys_tgkill(getpid(), tid, sig);
    return r < 0 ? (int)-r : 0;
}
