// System calls on path names: open, mknod, mkdir, unlink, link, chdir.
//
// Each changes the disk inside one log operation (LogOperation), in the
// xv6 order: look up the parent directory, lock it, then lock the entry.
// Files are made inside the operation but installed in the descriptor
// table after it ends, so that a failed install (EMFILE), which drops
// the new file and so iput()s, does not nest a log operation.
#include "fs/dir.h"
#include "fs/file.h"
#include "fs/file_table.h"
#include "fs/fs_context.h"
#include "fs/log.h"
#include "fs/path.h"
#include "lib/panic.h"
#include "mm/user_memory.h"
#include "param.h"
#include "proc/process.h"
#include "syscall/syscall.h"

namespace {

// open flags (Linux's values, docs/abi.md).
constexpr int O_ACCMODE = 03;
constexpr int O_RDONLY = 00;
constexpr int O_WRONLY = 01;
constexpr int O_RDWR = 02;
constexpr int O_CREAT = 0100;
constexpr int O_EXCL = 0200;
constexpr int O_TRUNC = 01000;
constexpr int O_APPEND = 02000;

// A path argument, copied in. EFAULT, ENAMETOOLONG.
struct PathArg {
    char text[MAXPATH];
};
Result<void> copy_path(PathArg& path, u64 user_address) {
    TRY(copy_string_from_user(path.text, user_address, MAXPATH));
    return ok();
}

enum class IfExists { Fail, Open };

// Make a new inode of the given type named path, or (IfExists::Open, for
// open(O_CREAT) of a file) return the existing file. The inode comes back
// referenced and locked. Inside a log operation.
Result<Inode*> create(const char* path, InodeType type, u16 major, u16 minor, IfExists if_exists) {
    char name[fs::DIRSIZ + 1];
    Inode* dp = TRY(nameiparent(path, name));
    ilock(dp);
    if (dp->nlink == 0) { // the directory was removed while someone stood in it
        iunlockput(dp);
        return Errno::ENOENT;
    }

    Result<Inode*> existing = dirlookup(dp, name, nullptr);
    if (!existing.is_error()) {
        iunlockput(dp);
        Inode* ip = existing.value();
        if (if_exists == IfExists::Fail) {
            iput(ip);
            return Errno::EEXIST;
        }
        ilock(ip);
        if (ip->type == InodeType::Directory) {
            iunlockput(ip);
            return Errno::EISDIR;
        }
        return ip;
    }
    if (existing.error() != Errno::ENOENT) {
        iunlockput(dp);
        return existing.error();
    }

    Result<Inode*> made = ialloc(dp->dev, type);
    if (made.is_error()) {
        iunlockput(dp);
        return made.error();
    }
    Inode* ip = made.value();
    ilock(ip);
    ip->major = major;
    ip->minor = minor;
    ip->nlink = 1;
    iupdate(ip);

    Result<void> linked = ok();
    if (type == InodeType::Directory) {
        // "." is not counted in nlink (it would keep the directory alive
        // forever); ".." counts as a link to the parent.
        linked = dirlink(ip, ".", ip->inum);
        if (!linked.is_error()) linked = dirlink(ip, "..", dp->inum);
    }
    if (!linked.is_error()) linked = dirlink(dp, name, ip->inum);
    if (linked.is_error()) {
        // Give the new inode back: with nlink 0, the last iput frees it.
        ip->nlink = 0;
        iupdate(ip);
        iunlockput(ip);
        iunlockput(dp);
        return linked.error();
    }
    if (type == InodeType::Directory) {
        dp->nlink++; // the new directory's ".."
        iupdate(dp);
    }
    iunlockput(dp);
    return ip;
}

FileAccess access_of(int flags) {
    switch (flags & O_ACCMODE) {
    case O_WRONLY:
        return FileAccess::WriteOnly;
    case O_RDWR:
        return FileAccess::ReadWrite;
    case O_RDONLY:
    default: // O_ACCMODE itself: sys_open refuses it first
        return FileAccess::ReadOnly;
    }
}

} // namespace

// open(path, flags, mode) -> fd. mode is ignored (no permissions yet).
Result<u64> sys_open(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.raw(0)));
    int flags = args.int32(1);
    if ((flags & O_ACCMODE) == O_ACCMODE) return Errno::EINVAL;
    FileAccess access = access_of(flags);
    AppendMode append = (flags & O_APPEND) ? AppendMode::AtEnd : AppendMode::AtOffset;

    RefPtr<File> file;
    {
        LogOperation op;
        Inode* ip;
        if (flags & O_CREAT) {
            IfExists if_exists = (flags & O_EXCL) ? IfExists::Fail : IfExists::Open;
            ip = TRY(create(path.text, InodeType::File, 0, 0, if_exists));
        } else {
            ip = TRY(namei(path.text));
            ilock(ip);
        }
        // ip: referenced and locked.
        if (ip->type == InodeType::Directory && access != FileAccess::ReadOnly) {
            iunlockput(ip);
            return Errno::EISDIR;
        }
        if ((flags & O_TRUNC) && ip->type == InodeType::File && access != FileAccess::ReadOnly)
            itrunc(ip);
        Result<RefPtr<File>> opened = open_inode(ip, access, append);
        if (opened.is_error()) {
            iunlockput(ip);
            return opened.error();
        }
        iunlock(ip); // the file owns the reference now
        file = opened.release_value();
    }
    return static_cast<u64>(TRY(current_process()->files->install(kstd::move(file))));
}

// mknod(path, major, minor): a device node.
Result<u64> sys_mknod(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.raw(0)));
    i64 major = args.integer(1);
    i64 minor = args.integer(2);
    if (major < 0 || major > 0xffff || minor < 0 || minor > 0xffff) return Errno::EINVAL;

    LogOperation op;
    Inode* ip = TRY(create(path.text, InodeType::Device, static_cast<u16>(major),
                           static_cast<u16>(minor), IfExists::Fail));
    iunlockput(ip);
    return 0;
}

// mkdir(path).
Result<u64> sys_mkdir(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.raw(0)));
    LogOperation op;
    Inode* ip = TRY(create(path.text, InodeType::Directory, 0, 0, IfExists::Fail));
    iunlockput(ip);
    return 0;
}

// chdir(path): the calling process's (FsContext's) working directory.
Result<u64> sys_chdir(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.raw(0)));
    Inode* ip;
    {
        LogOperation op;
        ip = TRY(namei(path.text));
        ilock(ip);
        if (ip->type != InodeType::Directory) {
            iunlockput(ip);
            return Errno::ENOTDIR;
        }
        iunlock(ip);
    }
    // Outside the operation: set_cwd() iputs the old cwd in one of its own.
    current_process()->fs->set_cwd(ip);
    return 0;
}

// link(old, new): another name for the file old (not a directory).
Result<u64> sys_link(const SyscallArgs& args) {
    PathArg old_path, new_path;
    TRY(copy_path(old_path, args.raw(0)));
    TRY(copy_path(new_path, args.raw(1)));

    LogOperation op;
    Inode* ip = TRY(namei(old_path.text));
    ilock(ip);
    if (ip->type == InodeType::Directory) {
        iunlockput(ip);
        return Errno::EPERM;
    }
    if (ip->nlink == 0xffff) {
        iunlockput(ip);
        return Errno::EMLINK;
    }
    // Count the new link first, so that a concurrent unlink of the old
    // name cannot free the inode while it is unlocked below.
    ip->nlink++;
    iupdate(ip);
    iunlock(ip);

    char name[fs::DIRSIZ + 1];
    Result<void> linked = ok();
    Result<Inode*> parent = nameiparent(new_path.text, name);
    if (parent.is_error()) {
        linked = parent.error();
    } else {
        Inode* dp = parent.value();
        ilock(dp);
        if (dp->dev != ip->dev)
            linked = Errno::EXDEV;
        else if (dp->nlink == 0)
            linked = Errno::ENOENT;
        else
            linked = dirlink(dp, name, ip->inum);
        iunlockput(dp);
    }
    ilock(ip);
    if (linked.is_error()) {
        ip->nlink--;
        iupdate(ip);
    }
    iunlockput(ip);
    if (linked.is_error()) return linked.error();
    return 0;
}

// unlink(path): remove a name; the file goes when its last name and its
// last open file are gone. An empty directory may be unlinked (as in
// xv6: there is no separate rmdir); a non-empty one is ENOTEMPTY.
Result<u64> sys_unlink(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.raw(0)));

    LogOperation op;
    char name[fs::DIRSIZ + 1];
    Result<Inode*> parent = nameiparent(path.text, name);
    if (parent.is_error()) return parent.error() == Errno::EEXIST ? Errno::EBUSY : parent.error();
    Inode* dp = parent.value();
    ilock(dp);
    if (namecmp(name, ".") == 0 || namecmp(name, "..") == 0) {
        iunlockput(dp);
        return Errno::EINVAL;
    }
    u32 offset = 0;
    Result<Inode*> found = dirlookup(dp, name, &offset);
    if (found.is_error()) {
        iunlockput(dp);
        return found.error();
    }
    Inode* ip = found.value();
    ilock(ip);
    if (ip->nlink < 1) panic("unlink: inode %u has no links", ip->inum);
    if (ip->type == InodeType::Directory && !dir_is_empty(ip)) {
        iunlockput(ip);
        iunlockput(dp);
        return Errno::ENOTEMPTY;
    }

    dirunlink(dp, offset);
    if (ip->type == InodeType::Directory) {
        dp->nlink--; // its ".." is gone
        iupdate(dp);
    }
    iunlockput(dp);

    ip->nlink--;
    iupdate(ip);
    iunlockput(ip); // frees the inode if this was the last name and reference
    return 0;
}
