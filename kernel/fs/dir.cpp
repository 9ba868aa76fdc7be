// Directory contents (see dir.h): lookup, adding and clearing entries.
// A directory is read and written through readi/writei like any file.
#include "fs/dir.h"
#include "fs/log.h"
#include "lib/panic.h"
#include "lib/string.h"

using fs::DirEntry;
using fs::DIRSIZ;

namespace {

// The entry at offset in dp (locked); panics on a short read, which would
// mean the directory's size is not a multiple of the entry size.
DirEntry read_entry(Inode* dp, u32 offset) {
    DirEntry de;
    Result<usize> n = readi(dp, &de, offset, sizeof(de));
    if (n.is_error() || n.value() != sizeof(de))
        panic("directory %u: cannot read the entry at %u", dp->inum, offset);
    return de;
}

void write_entry(Inode* dp, u32 offset, const DirEntry& de) {
    Result<usize> n = writei(dp, &de, offset, sizeof(de));
    if (n.is_error() || n.value() != sizeof(de))
        panic("directory %u: cannot rewrite the entry at %u", dp->inum, offset);
}

void require_directory(Inode* dp, const char* who) {
    if (!dp->lock.holding()) panic("%s: directory %u not locked", who, dp->inum);
    if (dp->type != InodeType::Directory) panic("%s: inode %u is not a directory", who, dp->inum);
}

} // namespace

int namecmp(const char* a, const char* b) {
    return kstr::compare(a, b, DIRSIZ);
}

Result<InodeRef> dirlookup(Inode* dp, const char* name, u32* offset) {
    require_directory(dp, "dirlookup");
    for (u32 off = 0; off < dp->size; off += sizeof(DirEntry)) {
        DirEntry de = read_entry(dp, off);
        if (de.inum == 0 || namecmp(name, de.name) != 0) continue;
        if (offset) *offset = off;
        return iget(dp->dev, de.inum);
    }
    return Errno::ENOENT;
}

Result<void> dirlink(Inode* dp, const char* name, u32 inum) {
    require_directory(dp, "dirlink");
    if (kstr::length(name, DIRSIZ + 1) > DIRSIZ) return Errno::ENAMETOOLONG;

    Result<InodeRef> existing = dirlookup(dp, name, nullptr); // dropped on return
    if (!existing.is_error()) return Errno::EEXIST;
    if (existing.error() != Errno::ENOENT) return existing.error();

    // The first free slot, or the end of the directory.
    u32 off = 0;
    for (; off < dp->size; off += sizeof(DirEntry)) {
        if (read_entry(dp, off).inum == 0) break;
    }
    DirEntry de{};
    de.inum = static_cast<u16>(inum);
    memset(de.name, 0, DIRSIZ);
    memmove(de.name, name, kstr::length(name, DIRSIZ));
    usize n = TRY(writei(dp, &de, off, sizeof(de)));
    if (n != sizeof(de)) return Errno::ENOSPC;
    return ok();
}

void dirunlink(Inode* dp, u32 offset) {
    require_directory(dp, "dirunlink");
    write_entry(dp, offset, DirEntry{});
}

bool dir_is_empty(Inode* dp) {
    require_directory(dp, "dir_is_empty");
    // Skip "." and "..", the first two entries.
    for (u32 off = 2 * sizeof(DirEntry); off < dp->size; off += sizeof(DirEntry)) {
        if (read_entry(dp, off).inum != 0) return false;
    }
    return true;
}
