/* mmap, munmap, mprotect: the POSIX wrappers (<sys/mman.h>). mmap's
 * result is an address or -errno; an address is never in the top page,
 * so -4095..-1 are unambiguous errors, as on Linux. */
#include <errno.h>
#include <sys/mman.h>

#include "internal.h"

void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
    long r = __sys_mmap(addr, len, prot, flags, fd, offset);
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return MAP_FAILED;
    }
    return (void*)r;
}

int munmap(void* addr, size_t len) {
    return (int)__syscall_ret(__sys_munmap(addr, len));
}

int mprotect(void* addr, size_t len, int prot) {
    return (int)__syscall_ret(__sys_mprotect(addr, len, prot));
}
