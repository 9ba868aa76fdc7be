// AddressSpace: a user page table and the regions mapped in it. Shared
// by every thread of a process, and between processes by CLONE_VM.
//
// Layout (docs/memory.md), low to high:
//   0x0                 page 0, never mapped: NULL dereferences fault
//   USER_IMAGE_BASE     ELF segments (text R-X, data RW), then the heap
//                       growing up (sbrk), eagerly allocated
//   ...                 anonymous mmap regions, placed top-down from
//   MMAP_TOP            = USER_STACK_TOP - STACK_RESERVE
//   (stack reserve)     the main stack may grow down into it (page
//                       faults) up to RLIMIT_STACK, keeping one
//                       unmapped guard page above whatever lies below
//   USER_STACK_TOP      (the stack starts with USER_STACK_PAGES pages)
//   trapframe slots     one page per thread (TRAPFRAME_SLOTS of them)
//   TRAMPOLINE          the top page
//
// Pages: a page inside a region but without a PTE is allocated, zeroed,
// on first touch (lazily: mmap regions, the grown stack). fork shares
// private pages copy-on-write (PTE_COW, read-only in both spaces) and
// MAP_SHARED pages writable; each mapping holds a page reference
// (page_alloc.h). docs/memory.md tells the whole story.
//
// Commit (mm/commit.h): every page of a committed region counts against
// the machine's commit limit, touched or not, from the moment the region
// is mapped (or, for a PROT_NONE region, first opened by mprotect) until
// it is unmapped or the space is destroyed. fork charges the child for
// all of the parent's committed pages (either side may write any of
// them). committed_pages_ is that sum for this space; each change to it
// is charged to or released from commit:: first.
//
// Locking:
//   lock (spinlock, rank AddressSpace) guards regions, heap_end, the slot
//     bitmap and the page table; held while copying to/from user memory.
//   map_lock (sleep lock) serializes the operations that take mappings
//     away or rearrange regions (mmap, munmap, mprotect, sbrk, fork's
//     copy): they drop `lock` to wait for other harts' TLBs (mm/tlb.h)
//     and must not interleave. Take map_lock before lock. Page faults
//     take only lock, and never with it already held by the caller.
#pragma once

#include "arch/arch.h"
#include "lib/refptr.h"
#include "lib/result.h"
#include "lib/spinlock.h"
#include "proc/sleeplock.h"

inline constexpr u64 USER_IMAGE_BASE = 0x10000;
inline constexpr usize TRAPFRAME_SLOTS = 64;
constexpr u64 trapframe_va(usize slot) {
    return memlayout::TRAMPOLINE - (slot + 1) * riscv::PGSIZE;
}
inline constexpr u64 USER_STACK_TOP = trapframe_va(TRAPFRAME_SLOTS - 1) - riscv::PGSIZE;
// Address space kept free for the main stack: it grows down to at most
// min(RLIMIT_STACK, STACK_RESERVE); mmap places nothing here unless
// asked to with MAP_FIXED, and sbrk never reaches it.
inline constexpr u64 STACK_RESERVE = 256ull << 20;
inline constexpr u64 MMAP_TOP = USER_STACK_TOP - STACK_RESERVE;

enum class RegionKind : u8 { None, Text, Data, Heap, Stack, Mmap };
// Across fork: Private pages are shared copy-on-write, Shared pages stay
// shared (MAP_SHARED).
enum class Sharing : u8 { Private, Shared };

struct Region {
    RegionKind kind = RegionKind::None;
    Sharing sharing = Sharing::Private;
    bool unmapping = false; // munmap in progress: faults here are EFAULT
    u64 start = 0;          // page aligned
    u64 end = 0;            // page aligned, exclusive
    u64 perm = 0;           // PTE_R/W/X; 0 is PROT_NONE (PTE_U added when mapping)
    // Its pages count against the commit limit (see above). False only
    // for a private region that has been PROT_NONE since it was mapped:
    // no page can appear there until mprotect opens it (and charges).
    bool committed = false;

    bool contains(u64 va) const { return kind != RegionKind::None && start <= va && va < end; }
};

// Is a new region with these attributes committed from the start? Any
// access means its pages may appear; a MAP_SHARED region's always may
// (fork allocates its untouched pages, whatever the protection).
constexpr bool committed_when_mapped(u64 perm, Sharing sharing) {
    return perm != 0 || sharing == Sharing::Shared;
}

class AddressSpace : public RefCounted<AddressSpace> {
public:
    // An empty space: only the trampoline mapped. ENOMEM.
    static Result<RefPtr<AddressSpace>> create();
    // fork without CLONE_VM: the same regions, private pages shared
    // copy-on-write, MAP_SHARED pages shared. ENOMEM.
    Result<RefPtr<AddressSpace>> copy();
    void destroy(); // RefCounted: last reference gone
    // Its slot in the table of address spaces: an id for procinfo.
    usize id() const;

    // Map a new region of zeroed pages (exec). EINVAL if it overlaps another.
    Result<void> add_region(RegionKind kind, u64 start, u64 end, u64 perm);
    // Copy bytes into the pages of a region being built (exec), ignoring
    // write permission. EFAULT if not mapped.
    Result<void> load(u64 va, const void* src, usize n);
    // Move the program break by delta bytes; the old break. ENOMEM.
    Result<u64> grow_heap(i64 delta);

    // Anonymous memory (mmap, munmap, mprotect; see memory_map.cpp).
    // len is rounded up to pages; perm is PTE_R/W/X or 0.
    enum class Placement { Anywhere, Fixed };
    Result<u64> map_anonymous(u64 addr, u64 len, u64 perm, Sharing sharing, Placement placement);
    Result<void> unmap(u64 addr, u64 len);
    Result<void> protect(u64 addr, u64 len, u64 perm);

    // Per-thread trapframe pages.
    Result<usize> map_trapframe(u64 page_pa);
    void unmap_trapframe(usize slot);

    u64 satp() const { return riscv::make_satp(reinterpret_cast<u64>(root_)); }
    // Pages this space has charged to the commit limit (mm/commit.h).
    usize committed_pages() const { return committed_pages_; }

    // Translate a user address for access; 0 if not allowed (yet: see
    // handle_page_fault). Caller holds lock.
    enum class Access { Read, Write, Execute };
    u64 translate(u64 va, Access access);

    // A page fault at va in user mode (or met by copy_to/from_user):
    // resolve it if it is legitimate — growing the stack (up to
    // stack_limit bytes), copy-on-write, a lazily allocated page — and
    // return ok so the access can be retried; EFAULT (a true fault:
    // SIGSEGV) or ENOMEM otherwise: no page to be had, or a stack that
    // may not grow past the commit limit (the trap path then kills the
    // process: out of memory). Caller does not hold lock.
    Result<void> handle_page_fault(u64 va, Access access, u64 stack_limit);

    // The name a futex at va goes by (page_fault.cpp): the physical
    // address for MAP_SHARED memory (the same word in every space),
    // else this space and va, which copy-on-write cannot change. EFAULT.
    Result<const void*> futex_key(u64 va, u64 stack_limit);

    Spinlock lock{"address_space", LockRank::AddressSpace};
    SleepLock map_lock{"address_space_map"};

    // Use create(); public only so the object pool can construct it.
    explicit AddressSpace(riscv::pagetable_t root) : root_(root) {}

private:
    // Room for the image, heap, stack and many mmap regions (each
    // munmap/mprotect in the middle of a region splits it).
    static constexpr usize MAX_REGIONS = 64;
    enum class Cow { No, Yes };

    Region* find_region_locked(RegionKind kind);
    Region* region_at_locked(u64 va);
    Region* free_slot_locked();
    usize free_slots_locked() const;
    // The PTE flags for a page of r.
    static u64 leaf_flags(const Region& r, Cow cow);
    // Map pa at va with flags (one page reference handed over). Caller
    // holds lock, or is building a space nobody else can see yet.
    Result<void> install_page(u64 va, u64 pa, u64 flags);
    Result<void> map_zeroed_locked(const Region& r, u64 start, u64 end);
    Result<void> map_fresh_page_locked(const Region& r, u64 va);
    // Drop the pages in [start, end) (references released).
    void unmap_pages_locked(u64 start, u64 end);
    // Take user access away from the pages in [start, end), keeping them.
    void revoke_locked(u64 start, u64 end);
    u64 heap_limit_locked(const Region& heap);
    u64 stack_floor_locked(const Region& stack, u64 stack_limit);
    // The stack region, grown down to va; EFAULT if va is not a stack
    // address, ENOMEM if the new pages cannot be committed.
    Result<Region*> grow_stack_locked(u64 va, u64 stack_limit);
    // Charge or release pages of this space's commit (commit.h).
    Result<void> charge_locked(usize pages);
    void release_locked(usize pages);
    // memory_map.cpp
    Result<void> split_locked(u64 at);
    void merge_locked();
    u64 find_free_range_locked(u64 hint, u64 len);
    Result<void> unmap_serialized(u64 start, u64 end);

    riscv::pagetable_t root_;
    Region regions_[MAX_REGIONS];
    u64 heap_end_ = 0;          // the program break
    usize committed_pages_ = 0; // pages of committed regions (guarded by lock)
    bool slot_used_[TRAPFRAME_SLOTS] = {};
};
