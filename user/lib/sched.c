/* <sched.h>: clone(), gettid() and sched_yield(). The assembly that
 * starts the child on its own stack is __clone, in clone.S. */
#include <sched.h>
#include <stdarg.h>

#include "internal.h"
#include "pthread_internal.h"

int clone(int (*fn)(void* arg), void* stack, int flags, void* arg, ...) {
    va_list ap;
    va_start(ap, arg);
    pid_t* parent_tid = va_arg(ap, pid_t*);
    void* tls = va_arg(ap, void*);
    pid_t* child_tid = va_arg(ap, pid_t*);
    va_end(ap);
    if (fn == NULL || stack == NULL) return (int)__syscall_ret(-EINVAL);
    /* flags is an int as in Linux's prototype: keep its bits, not its sign. */
    return (int)__syscall_ret(
        __clone(fn, stack, (unsigned int)flags, arg, parent_tid, tls, child_tid));
}

pid_t gettid(void) {
    return (pid_t)__sys_gettid();
}

int sched_yield(void) {
    return (int)__syscall_ret(__sys_sched_yield());
}
