/* Basic system data types (POSIX <sys/types.h>). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef int pid_t;
typedef long off_t;
typedef unsigned int mode_t;
typedef unsigned int dev_t;
typedef unsigned int ino_t;
typedef unsigned int nlink_t;
typedef int uid_t;
typedef int gid_t;
typedef long time_t;
typedef long useconds_t;

/* Device numbers as the kernel encodes them: (major << 8) | minor. */
#define makedev(ma, mi) ((dev_t)((((ma) & 0xffffff) << 8) | ((mi) & 0xff)))
#define major(dev) ((unsigned int)(dev) >> 8)
#define minor(dev) ((unsigned int)(dev) & 0xff)

#endif
