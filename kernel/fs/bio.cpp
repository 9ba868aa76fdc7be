// The buffer cache (see buf.h for the interface and locking rules).
//
// Recycling: when a block is not cached, bget() reuses the buffer with
// refcnt 0 that was released longest ago (least recently used). If every
// buffer is in use, the caller sleeps until one is released rather than
// panicking: buffers are held only briefly, and the log pins at most
// LOGSIZE < NBUF of them.
#include "drivers/virtio_disk.h"
#include "fs/buf.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "param.h"
#include "proc/wait_queue.h"

namespace {

constinit Spinlock cache_lock("buffer_cache", LockRank::BufferCache);
constinit Buf buffers[NBUF];
constinit u64 release_clock = 0;     // guarded by cache_lock; stamps last_used
constinit WaitQueue buffer_released; // bget() waits here when all buffers are busy

// The buffer for (dev, blockno), referenced and locked; its data is
// valid only if b->valid.
Buf* bget(u32 dev, u32 blockno) {
    Buf* b = nullptr;
    {
        SpinlockGuard guard(cache_lock);
        for (;;) {
            Buf* lru = nullptr;
            for (Buf& candidate : buffers) {
                if (candidate.dev == dev && candidate.blockno == blockno) {
                    b = &candidate; // cached (maybe released, but not yet recycled)
                    break;
                }
                if (candidate.refcnt == 0 && (!lru || candidate.last_used < lru->last_used))
                    lru = &candidate;
            }
            if (b) {
                b->refcnt++;
                break;
            }
            if (lru) {
                b = lru;
                b->dev = dev;
                b->blockno = blockno;
                // No one holds its sleep lock (refcnt was 0), so valid may
                // be changed under the cache lock alone.
                b->valid = false;
                b->refcnt = 1;
                break;
            }
            buffer_released.sleep(cache_lock);
        }
    }
    // Taken outside the cache lock: the holder may be waiting for the disk.
    b->lock.acquire();
    return b;
}

// The disk's sectors that hold block b->blockno.
u64 first_sector(const Buf* b) {
    static_assert(fs::BSIZE % virtio_disk::SECTOR_SIZE == 0);
    return static_cast<u64>(b->blockno) * (fs::BSIZE / virtio_disk::SECTOR_SIZE);
}

} // namespace

Buf* bread(u32 dev, u32 blockno) {
    Buf* b = bget(dev, blockno);
    if (!b->valid) {
        virtio_disk::read(first_sector(b), b->data, fs::BSIZE);
        b->valid = true;
    }
    return b;
}

void bwrite(Buf* b) {
    if (!b->lock.holding()) panic("bwrite: buffer %u not locked", b->blockno);
    virtio_disk::write(first_sector(b), b->data, fs::BSIZE);
}

void brelse(Buf* b) {
    if (!b->lock.holding()) panic("brelse: buffer %u not locked", b->blockno);
    b->lock.release();

    SpinlockGuard guard(cache_lock);
    if (b->refcnt == 0) panic("brelse: buffer %u not referenced", b->blockno);
    b->refcnt--;
    if (b->refcnt == 0) {
        b->last_used = ++release_clock;
        buffer_released.wake_all();
    }
}

void bpin(Buf* b) {
    SpinlockGuard guard(cache_lock);
    b->refcnt++;
}

void bunpin(Buf* b) {
    SpinlockGuard guard(cache_lock);
    if (b->refcnt == 0) panic("bunpin: buffer %u not referenced", b->blockno);
    b->refcnt--;
    if (b->refcnt == 0) {
        b->last_used = ++release_clock;
        buffer_released.wake_all();
    }
}
