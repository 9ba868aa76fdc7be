// Open files: what a file descriptor refers to. A File is one opening of
// something (fork and dup share it, offset included), of one of three
// kinds, each a subclass overriding read/write/stat:
//   InodeFile   a regular file or directory (file.cpp): reads and writes
//               at its offset, through the inode
//   DeviceFile  a device node (file.cpp): reads and writes go to the
//               driver of its major number (device.h)
//   PipeFile    one end of a pipe (pipe.cpp)
//
// Files are reference counted (RefPtr<File>): a descriptor table slot
// holds one reference. When the last one goes, destroy() releases what
// the file holds (an inode reference: in a log operation of its own, so
// never drop the last reference inside one) and returns the object to its
// kind's pool. At most NFILE files are open system wide (ENFILE).
//
// Locking: a File's kind, access and inode never change after creation;
// an InodeFile's offset is guarded by its inode's sleep lock.
#pragma once

#include "fs/inode.h"
#include "lib/refptr.h"
#include "lib/result.h"
#include "lib/types.h"

enum class FileAccess : u8 { ReadOnly, WriteOnly, ReadWrite };
enum class AppendMode : u8 { AtOffset, AtEnd }; // O_APPEND: every write goes to the end

class File : public RefCounted<File> {
public:
    // Move up to n bytes to/from user memory of the current process.
    // The caller has checked readable()/writable().
    virtual Result<usize> read(UserPtr<u8> user_dst, usize n);
    virtual Result<usize> write(UserPtr<u8> user_src, usize n);
    virtual Result<void> stat(Stat* st);
    // RefCounted: the last reference is gone.
    virtual void destroy();

    bool readable() const { return access_ != FileAccess::WriteOnly; }
    bool writable() const { return access_ != FileAccess::ReadOnly; }

    // Count a file about to be made against NFILE (ENFILE); a kind's
    // destroy() (or a failed creation) gives the slot back.
    static Result<void> reserve_slot();
    static void release_slot();

protected:
    explicit File(FileAccess access) : access_(access) {}
    ~File() = default;

private:
    FileAccess access_;
};

// A file for the inode ip (locked by the caller, which keeps the lock):
// an InodeFile for a regular file or directory, a DeviceFile for a
// device. On success the file takes over ip's reference, leaving ip
// empty; on failure ip keeps it. ENFILE; ENXIO for a device without a
// driver.
Result<RefPtr<File>> open_inode(InodeRef& ip, FileAccess access, AppendMode append);
