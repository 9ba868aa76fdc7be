/* Process groups and the console's foreground group (<unistd.h>): what
 * a shell needs for job control. Each pipeline is a process group; the
 * console sends ^C (SIGINT) to its foreground group, set with
 * tcsetpgrp (docs/signals.md). */
#include <unistd.h>

#include "internal.h"

int setpgid(pid_t pid, pid_t pgid) {
    return (int)__syscall_ret(__sys_setpgid(pid, pgid));
}
pid_t getpgid(pid_t pid) {
    return (pid_t)__syscall_ret(__sys_getpgid(pid));
}
pid_t getpgrp(void) {
    return getpgid(0);
}
int tcsetpgrp(int fd, pid_t pgid) {
    return (int)__syscall_ret(__sys_tcsetpgrp(fd, pgid));
}
pid_t tcgetpgrp(int fd) {
    return (pid_t)__syscall_ret(__sys_tcgetpgrp(fd));
}
