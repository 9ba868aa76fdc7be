// FsContext (see fs_context.h): the working directory, shareable.
#include "fs/fs_context.h"
#include "fs/inode.h"
#include "fs/layout.h"
#include "fs/log.h"
#include "lib/pool.h"
#include "param.h"

namespace {
constinit Pool<FsContext, NPROC> contexts("fs_contexts");
} // namespace

Result<RefPtr<FsContext>> FsContext::create_root() {
    Inode* root = TRY(iget(fs::ROOTDEV, fs::ROOTINO));
    FsContext* context = contexts.allocate();
    if (!context) {
        // No disk write can follow: the root is never freed.
        iput(root);
        return Errno::ENOMEM;
    }
    context->cwd_ = root;
    return RefPtr<FsContext>::adopt(context);
}

Result<RefPtr<FsContext>> FsContext::copy() {
    FsContext* context = contexts.allocate();
    if (!context) return Errno::ENOMEM;
    context->cwd_ = cwd();
    return RefPtr<FsContext>::adopt(context);
}

usize FsContext::id() const {
    return contexts.slot_of(this);
}

void FsContext::destroy() {
    {
        LogOperation op;
        iput(cwd_);
    }
    cwd_ = nullptr;
    contexts.free(this);
}

Inode* FsContext::cwd() {
    SpinlockGuard guard(lock_);
    return idup(cwd_);
}

void FsContext::set_cwd(Inode* dir) {
    Inode* old;
    {
        SpinlockGuard guard(lock_);
        old = cwd_;
        cwd_ = dir;
    }
    LogOperation op;
    iput(old);
}
