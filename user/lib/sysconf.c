/* sysconf: limits the program asks for at run time. Most are constants
 * of the kernel (kernel/param.h); the processor and page counts come
 * from the sysinfo system call. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sys/sysconf.h>
#include <weft.h>

#include "internal.h"

long sysconf(int name) {
    struct weft_sysinfo info;
    switch (name) {
    case _SC_CLK_TCK:
        return WEFT_HZ;
    case _SC_OPEN_MAX:
        return OPEN_MAX;
    case _SC_PAGESIZE:
        return PAGE_SIZE;
    case _SC_THREAD_KEYS_MAX:
        return PTHREAD_KEYS_MAX;
    case _SC_THREAD_STACK_MIN:
        return PTHREAD_STACK_MIN;
    case _SC_THREAD_THREADS_MAX:
        return PTHREAD_THREADS_MAX;
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN:
    case _SC_PHYS_PAGES:
    case _SC_AVPHYS_PAGES:
        if (__syscall_ret(__sys_sysinfo(&info)) < 0) return -1;
        if (name == _SC_PHYS_PAGES) return (long)info.total_pages;
        if (name == _SC_AVPHYS_PAGES) return (long)info.free_pages;
        return (long)info.harts;
    default:
        return __syscall_ret(-EINVAL);
    }
}
