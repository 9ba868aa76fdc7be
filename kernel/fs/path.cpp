// Path-name lookup (see path.h).
#include "fs/path.h"
#include "fs/dir.h"
#include "fs/fs_context.h"
#include "lib/string.h"

namespace {

enum class Want { Target, Parent };

// Split off the first element of path into name (NUL-terminated) and
// return the rest, without its leading slashes:
//   "a/bb/c" -> name "a", rest "bb/c";  "///a//" -> "a", "";  "" or "//" -> null.
// ENAMETOOLONG if the element is longer than DIRSIZ.
Result<const char*> next_element(const char* path, char* name) {
    while (*path == '/')
        path++;
    if (*path == 0) return static_cast<const char*>(nullptr);
    const char* start = path;
    while (*path != '/' && *path != 0)
        path++;
    usize len = static_cast<usize>(path - start);
    if (len > fs::DIRSIZ) return Errno::ENAMETOOLONG;
    memmove(name, start, len);
    name[len] = 0;
    while (*path == '/')
        path++;
    return path;
}

// Where a lookup starts: a new reference to the root or the cwd.
Result<InodeRef> start_of(FsContext& where, const char* path) {
    if (*path == '/') return iget(fs::ROOTDEV, fs::ROOTINO);
    return where.cwd();
}

Result<InodeRef> walk(FsContext& where, const char* path, Want want, char* name) {
    if (*path == 0) return Errno::ENOENT;
    InodeRef ip = TRY(start_of(where, path));
    for (;;) {
        path = TRY(next_element(path, name));
        if (!path) break; // no elements left: ip is the answer

        InodeRef next;
        {
            InodeLockGuard lock(ip);
            if (ip->type != InodeType::Directory) return Errno::ENOTDIR;
            // name is the last element, ip the directory holding it.
            if (want == Want::Parent && *path == 0) return ip;
            next = TRY(dirlookup(ip.get(), name, nullptr));
        }
        // One inode lock at a time: next may be ip itself (".") or its
        // parent (".."), which comes before ip in the lock order.
        ip = kstd::move(next);
    }
    if (want == Want::Parent) return Errno::EEXIST;
    return ip;
}

} // namespace

Result<InodeRef> namei(FsContext& where, const char* path) {
    char name[fs::DIRSIZ + 1];
    return walk(where, path, Want::Target, name);
}

Result<InodeRef> nameiparent(FsContext& where, const char* path,
                             char name[fs::DIRSIZ + 1]) {
    return walk(where, path, Want::Parent, name);
}
