/* File status (<sys/stat.h>). The layout is the kernel's (docs/abi.md). */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct stat {
    unsigned int st_dev;
    unsigned int st_ino;
    unsigned int st_mode;
    unsigned int st_nlink;
    long st_size;
    unsigned int st_rdev; /* (major << 8) | minor for devices */
    unsigned int st_reserved;
};

#define S_IFMT 0170000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFREG 0100000
#define S_IFIFO 0010000

#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

int fstat(int fd, struct stat* st);
int stat(const char* path, struct stat* st); /* open + fstat + close */
int mkdir(const char* path, mode_t mode);   /* mode ignored */
/* Only character devices: mode must say S_IFCHR; dev = makedev(major, minor). */
int mknod(const char* path, mode_t mode, dev_t dev);

#ifdef __cplusplus
}
#endif

#endif
