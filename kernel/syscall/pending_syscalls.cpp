// TEMPORARY (being implemented this session): system calls listed in
// syscalls.def whose handlers are not written yet answer ENOSYS.
#include "syscall/syscall.h"
#define PENDING(name) Result<u64> sys_##name(const SyscallArgs&) { return Errno::ENOSYS; }
PENDING(sigaction) PENDING(sigprocmask) PENDING(sigreturn) PENDING(sigsuspend) PENDING(tgkill)
PENDING(alarm) PENDING(sigpending) PENDING(waitpid) PENDING(setpgid) PENDING(getpgid)
PENDING(tcsetpgrp) PENDING(tcgetpgrp) PENDING(getrlimit) PENDING(setrlimit) PENDING(getuid)
PENDING(setuid) PENDING(mmap) PENDING(munmap) PENDING(mprotect)
