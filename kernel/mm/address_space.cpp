// User address spaces: page table + regions. See address_space.h.
// This file: making, copying (fork) and destroying a space, the regions
// exec builds, the heap, trapframe slots. Page faults are in
// page_fault.cpp, mmap/munmap/mprotect in memory_map.cpp.
#include "mm/address_space.h"
#include "lib/panic.h"
#include "lib/pool.h"
#include "lib/string.h"
#include "mm/commit.h"
#include "mm/page_alloc.h"
#include "mm/pagetable.h"
#include "mm/pte_bits.h"
#include "mm/tlb.h"
#include "param.h"

using namespace riscv;

extern "C" char trampoline[];

// One space per process, plus room for exec, which builds the new space
// before it drops the old one, and for a fork that finds the process
// table full: it then fails with the table's EAGAIN, not with ENOMEM here.
inline constexpr usize NADDRESS_SPACE = NPROC + 8;

class AddressSpacePool {
public:
    static Pool<AddressSpace, NADDRESS_SPACE>& pool() { return pool_; }

private:
    static constinit Pool<AddressSpace, NADDRESS_SPACE> pool_;
};
constinit Pool<AddressSpace, NADDRESS_SPACE> AddressSpacePool::pool_("address_spaces");

Result<RefPtr<AddressSpace>> AddressSpace::create() {
    auto root = static_cast<pagetable_t>(page_alloc::alloc_page());
    if (!root) return Errno::ENOMEM;
    AddressSpace* as = AddressSpacePool::pool().allocate(root);
    if (!as) {
        page_alloc::free_page(root);
        return Errno::ENOMEM;
    }
    auto result = RefPtr<AddressSpace>::adopt(as);
    // The trampoline: not PTE_U, so user code cannot touch it; traps run it.
    if (pagetable::map_range(root, memlayout::TRAMPOLINE, PGSIZE, reinterpret_cast<u64>(trampoline),
                             PTE_R | PTE_X)
            .is_error())
        return Errno::ENOMEM; // the RefPtr's destroy() frees the table
    return result;
}

usize AddressSpace::id() const {
    return AddressSpacePool::pool().slot_of(this);
}

// The last reference is gone, so no thread runs here and no hart holds a
// translation of it (each flushed when it left user mode: mm/tlb.h).
void AddressSpace::destroy() {
    pagetable::unmap_range(root_, memlayout::TRAMPOLINE, 1, pagetable::FreePages::No);
    for (usize slot = 0; slot < TRAPFRAME_SLOTS; slot++) {
        if (slot_used_[slot])
            pagetable::unmap_range(root_, trapframe_va(slot), 1, pagetable::FreePages::No);
    }
    for (Region& r : regions_) {
        if (r.kind == RegionKind::None) continue;
        pagetable::unmap_range(root_, r.start, (r.end - r.start) / PGSIZE,
                               pagetable::FreePages::Yes);
    }
    pagetable::free_pagetable(root_);
    // Every page is back on the free list: the promise can go too.
    if (committed_pages_) commit::release(committed_pages_);
    committed_pages_ = 0;
    AddressSpacePool::pool().free(this);
}

Result<void> AddressSpace::charge_locked(usize pages) {
    lock.assert_held();
    if (pages == 0) return ok();
    TRY(commit::charge(pages));
    committed_pages_ += pages;
    return ok();
}

// Call only once the pages are back on the free list (or were never
// there): a page still waiting for the TLB rule is still in use.
void AddressSpace::release_locked(usize pages) {
    lock.assert_held();
    if (pages == 0) return;
    if (pages > committed_pages_)
        panic("release_locked: %zu pages, space has %zu", pages, committed_pages_);
    committed_pages_ -= pages;
    commit::release(pages);
}

Region* AddressSpace::find_region_locked(RegionKind kind) {
    lock.assert_held();
    for (Region& r : regions_)
        if (r.kind == kind) return &r;
    return nullptr;
}

Region* AddressSpace::region_at_locked(u64 va) {
    lock.assert_held();
    for (Region& r : regions_)
        if (r.contains(va)) return &r;
    return nullptr;
}

Region* AddressSpace::free_slot_locked() {
    lock.assert_held();
    for (Region& r : regions_)
        if (r.kind == RegionKind::None) return &r;
    return nullptr;
}

usize AddressSpace::free_slots_locked() const {
    lock.assert_held();
    usize n = 0;
    for (const Region& r : regions_)
        if (r.kind == RegionKind::None) n++;
    return n;
}

u64 AddressSpace::leaf_flags(const Region& r, Cow cow) {
    // PROT_NONE keeps its pages (mprotect may give access back) in PTEs
    // without PTE_U: valid leaves, but user mode cannot touch them.
    u64 flags = r.perm == 0 ? PTE_V | PTE_R : PTE_V | PTE_U | r.perm;
    if (cow == Cow::Yes) flags = (flags & ~PTE_W) | PTE_COW;
    return flags;
}

Result<void> AddressSpace::install_page(u64 va, u64 pa, u64 flags) {
    pte_t* pte = pagetable::walk(root_, va, pagetable::Create::Yes);
    if (!pte) return Errno::ENOMEM;
    if (*pte & PTE_V) panic("install_page: %p already mapped", reinterpret_cast<void*>(va));
    *pte = pa_to_pte(pa) | flags;
    return ok();
}

Result<void> AddressSpace::map_fresh_page_locked(const Region& r, u64 va) {
    lock.assert_held();
    void* page = page_alloc::alloc_page();
    if (!page) return Errno::ENOMEM;
    auto pa = reinterpret_cast<u64>(page);
    auto installed = install_page(va, pa, leaf_flags(r, Cow::No));
    if (installed.is_error()) page_alloc::free_page(page);
    return installed;
}

Result<void> AddressSpace::map_zeroed_locked(const Region& r, u64 start, u64 end) {
    lock.assert_held();
    for (u64 va = start; va < end; va += PGSIZE) {
        auto mapped = map_fresh_page_locked(r, va);
        if (mapped.is_error()) {
            unmap_pages_locked(start, va);
            return mapped.error();
        }
    }
    return ok();
}

void AddressSpace::unmap_pages_locked(u64 start, u64 end) {
    lock.assert_held();
    for (u64 va = start; va < end; va += PGSIZE) {
        pte_t* pte = pagetable::walk(root_, va, pagetable::Create::No);
        if (!pte || !(*pte & PTE_V)) continue; // never touched (lazy)
        page_alloc::page_unref(pte_to_pa(*pte));
        *pte = 0;
    }
}

void AddressSpace::revoke_locked(u64 start, u64 end) {
    lock.assert_held();
    for (u64 va = start; va < end; va += PGSIZE) {
        pte_t* pte = pagetable::walk(root_, va, pagetable::Create::No);
        if (pte && (*pte & PTE_V)) *pte &= ~PTE_U;
    }
}

Result<void> AddressSpace::add_region(RegionKind kind, u64 start, u64 end, u64 perm) {
    if (start % PGSIZE || end % PGSIZE || end < start || end > USER_STACK_TOP || start < PGSIZE)
        return Errno::EINVAL;
    SpinlockGuard guard(lock);
    for (const Region& r : regions_)
        if (r.kind != RegionKind::None && start < r.end && r.start < end)
            return Errno::EINVAL; // overlap
    Region* slot = free_slot_locked();
    if (!slot) return Errno::ENOMEM;
    Region region{.kind = kind,
                  .start = start,
                  .end = end,
                  .perm = perm,
                  .committed = committed_when_mapped(perm, Sharing::Private)};
    usize pages = region.committed ? (end - start) / PGSIZE : 0;
    TRY(charge_locked(pages));
    auto mapped = map_zeroed_locked(region, start, end);
    if (mapped.is_error()) {
        release_locked(pages);
        return mapped.error();
    }
    *slot = region;
    if (kind == RegionKind::Heap) heap_end_ = start;
    return ok();
}

Result<void> AddressSpace::load(u64 va, const void* src, usize n) {
    SpinlockGuard guard(lock);
    const auto* from = static_cast<const u8*>(src);
    while (n > 0) {
        u64 page = page_round_down(va);
        u64 pa = pagetable::user_va_to_pa(root_, page);
        if (!pa) return Errno::EFAULT;
        usize chunk = PGSIZE - (va - page);
        if (chunk > n) chunk = n;
        memcpy(reinterpret_cast<void*>(pa + (va - page)), from, chunk);
        va += chunk;
        from += chunk;
        n -= chunk;
    }
    return ok();
}

// fork: the child gets the same regions (same slots) and, for each page
// present here, a reference to the same physical page. Private pages
// become read-only + PTE_COW in both spaces, so the first write on
// either side copies (page_fault.cpp). MAP_SHARED pages stay writable
// in both; an untouched one is allocated here first, or parent and
// child would each fault in a page of their own.
//
// The child is charged all of our committed pages before anything is
// copied: after fork either side may write (and so copy) any private
// page, and a shared page may outlive us in the child. A failure is
// ENOMEM with nothing changed here; destroy() gives the charge back.
Result<RefPtr<AddressSpace>> AddressSpace::copy() {
    auto child = TRY(AddressSpace::create());
    SleepLockGuard serialize(map_lock);
    {
        SpinlockGuard guard(lock);
        TRY(commit::charge(committed_pages_));
        child->committed_pages_ = committed_pages_;
        // The child's lock is not taken: nobody else can see it yet.
        for (usize i = 0; i < MAX_REGIONS; i++) {
            const Region& r = regions_[i];
            if (r.kind == RegionKind::None) continue;
            child->regions_[i] = r; // before its pages: destroy() then undoes a failure
            for (u64 va = r.start; va < r.end; va += PGSIZE) {
                pte_t* pte = pagetable::walk(root_, va, pagetable::Create::No);
                bool present = pte && (*pte & PTE_V);
                if (r.sharing == Sharing::Shared && !present) {
                    TRY(map_fresh_page_locked(r, va));
                    pte = pagetable::walk(root_, va, pagetable::Create::No);
                } else if (!present) {
                    continue; // lazy in the child too
                } else if (r.sharing == Sharing::Private) {
                    *pte = (*pte & ~PTE_W) | PTE_COW;
                }
                u64 pa = pte_to_pa(*pte);
                page_alloc::page_ref(pa);
                auto installed = child->install_page(va, pa, pte_flags(*pte));
                if (installed.is_error()) {
                    page_alloc::page_unref(pa);
                    return installed.error();
                }
            }
        }
        child->heap_end_ = heap_end_;
    }
    // Other threads of ours may still hold writable translations of the
    // pages just made copy-on-write.
    tlb::wait_for_other_harts(this);
    return child;
}

// The heap may grow up to the first region above it (a guard page
// short), and never into the stack's reserve.
u64 AddressSpace::heap_limit_locked(const Region& heap) {
    lock.assert_held();
    u64 limit = MMAP_TOP;
    for (const Region& r : regions_) {
        if (r.kind == RegionKind::None || &r == &heap || r.start < heap.end) continue;
        if (r.start - PGSIZE < limit) limit = r.start - PGSIZE;
    }
    return limit;
}

Result<u64> AddressSpace::grow_heap(i64 delta) {
    SleepLockGuard serialize(map_lock);
    u64 old_end, released_start = 0, released_end = 0;
    {
        SpinlockGuard guard(lock);
        Region* heap = find_region_locked(RegionKind::Heap);
        if (!heap) return Errno::ENOMEM;
        old_end = heap_end_;
        if (delta > 0) {
            u64 new_end = old_end + static_cast<u64>(delta);
            if (new_end < old_end || new_end > heap_limit_locked(*heap)) return Errno::ENOMEM;
            u64 mapped_end = page_round_up(new_end);
            if (mapped_end > heap->end) {
                // Committed, then allocated eagerly: running out of
                // memory is sbrk's ENOMEM, not a fault later.
                usize pages = (mapped_end - heap->end) / PGSIZE;
                TRY(charge_locked(pages));
                auto mapped = map_zeroed_locked(*heap, heap->end, mapped_end);
                if (mapped.is_error()) {
                    release_locked(pages);
                    return mapped.error();
                }
                heap->end = mapped_end;
            }
            heap_end_ = new_end;
        } else if (delta < 0) {
            u64 shrink = 0 - static_cast<u64>(delta);
            if (shrink > old_end - heap->start) return Errno::EINVAL;
            u64 new_end = old_end - shrink;
            u64 mapped_end = page_round_up(new_end);
            if (mapped_end < heap->end) {
                // Out of the region now (faults there are EFAULT) and out
                // of user reach; freed once no hart can still use them.
                revoke_locked(mapped_end, heap->end);
                released_start = mapped_end;
                released_end = heap->end;
                heap->end = mapped_end;
            }
            heap_end_ = new_end;
        }
    }
    if (released_end) {
        tlb::wait_for_other_harts(this);
        SpinlockGuard guard(lock);
        unmap_pages_locked(released_start, released_end);
        release_locked((released_end - released_start) / PGSIZE);
    }
    return old_end;
}

Result<usize> AddressSpace::map_trapframe(u64 page_pa) {
    SpinlockGuard guard(lock);
    for (usize slot = 0; slot < TRAPFRAME_SLOTS; slot++) {
        if (slot_used_[slot]) continue;
        // Not PTE_U: only the trampoline (in supervisor mode) touches it.
        TRY(pagetable::map_range(root_, trapframe_va(slot), PGSIZE, page_pa, PTE_R | PTE_W));
        slot_used_[slot] = true;
        return slot;
    }
    return Errno::EAGAIN;
}

void AddressSpace::unmap_trapframe(usize slot) {
    SpinlockGuard guard(lock);
    if (!slot_used_[slot]) panic("unmap_trapframe: slot %zu not mapped", slot);
    pagetable::unmap_range(root_, trapframe_va(slot), 1, pagetable::FreePages::No);
    slot_used_[slot] = false;
}

u64 AddressSpace::translate(u64 va, Access access) {
    lock.assert_held();
    pte_t* pte = pagetable::walk(root_, va, pagetable::Create::No);
    if (!pte) return 0;
    u64 need = PTE_V | PTE_U |
               (access == Access::Write  ? PTE_W
                : access == Access::Read ? PTE_R
                                         : PTE_X);
    if ((*pte & need) != need) return 0;
    return pte_to_pa(*pte) + (va & (PGSIZE - 1));
}
