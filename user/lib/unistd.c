/* POSIX wrappers for the process, file and directory system calls.
 * Each passes its arguments through to the kernel's stub and turns a
 * -errno result into -1 + errno (__syscall_ret). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <weft.h>

#include "internal.h"
#include "thread_hooks.h"

pid_t fork(void) {
    __fork_hook(FORK_PREPARE); /* threads: see thread_hooks.h */
    long r = __sys_fork();
    __fork_hook(r == 0 ? FORK_CHILD : FORK_PARENT);
    return (pid_t)__syscall_ret(r);
}
void _exit(int status) {
    __sys_exit(status);
}
pid_t getpid(void) {
    return (pid_t)__sys_getpid();
}
pid_t getppid(void) {
    return (pid_t)__sys_getppid();
}

int execve(const char* path, char* const argv[], char* const envp[]) {
    (void)envp; /* Weft has no environment */
    return (int)__syscall_ret(__sys_exec(path, argv));
}

int execv(const char* path, char* const argv[]) {
    return execve(path, argv, NULL);
}

int execvp(const char* file, char* const argv[]) {
    if (strchr(file, '/') != NULL) return execv(file, argv);
    char path[PATH_MAX];
    size_t n = strlen(file);
    if (n + 5 >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, "/bin/", 5);
    memcpy(path + 5, file, n + 1);
    return execv(path, argv);
}

/* read, write and sleep are cancellation points (thread_hooks.h); so
 * are wait and waitpid (wait.c). */
ssize_t read(int fd, void* buf, size_t n) {
    __cancel_point();
    return __syscall_ret(__cancel_point_result(__sys_read(fd, buf, n)));
}
ssize_t write(int fd, const void* buf, size_t n) {
    __cancel_point();
    return __syscall_ret(__cancel_point_result(__sys_write(fd, buf, n)));
}
int close(int fd) {
    return (int)__syscall_ret(__sys_close(fd));
}
int pipe(int fds[2]) {
    return (int)__syscall_ret(__sys_pipe(fds));
}
int dup(int fd) {
    return (int)__syscall_ret(__sys_dup(fd));
}
int dup2(int old_fd, int new_fd) {
    return (int)__syscall_ret(__sys_dup2(old_fd, new_fd));
}

int chdir(const char* path) {
    return (int)__syscall_ret(__sys_chdir(path));
}
int unlink(const char* path) {
    return (int)__syscall_ret(__sys_unlink(path));
}
int link(const char* old_path, const char* new_path) {
    return (int)__syscall_ret(__sys_link(old_path, new_path));
}

int rmdir(const char* path) {
    struct stat st;
    if (stat(path, &st) < 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return unlink(path);
}

void* sbrk(intptr_t increment) {
    long r = __sys_sbrk(increment);
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return (void*)-1;
    }
    return (void*)r;
}

int brk(void* addr) {
    long cur = __sys_sbrk(0);
    if (cur < 0) return (int)__syscall_ret(cur);
    return sbrk((intptr_t)addr - cur) == (void*)-1 ? -1 : 0;
}

int sleep_ticks(long ticks) {
    __cancel_point();
    return (int)__syscall_ret(__cancel_point_result(__sys_sleep(ticks)));
}

unsigned int sleep(unsigned int seconds) {
    sleep_ticks((long)seconds * WEFT_HZ);
    return 0;
}

int usleep(useconds_t usec) {
    /* Round up: sleeping at least as long as asked, like POSIX. */
    long ticks = (usec + 1000000 / WEFT_HZ - 1) / (1000000 / WEFT_HZ);
    return sleep_ticks(ticks);
}

int open(const char* path, int flags, ...) {
    int mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    return (int)__syscall_ret(__sys_open(path, flags, mode));
}

int creat(const char* path, mode_t mode) {
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int fstat(int fd, struct stat* st) {
    return (int)__syscall_ret(__sys_fstat(fd, st));
}

int stat(const char* path, struct stat* st) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int r = fstat(fd, st);
    int saved = errno;
    close(fd);
    errno = saved;
    return r;
}

int mkdir(const char* path, mode_t mode) {
    (void)mode;
    return (int)__syscall_ret(__sys_mkdir(path));
}

int mknod(const char* path, mode_t mode, dev_t dev) {
    if (!S_ISCHR(mode)) {
        errno = EINVAL;
        return -1;
    }
    return (int)__syscall_ret(__sys_mknod(path, major(dev), minor(dev)));
}

int kill(pid_t pid, int sig) {
    return (int)__syscall_ret(__sys_kill(pid, sig));
}

int poweroff(void) {
    return (int)__syscall_ret(__sys_poweroff());
}
int sysinfo(struct weft_sysinfo* info) {
    return (int)__syscall_ret(__sys_sysinfo(info));
}
long uptime(void) {
    return __sys_uptime();
}
