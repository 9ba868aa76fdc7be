// Path-name lookup (see path.h).
#include "fs/path.h"
#include "fs/dir.h"
#include "fs/fs_context.h"
#include "lib/string.h"
#include "proc/process.h"

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
Result<Inode*> start_of(const char* path) {
    if (*path == '/') return iget(fs::ROOTDEV, fs::ROOTINO);
    return current_process()->fs->cwd();
}

Result<Inode*> walk(const char* path, Want want, char* name) {
    if (*path == 0) return Errno::ENOENT;
    Inode* ip = TRY(start_of(path));
    for (;;) {
        Result<const char*> rest = next_element(path, name);
        if (rest.is_error()) {
            iput(ip);
            return rest.error();
        }
        if (!rest.value()) break; // no elements left: ip is the answer
        path = rest.value();

        ilock(ip);
        if (ip->type != InodeType::Directory) {
            iunlockput(ip);
            return Errno::ENOTDIR;
        }
        if (want == Want::Parent && *path == 0) {
            // name is the last element, ip the directory holding it.
            iunlock(ip);
            return ip;
        }
        Result<Inode*> next = dirlookup(ip, name, nullptr);
        iunlockput(ip);
        if (next.is_error()) return next.error();
        ip = next.value();
    }
    if (want == Want::Parent) {
        iput(ip);
        return Errno::EEXIST;
    }
    return ip;
}

} // namespace

Result<Inode*> namei(const char* path) {
    char name[fs::DIRSIZ + 1];
    return walk(path, Want::Target, name);
}

Result<Inode*> nameiparent(const char* path, char name[fs::DIRSIZ + 1]) {
    return walk(path, Want::Parent, name);
}
