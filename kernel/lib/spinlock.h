// Spinlock: mutual exclusion between harts for short critical sections.
// Interrupts stay off on this hart while it holds any spinlock (an
// interrupt handler taking the same lock would deadlock), so never sleep
// holding one.
//
// Lock order: every spinlock has a LockRank, and a hart may only acquire
// a lock whose rank is higher than every rank it already holds. The
// check runs at every acquire, so a wrong order panics the first time
// it happens instead of deadlocking once in a thousand runs.
//
//   SpinlockGuard guard(table_lock);   // acquire; released at scope end
//
// The code is in proc/spinlock.cpp: it needs the hart's interrupt
// nesting and held ranks (proc/cpu.h), which lib, the lowest layer,
// cannot include (docs/layers.md).
#pragma once

#include "lib/lock_guard.h"
#include "lib/types.h"

// Ranks, lowest first: acquire in this order only.
enum class LockRank : u8 {
    WaitLock = 1,   // parent/child relations (wait, exit, reparent)
    Process,        // a Process's fields
    ThreadLimit,    // RLIMIT_NPROC: the count and the new thread's slot, taken together
    SignalHandlers, // a signal-handler table (shared by CLONE_SIGHAND)
    Futex,          // futex hash buckets
    Pipe,
    FileTable,
    FsContext, // a process's cwd (fs/fs_context.h)
    Inode,     // the inode cache table (not the per-inode sleep lock)
    Log,       // the file-system log
    BufferCache,
    Disk,
    Console,
    Clock,        // the global tick count
    SleepLock,    // the spinlock inside each SleepLock
    Activations,  // a process's scheduler-activation state (taken on the block path)
    AddressSpace, // regions and page table: held while copying to/from user memory
    // Sleeping takes the Thread lock while holding the lock of the
    // condition slept on, so Thread ranks above every such lock.
    Thread,    // a Thread's state; held across swtch into the scheduler
    RunQueue,  // scheduler queues: taken while holding a Thread lock
    // Leaf locks: nothing is taken under them, and they may be taken
    // under any lock above.
    Ids,           // the next pid/tid (proc/process.cpp)
    Pool,          // the free slots of one object pool (lib/pool.h)
    PageAllocator, // physical pages (mm/page_alloc.cpp)
    Uart,
    Printk, // the console output lock: last, so anything may print
};

class Spinlock {
public:
    constexpr Spinlock(const char* name, LockRank rank) : name_(name), rank_(rank) {}
    Spinlock(const Spinlock&) = delete;
    Spinlock& operator=(const Spinlock&) = delete;

    void acquire();
    void release();
    // Does this hart hold the lock? (For assertions.)
    bool holding() const;
    // Panic unless this hart holds the lock: first line of every *_locked function.
    void assert_held() const;

    const char* name() const { return name_; }

private:
    volatile u32 locked_ = 0;
    i32 owner_hart_ = -1;
    const char* name_;
    LockRank rank_;
};

// Scoped ownership of a spinlock.
using SpinlockGuard = LockGuard<Spinlock>;
