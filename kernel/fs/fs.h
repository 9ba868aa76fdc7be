// The file system as a whole: mounting the one disk at boot.
//
//   fs::init();   // from the first user thread, before it execs /bin/init:
//                 // reads the superblock and replays the log (it sleeps on
//                 // the disk, so it needs a thread context).
//
// The layers, bottom up (docs/filesystem.md): virtio disk, buffer cache
// (buf.h), log (log.h), block allocation (balloc.h), inodes (inode.h),
// directories (dir.h), path names (path.h), open files (file.h, pipe.h,
// device.h), descriptor tables (file_table.h), cwd (fs_context.h).
#pragma once

#include "fs/layout.h"

namespace fs {
void init();
// The mounted disk's superblock (valid after init()).
const SuperBlock& superblock();
} // namespace fs
