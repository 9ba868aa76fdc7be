// Copying between kernel memory and a user address space. Every system
// call reaches user memory only through these: each checks, page by
// page, that the address is mapped with user access (and write access
// for copy_to_user) in the given address space, resolving what a user
// access would resolve (lazy pages, copy-on-write, stack growth: see
// AddressSpace::handle_page_fault), and fails with EFAULT otherwise.
// They never fault, never panic. Call them without the address-space
// lock held (a resolution takes it). The user side is always a typed
// UserPtr<T> (lib/user_ptr.h); a byte buffer (read, write) is UserPtr<u8>:
//   copy_from_user(src) -> T          copy_to_user(dst, value)      one T
//   copy_from_user(dst, src, n)       copy_to_user(dst, src, n)     n T's
//   copy_string_from_user(dst, src, max)                            a C string
// The one-T forms take another process's AddressSpace& last (clone, exit,
// futex); otherwise, as in every other form, it is the calling thread's.
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

class AddressSpace;

// The byte copies every typed form comes down to.
Result<void> copy_to_user(AddressSpace& as, UserPtr<u8> dst, const void* src, usize n);
Result<void> copy_from_user(AddressSpace& as, void* dst, UserPtr<u8> src, usize n);
// What the copies need of their caller, defined by the process layer
// above mm (proc/process.cpp): its address space, and its stack limit
// (how far resolving a fault may grow the stack).
AddressSpace& current_address_space();
u64 current_stack_limit();

// Copy a NUL-terminated string of at most max-1 characters into dst
// (capacity max). ENAMETOOLONG if no NUL within max bytes.
Result<usize> copy_string_from_user(char* dst, UserPtr<char> src, usize max);

template <typename T>
Result<void> copy_to_user(UserPtr<T> dst, const T& value,
                          AddressSpace& as = current_address_space()) {
    return copy_to_user(as, UserPtr<u8>(dst.address()), &value, sizeof(T));
}
template <typename T>
Result<T> copy_from_user(UserPtr<T> src, AddressSpace& as = current_address_space()) {
    T value;
    TRY(copy_from_user(as, &value, UserPtr<u8>(src.address()), sizeof(T)));
    return value;
}
template <typename T> Result<void> copy_to_user(UserPtr<T> dst, const T* src, usize n) {
    return copy_to_user(current_address_space(), UserPtr<u8>(dst.address()), src, n * sizeof(T));
}
template <typename T> Result<void> copy_from_user(T* dst, UserPtr<T> src, usize n) {
    return copy_from_user(current_address_space(), dst, UserPtr<u8>(src.address()), n * sizeof(T));
}
