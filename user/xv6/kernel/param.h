// xv6 compatibility root: xv6's limits, with Weft's kernel's values
// (kernel/param.h in the Weft tree) where the two differ.
#ifndef XV6_KERNEL_PARAM_H
#define XV6_KERNEL_PARAM_H

#define NPROC 64        // process slots in the kernel's table
#define NCPU 8          // harts the kernel is built for, at most
#define NOFILE 64       // descriptors one process may hold open
#define NFILE 256       // open-file objects in the whole system
#define NINODE 64       // in-memory inode slots
#define NDEV 10         // highest device major number, plus one
#define ROOTDEV 1       // the disk that holds /
#define MAXARG 32       // argv entries exec accepts
#define MAXOPBLOCKS 10  // blocks one file-system operation may dirty
#define LOGSIZE (MAXOPBLOCKS * 3) // data blocks the on-disk log can hold
#define NBUF (MAXOPBLOCKS * 6)    // blocks the buffer cache keeps
#define FSSIZE 20000    // blocks in the disk image mkfs writes
#define MAXPATH 128     // longest path name, terminator included
#define USERSTACK 8     // pages of a new program's stack

#endif
