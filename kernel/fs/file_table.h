// FileTable: a process's open-file descriptors, fd -> File. Shared by
// CLONE_FILES (one table, several processes); otherwise fork copies the
// table, and the copies share the open Files (offsets included).
//
// Locking: lock_ (rank FileTable) guards slots_. A File's last reference
// may be dropped only with the lock released (closing an inode file
// writes the disk and sleeps), so close/dup2/close_all take the File out
// under the lock and let it go afterwards. For the same reason, never
// call close/dup2/close_all/destroy inside a log operation or with a
// spinlock held.
#pragma once

#include "fs/file.h"
#include "lib/refptr.h"
#include "lib/result.h"
#include "lib/spinlock.h"
#include "param.h"

class FileTable : public RefCounted<FileTable> {
public:
    static Result<RefPtr<FileTable>> create_empty(); // ENOMEM when the pool is exhausted
    Result<RefPtr<FileTable>> copy();                // fork: same Files, new table
    void destroy();                                  // closes every fd
    // Its slot in the table of tables: an id for procinfo (one per live table).
    usize id() const;

    // The lowest free fd below fd_limit (the caller's RLIMIT_NOFILE, which
    // the process layer knows) now refers to file. EMFILE when full.
    Result<int> install(RefPtr<File> file, u64 fd_limit);
    // The file at fd, with a reference for the caller. EBADF.
    Result<RefPtr<File>> get(int fd);
    Result<void> close(int fd);               // EBADF
    Result<int> dup2(int old_fd, int new_fd); // EBADF; new_fd closed first if open
    void close_all();

private:
    static bool in_range(int fd) { return fd >= 0 && static_cast<usize>(fd) < NOFILE; }

    Spinlock lock_{"file_table", LockRank::FileTable}; // guards slots_
    RefPtr<File> slots_[NOFILE];
};
