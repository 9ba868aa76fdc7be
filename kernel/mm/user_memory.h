// Copying between kernel memory and a user address space. Every system
// call reaches user memory only through these: each checks, page by
// page, that the address is mapped with user access (and write access
// for copy_to_user) in the given address space, resolving what a user
// access would resolve (lazy pages, copy-on-write, stack growth: see
// AddressSpace::handle_page_fault), and fails with EFAULT otherwise.
// They never fault, never panic. Call them without the address-space
// lock held (a resolution takes it).
//
// The *_current variants use the calling thread's address space.
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

class AddressSpace;

Result<void> copy_to_user(AddressSpace& as, u64 user_dst, const void* src, usize n);
Result<void> copy_from_user(AddressSpace& as, void* dst, u64 user_src, usize n);
// Copy a NUL-terminated string of at most max-1 characters into dst
// (capacity max). ENAMETOOLONG if no NUL within max bytes.
Result<usize> copy_string_from_user(AddressSpace& as, char* dst, u64 user_src, usize max);

// The current thread's address space.
Result<void> copy_to_user(u64 user_dst, const void* src, usize n);
Result<void> copy_from_user(void* dst, u64 user_src, usize n);
Result<usize> copy_string_from_user(char* dst, u64 user_src, usize max);

// Typed forms.
template <typename T> Result<void> copy_to_user(UserPtr<T> dst, const T& value) {
    return copy_to_user(dst.address(), &value, sizeof(T));
}
template <typename T> Result<T> copy_from_user(UserPtr<T> src) {
    T value;
    TRY(copy_from_user(&value, src.address(), sizeof(T)));
    return value;
}
