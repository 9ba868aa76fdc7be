// Private to the xv6 compatibility library: the Weft kernel's side of
// the contract (docs/abi.md) that the xv6 API is translated onto. It
// never includes Weft's user headers (the two include roots never share
// one): what the kernel's abi/ root defines it includes, the few other
// definitions it needs it repeats.
#ifndef XV6_LIB_WEFT_ABI_H
#define XV6_LIB_WEFT_ABI_H

// The raw system-call stubs (user/lib/syscalls.S): >= 0 or -errno.
#include <weft/syscalls.h>

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
