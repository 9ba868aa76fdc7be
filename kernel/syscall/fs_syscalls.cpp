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

// Where the caller's relative paths start (its cwd).
FsContext& caller_fs() {
    return *current_process()->fs;
}

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
Result<void> copy_path(PathArg& path, UserPtr<char> user_path) {
    TRY(copy_string_from_user(path.text, user_path, MAXPATH));
    return ok();
}

enum class IfExists { Fail, Open };

// A new inode of the given type, named name in dp (locked). Inside a log
// operation.
Result<InodeRef> make_entry(Inode* dp, const char* name, InodeType type, u16 major, u16 minor) {
    InodeRef ip = TRY(ialloc(dp->dev, type));
    InodeLockGuard lock(ip);
    ip->major = major;
    ip->minor = minor;
    ip->nlink = 1;
    iupdate(ip.get());

    Result<void> linked = ok();
    if (type == InodeType::Directory) {
        // "." is not counted in nlink (it would keep the directory alive
        // forever); ".." counts as a link to the parent.
        linked = dirlink(ip.get(), ".", ip->inum);
        if (!linked.is_error()) linked = dirlink(ip.get(), "..", dp->inum);
    }
    if (!linked.is_error()) linked = dirlink(dp, name, ip->inum);
    if (linked.is_error()) {
        // Give the new inode back: with nlink 0, dropping ip (after its
        // lock) frees it.
        ip->nlink = 0;
        iupdate(ip.get());
        return linked.error();
    }
    if (type == InodeType::Directory) {
        dp->nlink++; // the new directory's ".."
        iupdate(dp);
    }
    return ip;
}

// Make a new inode of the given type named path, or (IfExists::Open, for
// open(O_CREAT) of a file) return the existing file. Inside a log
// operation.
Result<InodeRef> create(const char* path, InodeType type, u16 major, u16 minor,
                        IfExists if_exists) {
    char name[fs::DIRSIZ + 1];
    InodeRef dp = TRY(nameiparent(caller_fs(), path, name));
    InodeRef existing;
    {
        InodeLockGuard dir_lock(dp);
        // The directory was removed while someone stood in it.
        if (dp->nlink == 0) return Errno::ENOENT;
        Result<InodeRef> found = dirlookup(dp.get(), name, nullptr);
        if (found.is_error()) {
            if (found.error() != Errno::ENOENT) return found.error();
            return make_entry(dp.get(), name, type, major, minor);
        }
        existing = found.release_value();
    }
    // dp is unlocked before existing is locked: name may be "." (the same inode).
    if (if_exists == IfExists::Fail) return Errno::EEXIST;
    InodeLockGuard lock(existing);
    if (existing->type == InodeType::Directory) return Errno::EISDIR;
    return existing;
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
    TRY(copy_path(path, args.user<char>(0)));
    int flags = args.int32(1);
    if ((flags & O_ACCMODE) == O_ACCMODE) return Errno::EINVAL;
    FileAccess access = access_of(flags);
    AppendMode append = (flags & O_APPEND) ? AppendMode::AtEnd : AppendMode::AtOffset;

    RefPtr<File> file;
    {
        LogOperation op;
        InodeRef ip;
        if (flags & O_CREAT) {
            IfExists if_exists = (flags & O_EXCL) ? IfExists::Fail : IfExists::Open;
            ip = TRY(create(path.text, InodeType::File, 0, 0, if_exists));
        } else {
            ip = TRY(namei(caller_fs(), path.text));
        }
        InodeLockGuard lock(ip);
        if (ip->type == InodeType::Directory && access != FileAccess::ReadOnly)
            return Errno::EISDIR;
        if ((flags & O_TRUNC) && ip->type == InodeType::File && access != FileAccess::ReadOnly)
            itrunc(ip.get());
        file = TRY(open_inode(ip, access, append)); // the file owns ip's reference now
    }
    return static_cast<u64>(TRY(install_in_caller(kstd::move(file))));
}

// mknod(path, major, minor): a device node.
Result<u64> sys_mknod(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.user<char>(0)));
    i64 major = args.integer(1);
    i64 minor = args.integer(2);
    if (major < 0 || major > 0xffff || minor < 0 || minor > 0xffff) return Errno::EINVAL;

    LogOperation op;
    TRY(create(path.text, InodeType::Device, static_cast<u16>(major), static_cast<u16>(minor),
               IfExists::Fail));
    return 0;
}

// mkdir(path).
Result<u64> sys_mkdir(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.user<char>(0)));
    LogOperation op;
    TRY(create(path.text, InodeType::Directory, 0, 0, IfExists::Fail));
    return 0;
}

// The directory path names, looked up in a log operation of its own. ENOTDIR.
Result<InodeRef> find_directory(const char* path) {
    LogOperation op;
    InodeRef ip = TRY(namei(caller_fs(), path));
    InodeLockGuard lock(ip);
    if (ip->type != InodeType::Directory) return Errno::ENOTDIR;
    return ip;
}

// chdir(path): the calling process's (FsContext's) working directory.
Result<u64> sys_chdir(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.user<char>(0)));
    // Outside find_directory's operation: set_cwd() drops the old cwd in one of its own.
    current_process()->fs->set_cwd(TRY(find_directory(path.text)));
    return 0;
}

// Add the name new_path for ip (unlocked, a file with the link already
// counted in nlink). EXDEV, ENOENT, and dirlink's errors.
Result<void> add_link(const char* new_path, Inode* ip) {
    char name[fs::DIRSIZ + 1];
    InodeRef dp = TRY(nameiparent(caller_fs(), new_path, name));
    InodeLockGuard lock(dp);
    if (dp->dev != ip->dev) return Errno::EXDEV;
    if (dp->nlink == 0) return Errno::ENOENT;
    return dirlink(dp.get(), name, ip->inum);
}

// link(old, new): another name for the file old (not a directory).
Result<u64> sys_link(const SyscallArgs& args) {
    PathArg old_path, new_path;
    TRY(copy_path(old_path, args.user<char>(0)));
    TRY(copy_path(new_path, args.user<char>(1)));

    LogOperation op;
    InodeRef ip = TRY(namei(caller_fs(), old_path.text));
    {
        InodeLockGuard lock(ip);
        if (ip->type == InodeType::Directory) return Errno::EPERM;
        if (ip->nlink == 0xffff) return Errno::EMLINK;
        // Count the new link first, so that a concurrent unlink of the old
        // name cannot free the inode while it is unlocked below.
        ip->nlink++;
        iupdate(ip.get());
    }
    Result<void> linked = add_link(new_path.text, ip.get());
    if (linked.is_error()) {
        InodeLockGuard lock(ip);
        ip->nlink--;
        iupdate(ip.get());
        return linked.error();
    }
    return 0;
}

// unlink(path): remove a name; the file goes when its last name and its
// last open file are gone. An empty directory may be unlinked (as in
// xv6: there is no separate rmdir); a non-empty one is ENOTEMPTY.
Result<u64> sys_unlink(const SyscallArgs& args) {
    PathArg path;
    TRY(copy_path(path, args.user<char>(0)));

    LogOperation op;
    char name[fs::DIRSIZ + 1];
    Result<InodeRef> parent = nameiparent(caller_fs(), path.text, name);
    if (parent.is_error()) return parent.error() == Errno::EEXIST ? Errno::EBUSY : parent.error();
    InodeRef dp = parent.release_value();
    // Declared before the locks: dropped after both, which frees the
    // inode if this was its last name and reference.
    InodeRef ip;
    {
        InodeLockGuard dir_lock(dp);
        if (namecmp(name, ".") == 0 || namecmp(name, "..") == 0) return Errno::EINVAL;
        u32 offset = 0;
        ip = TRY(dirlookup(dp.get(), name, &offset));
        InodeLockGuard lock(ip);
        if (ip->nlink < 1) panic("unlink: inode %u has no links", ip->inum);
        if (ip->type == InodeType::Directory && !dir_is_empty(ip.get())) return Errno::ENOTEMPTY;

        dirunlink(dp.get(), offset);
        if (ip->type == InodeType::Directory) {
            dp->nlink--; // its ".." is gone
            iupdate(dp.get());
        }
        ip->nlink--;
        iupdate(ip.get());
    }
    return 0;
}
