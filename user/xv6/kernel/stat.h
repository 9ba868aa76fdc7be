// xv6 compatibility root: xv6's struct stat. Weft's kernel reports a
// larger, POSIX-style stat; the compatibility fstat translates.
#ifndef XV6_KERNEL_STAT_H
#define XV6_KERNEL_STAT_H

#define T_DIR 1    // holds names of other inodes
#define T_FILE 2   // holds bytes
#define T_DEVICE 3 // reads and writes go to a driver (major number)

struct stat {
    int dev;     // the disk the inode lives on
    uint ino;    // its number on that disk
    short type;  // T_DIR, T_FILE or T_DEVICE
    short nlink; // directory entries naming it
    uint64 size; // length in bytes
};

#endif
