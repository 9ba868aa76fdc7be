// Guarded<T>: a value that can be reached only with its lock held, so
// "guarded by X" is a type, not a comment.
//
//   constinit Guarded<int> last_id("ids", LockRank::Ids);
//   auto id = last_id.lock();   // holds the lock until `id` goes out of scope
//   return ++*id;
//
// Access::lock() names the held lock, for sleeping on a WaitQueue with
// it (sleep releases and retakes it; the access stays valid).
#pragma once

#include "lib/spinlock.h"
#include "lib/utility.h"

template <typename T> class Guarded {
public:
    template <typename... Args>
    constexpr Guarded(const char* name, LockRank rank, Args&&... args)
        : lock_(name, rank), value_(kstd::forward<Args>(args)...) {}
    Guarded(const Guarded&) = delete;
    Guarded& operator=(const Guarded&) = delete;

    class Access {
    public:
        explicit Access(Guarded& guarded) : hold_(guarded.lock_), guarded_(guarded) {}
        T& operator*() { return guarded_.value_; }
        T* operator->() { return &guarded_.value_; }
        Spinlock& lock() { return guarded_.lock_; }

    private:
        SpinlockGuard hold_;
        Guarded& guarded_;
    };
    [[nodiscard]] Access lock() { return Access(*this); }

private:
    Spinlock lock_;
    T value_;
};
