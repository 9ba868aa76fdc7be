// The buffer cache: the only way the file system reaches the disk.
// It keeps NBUF recently used disk blocks in memory and makes sure each
// block has at most one copy, so threads working on the same block see
// each other's changes and take turns through the buffer's SleepLock.
//
// Interface:
//   Buf* b = bread(dev, blockno);  // the block, locked, contents valid
//   ... read or change b->data ...
//   bwrite(b);                     // (outside the log only: mkfs-like callers, log.cpp)
//   brelse(b);                     // unlock; do not touch b afterwards
// File-system code inside a transaction calls log_write(b) instead of
// bwrite(b) (fs/log.h). bpin/bunpin keep a buffer in the cache while the
// log still has to write it.
//
// Locking: the cache lock (rank BufferCache) guards every buffer's
// identity (dev, blockno), refcnt and last_used; a buffer's SleepLock
// guards valid and data. A buffer with refcnt > 0 is never recycled.
#pragma once

#include "fs/layout.h"
#include "proc/sleeplock.h"
#include "lib/types.h"

struct Buf {
    // Guarded by the cache lock.
    u32 dev = 0;
    u32 blockno = 0;
    u32 refcnt = 0;    // bread()s not yet brelse()d, plus pins
    u64 last_used = 0; // when refcnt last dropped to 0 (for LRU recycling)

    // Guarded by lock.
    SleepLock lock{"buffer"};
    bool valid = false; // data holds the block's contents

    alignas(16) u8 data[fs::BSIZE]{};
};

// The block, locked by the caller, read from disk unless cached.
Buf* bread(u32 dev, u32 blockno);
// Write b's data to disk now. Caller holds b->lock.
void bwrite(Buf* b);
// Unlock b and give up the caller's reference.
void brelse(Buf* b);
// Keep b cached even with no bread()s outstanding (the log's blocks).
void bpin(Buf* b);
void bunpin(Buf* b);
