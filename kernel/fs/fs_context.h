// FsContext: the file-system state a process can share with CLONE_FS:
// its current working directory.
#pragma once

#include "lib/refptr.h"
#include "lib/result.h"

struct Inode;

class FsContext : public RefCounted<FsContext> {
public:
    // cwd = the root directory.
    static Result<RefPtr<FsContext>> create_root();
    Result<RefPtr<FsContext>> copy(); // fork without CLONE_FS
    void destroy();                   // drops the cwd reference (in a log transaction)

    Inode* cwd() const { return cwd_; }
    // Replace cwd by dir (whose reference the context takes over).
    void set_cwd(Inode* dir);

private:
    Inode* cwd_ = nullptr; // a reference (iget/iput) owned by this context
};
