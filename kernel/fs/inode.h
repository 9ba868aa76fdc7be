// Inodes: files without names. An inode describes one file, directory or
// device: its type, size, link count and the disk blocks holding its
// contents. The kernel keeps the inodes in use in a table of NINODE
// in-memory copies, so that every thread using a file sees the same copy
// and can lock it.
//
// Life of an in-memory inode:
//   InodeRef ip = TRY(iget(dev, inum));  // owns a reference (ip->ref); fields maybe not read yet
//   {
//       InodeLockGuard lock(ip);         // sleep-lock it; reads the disk inode on first use
//       ... ip->type, ip->size, readi(), writei(), iupdate() ...
//   }                                    // iunlock
//   // ip goes out of scope: iput, dropping the reference
// A reference keeps the table slot (and the inode number) from being
// reused; it is what open files, the cwd and path lookup hold, often for
// a long time. The lock is held only briefly, to read or change the
// inode, and never across a function's return: every function handing
// out a reference hands it out unlocked. When the last reference goes
// and no directory names the inode any more (nlink == 0), iput() frees
// its blocks and the inode itself, so iput() writes the disk: drop an
// InodeRef inside a log operation (fs/log.h), and unlocked. Declaring
//   LogOperation op;  InodeRef ip = ...;  InodeLockGuard lock(ip);
// in that order gets both from C++'s reverse destruction order, on every
// return.
//
// Locking:
//   the table lock (rank Inode) guards every inode's dev, inum and ref;
//   ip->lock (a SleepLock) guards everything else in the Inode, and is
//     needed to call readi/writei/itrunc/iupdate/stati.
//   File-system sleep-lock order: a directory before the entries in it
//   (path lookup holds one inode lock at a time; create/unlink hold the
//   parent, then the child); inode locks before buffer locks.
#pragma once

#include "fs/layout.h"
#include "lib/result.h"
#include "lib/user_ptr.h"
#include "proc/sleeplock.h"

using fs::InodeType;

struct Inode {
    // Guarded by the inode table lock.
    u32 dev = 0;
    u32 inum = 0;
    int ref = 0; // references (iget/idup not yet iput)

    SleepLock lock{"inode"};

    // Guarded by lock. A copy of the disk inode, read by ilock().
    bool valid = false; // the fields below have been read from disk
    InodeType type = InodeType::Free;
    u16 major = 0;
    u16 minor = 0;
    u16 nlink = 0;
    u32 size = 0;
    u32 addrs[fs::NADDRS] = {};
};

// fstat's answer, laid out as the ABI says (docs/abi.md: struct stat).
struct Stat {
    u32 st_dev;
    u32 st_ino;
    u32 st_mode;
    u32 st_nlink;
    i64 st_size;
    u32 st_rdev; // (major << 8) | minor for devices
    u32 st_reserved;
};
static_assert(sizeof(Stat) == 32, "struct stat is 32 bytes (docs/abi.md)");
inline constexpr u32 S_IFDIR = 0040000;
inline constexpr u32 S_IFREG = 0100000;
inline constexpr u32 S_IFCHR = 0020000;

// Drop a reference (inside a log operation: may free the inode). Only
// InodeRef calls it.
void iput(Inode* ip);

// An owned reference to an in-memory inode: iput() when it goes. Move-
// only, like the reference it stands for; empty after a move.
class InodeRef {
public:
    InodeRef() = default;
    // Adopt a reference the caller has taken (iget/idup's own).
    explicit InodeRef(Inode* referenced) : ip_(referenced) {}
    InodeRef(InodeRef&& other) : ip_(other.release()) {}
    InodeRef& operator=(InodeRef&& other) {
        if (this != &other) {
            clear();
            ip_ = other.release();
        }
        return *this;
    }
    InodeRef(const InodeRef&) = delete;
    InodeRef& operator=(const InodeRef&) = delete;
    ~InodeRef() { clear(); }

    // Drop the reference now (inside a log operation, unlocked).
    void clear() {
        if (ip_) iput(release());
    }
    // Hand the reference on: the caller now owns it, as a bare Inode*.
    Inode* release() {
        Inode* ip = ip_;
        ip_ = nullptr;
        return ip;
    }
    Inode* get() const { return ip_; }
    Inode* operator->() const { return ip_; }

private:
    Inode* ip_ = nullptr;
};

// A referenced, unlocked in-memory inode for (dev, inum). ENFILE when
// every table slot is in use. Does not read the disk.
Result<InodeRef> iget(u32 dev, u32 inum);
// Another reference to ip.
InodeRef idup(Inode* ip);
// Lock ip, reading it from disk if needed. Callers use InodeLockGuard.
void ilock(Inode* ip);
void iunlock(Inode* ip);

// Allocate a fresh inode of the given type on disk (inside a log
// operation). Referenced, unlocked, nlink 0. ENOSPC when the disk has no
// free inode, ENFILE when the table is full.
Result<InodeRef> ialloc(u32 dev, InodeType type);
// Copy ip's fields to its disk inode (locked, inside a log operation).
// Call after every change of a field that lives on disk.
void iupdate(Inode* ip);
// Free all of ip's blocks and set its size to 0 (locked, inside an operation).
void itrunc(Inode* ip);
// ip's metadata (locked).
void stati(Inode* ip, Stat* st);

// Read up to n bytes at offset into kernel memory (ip locked). Fewer
// bytes at the end of the file; 0 at or past it.
Result<usize> readi(Inode* ip, void* kernel_dst, u64 offset, usize n);
// The same into user memory of the current process. EFAULT.
Result<usize> readi_user(Inode* ip, UserPtr<u8> user_dst, u64 offset, usize n);
// Write n bytes at offset (ip locked, inside a log operation), growing
// the file. The caller keeps one call within a transaction's block budget
// (see InodeFile::write). Returns the bytes written; fewer than n (or,
// with none written, the error) on ENOSPC, EFBIG (past the largest file),
// EFAULT. EINVAL when offset is past the end of the file.
Result<usize> writei(Inode* ip, const void* kernel_src, u64 offset, usize n);
Result<usize> writei_user(Inode* ip, UserPtr<u8> user_src, u64 offset, usize n);

// The largest file, in bytes.
inline constexpr u64 MAX_FILE_BYTES = static_cast<u64>(fs::MAXFILE) * fs::BSIZE;

// ilock() now, iunlock() at the end of the scope.
class InodeLockGuard {
public:
    explicit InodeLockGuard(Inode* ip) : ip_(ip) { ilock(ip_); }
    explicit InodeLockGuard(const InodeRef& ip) : InodeLockGuard(ip.get()) {}
    ~InodeLockGuard() { iunlock(ip_); }
    InodeLockGuard(const InodeLockGuard&) = delete;
    InodeLockGuard& operator=(const InodeLockGuard&) = delete;

private:
    Inode* ip_;
};
