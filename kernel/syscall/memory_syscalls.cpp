// System calls about memory mappings: mmap, munmap, mprotect
// (docs/abi.md "Memory mapping"). Anonymous memory only; the work is
// AddressSpace's (mm/memory_map.cpp). Here: decoding Linux's arguments.
#include "mm/address_space.h"
#include "proc/process.h"
#include "syscall/syscall.h"

namespace {

// Linux's values (docs/abi.md).
constexpr u64 PROT_READ = 0x1, PROT_WRITE = 0x2, PROT_EXEC = 0x4;
constexpr u64 MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
// Accepted and ignored, as Linux's hints: MAP_NORESERVE, MAP_STACK.
constexpr u64 MAP_NORESERVE = 0x4000, MAP_STACK = 0x20000;
constexpr u64 KNOWN_FLAGS =
    MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK;

// PROT_* as PTE bits; PROT_WRITE implies read (RISC-V has no write-only
// pages). EINVAL for unknown bits.
Result<u64> pte_permissions(u64 prot) {
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) return Errno::EINVAL;
    u64 perm = 0;
    if (prot & PROT_READ) perm |= riscv::PTE_R;
    if (prot & PROT_WRITE) perm |= riscv::PTE_R | riscv::PTE_W;
    if (prot & PROT_EXEC) perm |= riscv::PTE_X;
    return perm;
}

} // namespace

// (addr, len, prot, flags, fd, offset) -> address
Result<u64> sys_mmap(const SyscallArgs& args) {
    u64 addr = args.raw(0);
    u64 len = args.raw(1);
    u64 flags = args.raw(3);
    int fd = args.int32(4);
    u64 offset = args.raw(5);
    if (flags & ~KNOWN_FLAGS) return Errno::EINVAL;
    bool shared = flags & MAP_SHARED, priv = flags & MAP_PRIVATE;
    if (shared == priv) return Errno::EINVAL;                       // exactly one of them
    if (!(flags & MAP_ANONYMOUS) || fd != -1) return Errno::ENODEV; // no file mappings
    if (offset % riscv::PGSIZE) return Errno::EINVAL;
    u64 perm = TRY(pte_permissions(args.raw(2)));
    auto placement =
        (flags & MAP_FIXED) ? AddressSpace::Placement::Fixed : AddressSpace::Placement::Anywhere;
    return current_process()->address_space->map_anonymous(
        addr, len, perm, shared ? Sharing::Shared : Sharing::Private, placement);
}

// (addr, len)
Result<u64> sys_munmap(const SyscallArgs& args) {
    TRY(current_process()->address_space->unmap(args.raw(0), args.raw(1)));
    return 0;
}

// (addr, len, prot)
Result<u64> sys_mprotect(const SyscallArgs& args) {
    u64 perm = TRY(pte_permissions(args.raw(2)));
    TRY(current_process()->address_space->protect(args.raw(0), args.raw(1), perm));
    return 0;
}
