/* Private to the Weft C library: the raw system-call stubs generated
 * from kernel/syscall/syscalls.def (syscalls.S), and helpers shared
 * between the library's files. Programs include the public headers. */
#ifndef _WEFT_LIB_INTERNAL_H
#define _WEFT_LIB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct stat;
struct weft_sysinfo;

/* Each returns the kernel's raw result: >= 0, or -errno. */
long __sys_fork(void);
__attribute__((noreturn)) void __sys_exit(long status);
long __sys_wait(int* status);
long __sys_pipe(int* fds);
long __sys_read(long fd, void* buf, size_t n);
long __sys_kill(long pid, long sig);
long __sys_exec(const char* path, char* const* argv);
long __sys_fstat(long fd, struct stat* st);
long __sys_chdir(const char* path);
long __sys_dup(long fd);
long __sys_getpid(void);
long __sys_sbrk(long increment);
long __sys_sleep(long ticks);
long __sys_uptime(void);
long __sys_open(const char* path, long flags, long mode);
long __sys_write(long fd, const void* buf, size_t n);
long __sys_mknod(const char* path, long major, long minor);
long __sys_unlink(const char* path);
long __sys_link(const char* old_path, const char* new_path);
long __sys_mkdir(const char* path);
long __sys_close(long fd);
long __sys_getppid(void);
long __sys_dup2(long old_fd, long new_fd);
long __sys_poweroff(void);
long __sys_sysinfo(struct weft_sysinfo* info);

/* A raw result as POSIX wants it: -errno becomes -1 with errno set. */
long __syscall_ret(long r);

/* stdio: write out every stream's buffer (exit calls it). */
void __stdio_flush_all(void);

/* The formatting engine behind the printf family. */
#include "format.h"

#endif
