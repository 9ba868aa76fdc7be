// xv6's system calls on Weft's: the same calls under the same names,
// with the few translations xv6's meaning needs (see user/user.h).
// xv6 reports every failure as -1, so every -errno becomes -1; the
// reason is kept in errno (a Weft addition, see user/user.h).
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "weft_abi.h"

int errno;

static int result(long r) {
    if (r >= 0)
        return (int)r;
    errno = (int)-r;
    return -1;
}

int fork(void) { return result(__sys_fork()); }

int exit(int status) { __sys_exit(status); }

// Weft's status is Linux's: exit code in bits 8-15, or the signal in
// bits 0-6 for a killed child. xv6 wants the code itself.
int wait(int* status) {
    long pid = __sys_wait(status);
    if (pid < 0)
        return result(pid);
    if (status) {
        int s = *status;
        *status = (s & 0x7f) == 0 ? (signed char)((s >> 8) & 0xff) : -1;
    }
    return (int)pid;
}

int pipe(int* fds) { return result(__sys_pipe(fds)); }
int write(int fd, const void* buf, int n) { return result(__sys_write(fd, buf, n < 0 ? 0 : (uint)n)); }
int read(int fd, void* buf, int n) { return result(__sys_read(fd, buf, n < 0 ? 0 : (uint)n)); }
int close(int fd) { return result(__sys_close(fd)); }
int kill(int pid) { return result(__sys_kill(pid, WEFT_SIGKILL)); }
int exec(const char* path, char** argv) { return result(__sys_exec(path, argv)); }

int open(const char* path, int flags) {
    int weft = flags & (O_RDONLY | O_WRONLY | O_RDWR);
    if (flags & O_CREATE)
        weft |= WEFT_O_CREAT;
    if (flags & O_TRUNC)
        weft |= WEFT_O_TRUNC;
    return result(__sys_open(path, weft, 0644));
}

int mknod(const char* path, short major, short minor) { return result(__sys_mknod(path, major, minor)); }
int unlink(const char* path) { return result(__sys_unlink(path)); }

int fstat(int fd, struct stat* st) {
    struct weft_stat ws;
    long r = __sys_fstat(fd, &ws);
    if (r < 0)
        return result(r);
    st->dev = (int)ws.st_dev;
    st->ino = ws.st_ino;
    switch (ws.st_mode & WEFT_S_IFMT) {
    case WEFT_S_IFDIR:
        st->type = T_DIR;
        break;
    case WEFT_S_IFCHR:
        st->type = T_DEVICE;
        break;
    default:
        st->type = T_FILE;
        break;
    }
    st->nlink = (short)ws.st_nlink;
    st->size = (uint64)ws.st_size;
    return 0;
}

int link(const char* old_path, const char* new_path) { return result(__sys_link(old_path, new_path)); }
int mkdir(const char* path) { return result(__sys_mkdir(path)); }
int chdir(const char* path) { return result(__sys_chdir(path)); }
int dup(int fd) { return result(__sys_dup(fd)); }
int getpid(void) { return (int)__sys_getpid(); }

char* sbrk(int n) {
    long r = __sys_sbrk(n);
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return (char*)-1;
    }
    return (char*)r;
}

int sleep(int ticks) { return result(__sys_sleep(ticks)); }
int pause(int ticks) { return result(__sys_sleep(ticks)); }
int uptime(void) { return (int)__sys_uptime(); }

// The reasons xv6 programs meet, by Linux's numbers (the kernel's).
static const char* const reasons[] = {
    [0] = "Success",
    [1] = "Operation not permitted",
    [2] = "No such file or directory",
    [4] = "Interrupted system call",
    [5] = "Input/output error",
    [9] = "Bad file descriptor",
    [10] = "No child processes",
    [11] = "Resource temporarily unavailable",
    [12] = "Cannot allocate memory",
    [13] = "Permission denied",
    [14] = "Bad address",
    [17] = "File exists",
    [18] = "Invalid cross-device link",
    [20] = "Not a directory",
    [21] = "Is a directory",
    [22] = "Invalid argument",
    [23] = "Too many open files in system",
    [24] = "Too many open files",
    [27] = "File too large",
    [28] = "No space left on device",
    [31] = "Too many links",
    [32] = "Broken pipe",
    [36] = "File name too long",
    [39] = "Directory not empty",
};

const char* strerror(int err) {
    if (err >= 0 && err < (int)(sizeof reasons / sizeof reasons[0]) && reasons[err])
        return reasons[err];
    return "Unknown error";
}
