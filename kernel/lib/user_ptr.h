// UserPtr<T>: an address in a user address space. The kernel cannot
// dereference it: the only way through is a fallible copy
// (mm/user_memory.h), which checks that every byte is mapped and
// accessible to user mode and returns EFAULT otherwise. T is never
// const (the copy says which way bytes go); a UserPtr<UserPtr<T>> reads
// an array of user pointers (exec's argv).
#pragma once

#include "lib/types.h"

template <typename T> class UserPtr {
public:
    constexpr UserPtr() = default;
    constexpr explicit UserPtr(u64 address) : address_(address) {}

    u64 address() const { return address_; }
    bool is_null() const { return address_ == 0; }
    // The element i positions further on (pointer arithmetic in user space).
    UserPtr offset(u64 i) const { return UserPtr(address_ + i * sizeof(T)); }

private:
    u64 address_ = 0;
};
