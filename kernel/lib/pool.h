// Pool<T, N>: a fixed table of N objects of type T, handed out and taken
// back like xv6's proc[] and file[] tables, but typed and locked. The
// kernel has no general heap: every kind of kernel object comes from a
// pool sized in param.h, so running out is an error value (the caller
// returns EAGAIN/ENFILE/ENOMEM), never a hidden failure.
//
//   constinit Pool<FileTable, NPROC> file_tables("file_tables");
//   FileTable* t = file_tables.allocate(args...);   // null when full
//   file_tables.free(t);                            // runs ~T()
//   file_tables.slot_of(t);                         // its index: what ps shows as an id
#pragma once

#include "lib/spinlock.h"
#include "lib/types.h"
#include "lib/utility.h"
#include <new>

template <typename T, usize N> class Pool {
public:
    constexpr explicit Pool(const char* name) : lock_(name, LockRank::Pool) {}

    template <typename... Args> T* allocate(Args&&... args) {
        usize i;
        {
            SpinlockGuard guard(lock_);
            for (i = 0; i < N && used_[i]; i++) {
            }
            if (i == N) return nullptr;
            used_[i] = true;
            in_use_++;
        }
        return new (&slots_[i].storage) T(kstd::forward<Args>(args)...);
    }

    void free(T* object) {
        usize i = slot_of(object);
        object->~T();
        SpinlockGuard guard(lock_);
        used_[i] = false;
        in_use_--;
    }

    usize in_use() const { return in_use_; }
    static constexpr usize capacity() { return N; }

    // The index of object's slot, 0..N-1: a small number that names the
    // object for as long as it lives (and no kernel address). Computed
    // from the address alone. Traps if object is not one of ours.
    usize slot_of(const T* object) const {
        auto addr = reinterpret_cast<uptr>(object);
        auto base = reinterpret_cast<uptr>(&slots_[0]);
        usize i = (addr - base) / sizeof(Slot);
        if (addr < base || i >= N || addr != reinterpret_cast<uptr>(&slots_[i])) __builtin_trap();
        return i;
    }

private:
    struct Slot {
        alignas(T) unsigned char storage[sizeof(T)];
    };
    Spinlock lock_; // guards used_ and in_use_
    bool used_[N] = {};
    usize in_use_ = 0;
    Slot slots_[N] = {};
};
