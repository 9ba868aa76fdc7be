// Kernel-wide limits (xv6's names, kept so readers of the xv6 book find
// their way). Fixed tables keep the kernel free of hidden allocation;
// running out of one is an error value (EAGAIN, ENFILE, ...), never a panic.
#pragma once

#include "lib/types.h"

inline constexpr usize NCPU = 8;                  // harts supported; extra harts are parked
inline constexpr usize NPROC = 64;                // processes
inline constexpr usize NTHREAD = 128;             // threads, system wide (threads-max)
inline constexpr usize NOFILE = 64;               // open files per process (default RLIMIT_NOFILE)
inline constexpr usize NFILE = 256;               // open files, system wide
inline constexpr usize NINODE = 64;               // in-memory inodes
inline constexpr usize NDEV = 10;                 // device major numbers
inline constexpr usize MAXARG = 32;               // exec arguments
inline constexpr usize MAXARGLEN = 4096;          // total bytes of exec arguments
inline constexpr usize MAXPATH = 128;             // path name length
inline constexpr usize MAXOPBLOCKS = 10;          // blocks one FS operation may write
inline constexpr usize LOGSIZE = MAXOPBLOCKS * 3; // blocks in the on-disk log
// Buffer cache size: more than LOGSIZE, since the log pins every block of
// a transaction in the cache until it commits.
inline constexpr usize NBUF = MAXOPBLOCKS * 6;
inline constexpr usize FSSIZE = 20000;       // file-system size in blocks (mkfs)
inline constexpr usize USER_STACK_PAGES = 8; // the main thread's initial user stack
