// FsContext: the file-system state a process can share with CLONE_FS:
// its current working directory.
//
// Locking: lock_ (rank FsContext) guards cwd_, since a thread of another
// process sharing the context may chdir at any time. cwd() therefore
// hands out a new reference rather than the pointer itself.
#pragma once

#include "fs/inode.h"
#include "lib/refptr.h"
#include "lib/result.h"
#include "lib/spinlock.h"

class FsContext : public RefCounted<FsContext> {
public:
    // cwd = the root directory. ENOMEM when the pool is exhausted, ENFILE
    // when the inode table is full. Reads no disk (the file system need
    // not be mounted yet).
    static Result<RefPtr<FsContext>> create_root();
    Result<RefPtr<FsContext>> copy(); // fork without CLONE_FS
    void destroy();                   // drops the cwd reference (in its own log operation)
    // Its slot in the table of contexts: an id for procinfo.
    usize id() const;

    // A new reference to the working directory.
    InodeRef cwd();
    // Replace cwd by dir. The old cwd is dropped in a log operation of its
    // own: call outside one.
    void set_cwd(InodeRef dir);

private:
    Spinlock lock_{"fs_context", LockRank::FsContext};
    InodeRef cwd_;
};
