// Path names: "/bin/sh", "a/b/../c". A path starting with '/' is looked
// up from the root directory, any other from the current process's
// working directory. Repeated slashes count as one; "." and ".." are
// ordinary directory entries.
//
// Both functions may drop inode references (iput), so call them inside a
// log operation.
// They hold at most one inode lock at a time (and none on return).
#pragma once

#include "fs/inode.h"
#include "fs/layout.h"
#include "lib/result.h"

class FsContext;

// A relative path starts at where's cwd (the caller's: the process layer
// passes its FsContext in); an absolute one at the root.
//
// The inode path names: referenced, unlocked. ENOENT (missing, or empty
// path), ENOTDIR (a non-directory in the middle), ENAMETOOLONG (an
// element longer than DIRSIZ), ENFILE (inode table full).
Result<InodeRef> namei(FsContext& where, const char* path);

// The directory holding the last element of path, referenced and
// unlocked; the element itself is copied into name (NUL-terminated).
// The element need not exist. EEXIST when path has no last element ("/").
Result<InodeRef> nameiparent(FsContext& where, const char* path,
                             char name[fs::DIRSIZ + 1]);
