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
#include "proc/process.h"

using riscv::PGSIZE;
using Access = AddressSpace::Access;

namespace {

// A resolved fault can be undone by another thread (munmap) before we
// retry; after a few rounds the address counts as bad.
constexpr int FAULT_RETRIES = 3;

// The calling process's stack limit: how far a fault may grow the stack.
u64 stack_limit() {
    Process* p = current_process();
    return p ? p->limits.stack.cur : ResourceLimits{}.stack.cur;
}

enum class Direction { ToUser, FromUser };

// Copy n bytes (within one page) between kernel and user va.
Result<void> copy_within_page(AddressSpace& as, u64 va, void* kernel, usize n, Direction dir) {
    Access access = dir == Direction::ToUser ? Access::Write : Access::Read;
    for (int tries = 0;; tries++) {
        {
            SpinlockGuard guard(as.lock);
            u64 pa = as.translate(va, access);
            if (pa) {
                if (dir == Direction::ToUser)
                    memcpy(reinterpret_cast<void*>(pa), kernel, n);
                else
                    memcpy(kernel, reinterpret_cast<const void*>(pa), n);
                return ok();
            }
        }
        if (tries == FAULT_RETRIES) return Errno::EFAULT;
        TRY(as.handle_page_fault(va, access, stack_limit()));
    }
}

} // namespace

Result<void> copy_to_user(AddressSpace& as, u64 user_dst, const void* src, usize n) {
    auto* from = const_cast<u8*>(static_cast<const u8*>(src)); // only read (Direction::ToUser)
    while (n > 0) {
        usize chunk = PGSIZE - (user_dst % PGSIZE);
        if (chunk > n) chunk = n;
        TRY(copy_within_page(as, user_dst, from, chunk, Direction::ToUser));
        user_dst += chunk;
        from += chunk;
        n -= chunk;
    }
    return ok();
}

Result<void> copy_from_user(AddressSpace& as, void* dst, u64 user_src, usize n) {
    auto* to = static_cast<u8*>(dst);
    while (n > 0) {
        usize chunk = PGSIZE - (user_src % PGSIZE);
        if (chunk > n) chunk = n;
        TRY(copy_within_page(as, user_src, to, chunk, Direction::FromUser));
        user_src += chunk;
        to += chunk;
        n -= chunk;
    }
    return ok();
}

Result<usize> copy_string_from_user(AddressSpace& as, char* dst, u64 user_src, usize max) {
    usize len = 0;
    int tries = 0;
    while (len < max) {
        u64 va = user_src + len;
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
        TRY(as.handle_page_fault(va, Access::Read, stack_limit()));
    }
    if (max > 0) dst[max - 1] = 0;
    return Errno::ENAMETOOLONG;
}

Result<void> copy_to_user(u64 user_dst, const void* src, usize n) {
    return copy_to_user(*current_process()->address_space, user_dst, src, n);
}

Result<void> copy_from_user(void* dst, u64 user_src, usize n) {
    return copy_from_user(*current_process()->address_space, dst, user_src, n);
}

Result<usize> copy_string_from_user(char* dst, u64 user_src, usize max) {
    return copy_string_from_user(*current_process()->address_space, dst, user_src, max);
}
