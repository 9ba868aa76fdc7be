// Copies across the user/kernel boundary, checked page by page against
// the address space (see user_memory.h). The address-space lock is held
// during each copy so another thread cannot unmap the page underneath.
//
// A page that is not accessible yet may become so through the same
// fault resolution user mode gets (a lazy mmap page, copy-on-write, a
// stack page not grown yet: read(fd, big_stack_buffer, n)): the lock is
// dropped, AddressSpace::handle_page_fault runs, and the copy retries.
// What it cannot resolve is EFAULT (or ENOMEM), never a panic.
#include "mm/user_memory.h"
#include "lib/string.h"
#include "mm/address_space.h"

using riscv::PGSIZE;
using Access = AddressSpace::Access;

namespace {

// A resolved fault can be undone by another thread (munmap) before we
// retry; after a few rounds the address counts as bad.
constexpr int FAULT_RETRIES = 3;

enum class Direction { ToUser, FromUser };

// Copy n bytes between kernel memory and user va, a page at a time.
Result<void> copy_pages(AddressSpace& as, u64 va, u8* kernel, usize n, Direction dir) {
    Access access = dir == Direction::ToUser ? Access::Write : Access::Read;
    int tries = 0;
    while (n > 0) {
        usize chunk = PGSIZE - (va % PGSIZE);
        if (chunk > n) chunk = n;
        {
            SpinlockGuard guard(as.lock);
            if (u64 pa = as.translate(va, access)) {
                if (dir == Direction::ToUser)
                    memcpy(reinterpret_cast<void*>(pa), kernel, chunk);
                else
                    memcpy(kernel, reinterpret_cast<const void*>(pa), chunk);
                va += chunk;
                kernel += chunk;
                n -= chunk;
                tries = 0;
                continue;
            }
        }
        if (tries++ == FAULT_RETRIES) return Errno::EFAULT;
        TRY(as.handle_page_fault(va, access, current_stack_limit()));
    }
    return ok();
}

} // namespace

Result<void> copy_to_user(AddressSpace& as, UserPtr<u8> dst, const void* src, usize n) {
    auto* from = const_cast<u8*>(static_cast<const u8*>(src)); // only read (Direction::ToUser)
    return copy_pages(as, dst.address(), from, n, Direction::ToUser);
}

Result<void> copy_from_user(AddressSpace& as, void* dst, UserPtr<u8> src, usize n) {
    return copy_pages(as, src.address(), static_cast<u8*>(dst), n, Direction::FromUser);
}

Result<usize> copy_string_from_user(char* dst, UserPtr<char> src, usize max) {
    AddressSpace& as = current_address_space();
    usize len = 0;
    int tries = 0;
    while (len < max) {
        u64 va = src.address() + len;
        {
            SpinlockGuard guard(as.lock);
            u64 pa = as.translate(va, Access::Read);
            if (pa) {
                usize chunk = PGSIZE - (va % PGSIZE);
                const auto* from = reinterpret_cast<const char*>(pa);
                for (usize i = 0; i < chunk && len < max; i++, len++) {
                    dst[len] = from[i];
                    if (from[i] == 0) return len;
                }
                tries = 0;
                continue;
            }
        }
        if (tries++ == FAULT_RETRIES) return Errno::EFAULT;
        TRY(as.handle_page_fault(va, Access::Read, current_stack_limit()));
    }
    if (max > 0) dst[max - 1] = 0;
    return Errno::ENAMETOOLONG;
}
