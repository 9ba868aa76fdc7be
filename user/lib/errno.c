/* errno, one per thread, and the one place a raw system-call result
 * becomes POSIX's -1 + errno. */
#include <errno.h>

#include "internal.h"

__thread int errno;

long __syscall_ret(long r) {
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}
