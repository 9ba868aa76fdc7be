/* <sys/prctl.h>: prctl, the calling thread's name (the prctl system call). */
#include <stdarg.h>
#include <sys/prctl.h>

#include "internal.h"

long __sys_prctl(long option, unsigned long arg);

int prctl(int option, ...) {
    va_list ap;
    va_start(ap, option);
    unsigned long arg = va_arg(ap, unsigned long);
    va_end(ap);
    return (int)__syscall_ret(__sys_prctl(option, arg));
}
