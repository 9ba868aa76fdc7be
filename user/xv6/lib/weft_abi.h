// Private to the xv6 compatibility library: the Weft kernel's side of
// the contract (docs/abi.md) that the xv6 API is translated onto. This
// repeats the few Weft definitions needed rather than including Weft's
// headers: the two include roots never share a header.
#ifndef XV6_LIB_WEFT_ABI_H
#define XV6_LIB_WEFT_ABI_H

// The raw system-call stubs (user/lib/syscalls.S): >= 0 or -errno.
long __sys_fork(void);
__attribute__((noreturn)) void __sys_exit(long status);
long __sys_wait(int* status);
long __sys_pipe(int* fds);
long __sys_read(long fd, void* buf, unsigned long n);
long __sys_kill(long pid, long sig);
long __sys_exec(const char* path, char** argv);
long __sys_fstat(long fd, void* st);
long __sys_chdir(const char* path);
long __sys_dup(long fd);
long __sys_getpid(void);
long __sys_sbrk(long increment);
long __sys_sleep(long ticks);
long __sys_uptime(void);
long __sys_open(const char* path, long flags, long mode);
long __sys_write(long fd, const void* buf, unsigned long n);
long __sys_mknod(const char* path, long major, long minor);
long __sys_unlink(const char* path);
long __sys_link(const char* old_path, const char* new_path);
long __sys_mkdir(const char* path);
long __sys_close(long fd);

// Weft's struct stat (what the kernel's fstat writes).
struct weft_stat {
    unsigned int st_dev;
    unsigned int st_ino;
    unsigned int st_mode;
    unsigned int st_nlink;
    long st_size;
    unsigned int st_rdev;
    unsigned int st_reserved;
};
#define WEFT_S_IFMT 0170000
#define WEFT_S_IFDIR 0040000
#define WEFT_S_IFCHR 0020000

// Linux's open flags, which the kernel takes.
#define WEFT_O_CREAT 0100
#define WEFT_O_TRUNC 01000

#define WEFT_SIGKILL 9

#endif
