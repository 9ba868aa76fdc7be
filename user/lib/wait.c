/* Waiting for children (<sys/wait.h>): waitpid, the kernel's system
 * call, and wait, which is waitpid(-1, status, 0). Both are
 * cancellation points (thread_hooks.h). The status encoding and the
 * meaning of pid and options are in docs/abi.md ("waitpid"). */
#include <sys/wait.h>

#include "internal.h"
#include "thread_hooks.h"

pid_t waitpid(pid_t pid, int* status, int options) {
    __cancel_point();
    return (pid_t)__syscall_ret(__cancel_point_result(__sys_waitpid(pid, status, options)));
}

pid_t wait(int* status) {
    return waitpid(-1, status, 0);
}
