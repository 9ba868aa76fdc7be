// AddressSpace: a user page table and the regions mapped in it. Shared
// by every thread of a process, and between processes by CLONE_VM.
//
// Layout (DESIGN §6), low to high:
//   0x0                 page 0, never mapped: NULL dereferences fault
//   USER_IMAGE_BASE     ELF segments (text R-X, data RW), then the heap
//                       growing up (sbrk)
//   ...                 (mmap regions, later)
//   stack_bottom        the main thread's stack, guard page below it
//   USER_STACK_TOP
//   trapframe slots     one page per thread (TRAPFRAME_SLOTS of them)
//   TRAMPOLINE          the top page
//
// Locking: lock guards regions, heap_end and the slot bitmap; the page
// table is changed only with lock held. Pages are owned by the regions
// that map them; trapframe pages by their Thread (only mapped here).
#pragma once

#include "arch/riscv/memlayout.h"
#include "lib/refptr.h"
#include "lib/result.h"
#include "lib/spinlock.h"

inline constexpr u64 USER_IMAGE_BASE = 0x10000;
inline constexpr usize TRAPFRAME_SLOTS = 64;
constexpr u64 trapframe_va(usize slot) {
    return memlayout::TRAMPOLINE - (slot + 1) * riscv::PGSIZE;
}
inline constexpr u64 USER_STACK_TOP = trapframe_va(TRAPFRAME_SLOTS - 1) - riscv::PGSIZE;

enum class RegionKind : u8 { None, Text, Data, Heap, Stack };

struct Region {
    RegionKind kind = RegionKind::None;
    u64 start = 0; // page aligned
    u64 end = 0;   // page aligned, exclusive
    u64 perm = 0;  // PTE_R/W/X (PTE_U added when mapping)
};

class AddressSpace : public RefCounted<AddressSpace> {
public:
    // An empty space: only the trampoline mapped. ENOMEM.
    static Result<RefPtr<AddressSpace>> create();
    // A copy of every region's pages (fork without CLONE_VM).
    Result<RefPtr<AddressSpace>> copy();
    void destroy(); // RefCounted: last reference gone

    // Map a new region of zeroed pages. EINVAL if it overlaps another.
    Result<void> add_region(RegionKind kind, u64 start, u64 end, u64 perm);
    // Copy bytes into the pages of a region being built (exec), ignoring
    // write permission. EFAULT if not mapped.
    Result<void> load(u64 va, const void* src, usize n);
    // Move the program break by delta bytes; the old break. ENOMEM.
    Result<u64> grow_heap(i64 delta);
    u64 heap_end() const { return heap_end_; }

    // Per-thread trapframe pages.
    Result<usize> map_trapframe(u64 page_pa);
    void unmap_trapframe(usize slot);

    riscv::pagetable_t page_table() const { return root_; }
    u64 satp() const { return riscv::make_satp(reinterpret_cast<u64>(root_)); }
    // Total bytes of user memory mapped (for ps).
    usize resident_bytes() const;

    // Translate a user address for access; 0 if not allowed.
    enum class Access { Read, Write, Execute };
    u64 translate(u64 va, Access access);

    // A page fault at va in user mode (or met by copy_to/from_user):
    // resolve it if it is legitimate — growing the stack (up to
    // stack_limit bytes), copy-on-write, a lazily allocated page — and
    // return ok so the access can be retried; EFAULT (a true fault:
    // SIGSEGV) or ENOMEM otherwise.
    Result<void> handle_page_fault(u64 va, Access access, u64 stack_limit);

    Spinlock lock{"address_space", LockRank::AddressSpace};

    // Use create(); public only so the object pool can construct it.
    explicit AddressSpace(riscv::pagetable_t root) : root_(root) {}

private:

    static constexpr usize MAX_REGIONS = 16;
    Region* find_region_locked(RegionKind kind);
    Result<void> map_zeroed_locked(u64 start, u64 end, u64 perm);

    riscv::pagetable_t root_;
    Region regions_[MAX_REGIONS];
    u64 heap_end_ = 0; // the program break
    bool slot_used_[TRAPFRAME_SLOTS] = {};
};
