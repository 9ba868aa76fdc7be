// Copies across the user/kernel boundary, checked page by page against
// the address space (see user_memory.h). The address-space lock is held
// during each copy so another thread cannot unmap the page underneath.
#include "mm/user_memory.h"
#include "lib/string.h"
#include "mm/address_space.h"
#include "proc/process.h"

using riscv::PGSIZE;

Result<void> copy_to_user(AddressSpace& as, u64 user_dst, const void* src, usize n) {
    const auto* from = static_cast<const u8*>(src);
    while (n > 0) {
        SpinlockGuard guard(as.lock);
        u64 pa = as.translate(user_dst, AddressSpace::Access::Write);
        if (!pa) return Errno::EFAULT;
        usize chunk = PGSIZE - (user_dst % PGSIZE);
        if (chunk > n) chunk = n;
        memcpy(reinterpret_cast<void*>(pa), from, chunk);
        user_dst += chunk;
        from += chunk;
        n -= chunk;
    }
    return ok();
}

Result<void> copy_from_user(AddressSpace& as, void* dst, u64 user_src, usize n) {
    auto* to = static_cast<u8*>(dst);
    while (n > 0) {
        SpinlockGuard guard(as.lock);
        u64 pa = as.translate(user_src, AddressSpace::Access::Read);
        if (!pa) return Errno::EFAULT;
        usize chunk = PGSIZE - (user_src % PGSIZE);
        if (chunk > n) chunk = n;
        memcpy(to, reinterpret_cast<const void*>(pa), chunk);
        user_src += chunk;
        to += chunk;
        n -= chunk;
    }
    return ok();
}

Result<usize> copy_string_from_user(AddressSpace& as, char* dst, u64 user_src, usize max) {
    usize len = 0;
    while (len < max) {
        SpinlockGuard guard(as.lock);
        u64 pa = as.translate(user_src + len, AddressSpace::Access::Read);
        if (!pa) return Errno::EFAULT;
        usize chunk = PGSIZE - ((user_src + len) % PGSIZE);
        const auto* from = reinterpret_cast<const char*>(pa);
        for (usize i = 0; i < chunk && len < max; i++, len++) {
            dst[len] = from[i];
            if (from[i] == 0) return len;
        }
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
