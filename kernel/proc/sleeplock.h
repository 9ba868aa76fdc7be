// SleepLock: a lock that may be held for a long time (across disk I/O);
// a thread that finds it taken sleeps instead of spinning. Used for
// inodes and buffers. Unlike spinlocks, interrupts stay on while it is
// held, and the holder may sleep. Not part of the spinlock rank order:
// the file system states its own order (the comment at the top of fs/inode.h).
// Here, not in lib: waiting needs threads (proc/wait_queue.h).
#pragma once

#include "lib/spinlock.h"
#include "proc/wait_queue.h"

class SleepLock {
public:
    constexpr explicit SleepLock(const char* name) : guard_(name, LockRank::SleepLock) {}
    void acquire();
    void release();
    bool holding() const; // held by the calling thread?

private:
    Spinlock guard_; // guards locked_ and holder_tid_
    bool locked_ = false;
    int holder_tid_ = 0;
    WaitQueue waiters_;
};

using SleepLockGuard = LockGuard<SleepLock>;
