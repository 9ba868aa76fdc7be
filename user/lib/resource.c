/* Resource limits (<sys/resource.h>) and user ids (<unistd.h>).
 * docs/abi.md, "Resource limits and users": lowering a limit is always
 * allowed, raising rlim_max needs uid 0; only uid 0 may setuid. */
#include <sys/resource.h>
#include <unistd.h>

#include "internal.h"

_Static_assert(sizeof(struct rlimit) == 16, "struct rlimit is the kernel's");

int getrlimit(int resource, struct rlimit* rl) {
    return (int)__syscall_ret(__sys_getrlimit(resource, rl));
}
int setrlimit(int resource, const struct rlimit* rl) {
    return (int)__syscall_ret(__sys_setrlimit(resource, rl));
}

uid_t getuid(void) {
    return (uid_t)__sys_getuid();
}
uid_t geteuid(void) {
    return getuid();
}
int setuid(uid_t uid) {
    return (int)__syscall_ret(__sys_setuid(uid));
}
