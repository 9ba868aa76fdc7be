// The on-disk format of Weft's file system, shared by the kernel and the
// host tools (mkfs/mkfs.cpp, mkfs/fsck.cpp): it must compile with the
// host's g++ too, so it includes nothing beyond fixed-width integers.
//
// The disk is an array of BSIZE-byte blocks:
//
//   [ 0: boot | 1: super | log header, log blocks | inode blocks | free bitmap | data blocks ]
//
// The superblock (block 1) says where each area starts. All integers are
// little-endian (the byte order of both RISC-V and the x86 host).
#pragma once

#include "lib/types.h"
#include "param.h"

namespace fs {

inline constexpr usize BSIZE = 1024;        // bytes per block
inline constexpr u32 FS_MAGIC = 0x57656674; // "Weft" in ASCII, read as a number
inline constexpr u32 ROOTDEV = 1;           // the one disk
inline constexpr u32 ROOTINO = 1;           // the root directory's inode number
inline constexpr u32 SUPERBLOCK_BLOCK = 1;

struct SuperBlock {
    u32 magic;      // FS_MAGIC
    u32 size;       // total blocks in the image
    u32 nblocks;    // data blocks
    u32 ninodes;    // inodes
    u32 nlog;       // log blocks, header included
    u32 logstart;   // first log block (the header)
    u32 inodestart; // first inode block
    u32 bmapstart;  // first free-bitmap block
};

// Inode types. The values are xv6's (T_DIR 1, T_FILE 2, T_DEVICE 3).
enum class InodeType : u16 {
    Free = 0,
    Directory = 1,
    File = 2,
    Device = 3,
};

// Block addresses of a file: NDIRECT direct ones, then one block of
// NINDIRECT addresses (single indirect), then one block of NINDIRECT
// addresses of such blocks (double indirect). A zero address means "no
// block yet" (a hole reads as zeros; block 0 is the boot block and is
// never part of a file).
inline constexpr usize NDIRECT = 11;
inline constexpr usize NINDIRECT = BSIZE / sizeof(u32);
inline constexpr usize NDINDIRECT = NINDIRECT * NINDIRECT;
inline constexpr usize INDIRECT_SLOT = NDIRECT;      // addrs[] index of the single-indirect block
inline constexpr usize DINDIRECT_SLOT = NDIRECT + 1; // addrs[] index of the double-indirect block
inline constexpr usize NADDRS = NDIRECT + 2;
inline constexpr usize MAXFILE = NDIRECT + NINDIRECT + NDINDIRECT; // in blocks

// An inode on disk.
struct DiskInode {
    InodeType type; // Free when the inode is unused
    u16 major;      // devices only
    u16 minor;      // devices only
    u16 nlink;      // directory entries naming it (a directory's own "." not counted)
    u32 size;       // bytes
    u32 addrs[NADDRS];
};
static_assert(sizeof(DiskInode) == 64, "inodes must pack evenly into blocks");

inline constexpr usize IPB = BSIZE / sizeof(DiskInode); // inodes per block
inline constexpr usize BPB = BSIZE * 8;                 // bitmap bits per block

// The block holding inode inum, and the bitmap block holding block b's bit.
constexpr u32 inode_block(u32 inum, const SuperBlock& sb) {
    return static_cast<u32>(inum / IPB + sb.inodestart);
}
constexpr u32 bitmap_block(u32 b, const SuperBlock& sb) {
    return static_cast<u32>(b / BPB + sb.bmapstart);
}

// A directory is a file of DirEntry records; inum 0 marks a free slot.
// Names are at most DIRSIZ bytes, NUL-padded (not terminated when full).
inline constexpr usize DIRSIZ = 14;
struct DirEntry {
    u16 inum;
    char name[DIRSIZ];
};
static_assert(sizeof(DirEntry) == 16, "directory entries must pack evenly into blocks");

// The log header (first log block): how many blocks the committed
// transaction holds and where each one belongs on disk. n == 0 means no
// committed transaction is waiting to be installed.
struct LogHeader {
    u32 n;
    u32 block[LOGSIZE];
};
static_assert(sizeof(LogHeader) <= BSIZE, "the log header must fit in one block");

// Sizes mkfs uses for a fresh image.
inline constexpr u32 NINODES = 1024;

} // namespace fs
