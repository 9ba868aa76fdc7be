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
    InodeRef root = TRY(iget(fs::ROOTDEV, fs::ROOTINO));
    FsContext* context = contexts.allocate();
    // Failing, root is dropped outside a log operation: no disk write can
    // follow, since the root is never freed.
    if (!context) return Errno::ENOMEM;
    context->cwd_ = kstd::move(root);
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
    LogOperation op; // ~FsContext drops the cwd, which may write the disk
    contexts.free(this);
}

InodeRef FsContext::cwd() {
    SpinlockGuard guard(lock_);
    return idup(cwd_.get());
}

void FsContext::set_cwd(InodeRef dir) {
    LogOperation op; // dropping the old cwd may write the disk
    InodeRef old;
    {
        SpinlockGuard guard(lock_);
        old = kstd::move(cwd_);
        cwd_ = kstd::move(dir);
    }
    // old goes here, after the spinlock (iput may sleep), before end_op.
}
