// Directories: an inode of type Directory whose contents are an array of
// fs::DirEntry records (name -> inode number). Entry slots with inum 0
// are free and reused. Every directory starts with "." (itself) and ".."
// (its parent; the root's ".." is the root).
//
// Every function takes the directory dp locked; functions that change it
// run inside a log operation.
#pragma once

#include "fs/inode.h"
#include "lib/result.h"

// Compare two names of at most DIRSIZ characters, like strncmp.
int namecmp(const char* a, const char* b);

// The inode that name in dp refers to: referenced, unlocked. If offset
// is not null it receives the entry's byte offset in dp. ENOENT.
Result<InodeRef> dirlookup(Inode* dp, const char* name, u32* offset);

// Add the entry (name, inum) to dp. EEXIST if name is taken; ENOSPC/EFBIG
// if dp cannot grow. name must be at most DIRSIZ characters.
Result<void> dirlink(Inode* dp, const char* name, u32 inum);

// Clear the entry at byte offset (from dirlookup) in dp.
void dirunlink(Inode* dp, u32 offset);

// Does dp hold nothing but "." and ".."?
bool dir_is_empty(Inode* dp);
