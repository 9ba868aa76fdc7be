// xv6 compatibility root: what xv6 user programs need of the on-disk
// format. A directory read with read() yields struct dirent records
// (the same 16-byte layout as Weft's fs::DirEntry, kernel/fs/layout.h);
// inum 0 marks an unused slot.
#ifndef XV6_KERNEL_FS_H
#define XV6_KERNEL_FS_H

#define ROOTINO 1  // root i-number
#define BSIZE 1024 // block size

#define DIRSIZ 14

struct dirent {
    ushort inum;
    char name[DIRSIZ];
};

#endif
