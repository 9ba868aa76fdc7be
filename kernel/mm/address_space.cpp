// User address spaces: page table + regions. See address_space.h.
#include "mm/address_space.h"
#include "lib/panic.h"
#include "lib/pool.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "mm/pagetable.h"
#include "param.h"

using namespace riscv;
using pagetable::FreePages;

extern "C" char trampoline[];

class AddressSpacePool {
public:
    static Pool<AddressSpace, NPROC>& pool() { return pool_; }

private:
    static constinit Pool<AddressSpace, NPROC> pool_;
};
constinit Pool<AddressSpace, NPROC> AddressSpacePool::pool_("address_spaces");

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

void AddressSpace::destroy() {
    pagetable::unmap_range(root_, memlayout::TRAMPOLINE, 1, FreePages::No);
    for (usize slot = 0; slot < TRAPFRAME_SLOTS; slot++) {
        if (slot_used_[slot]) pagetable::unmap_range(root_, trapframe_va(slot), 1, FreePages::No);
    }
    for (Region& r : regions_) {
        if (r.kind == RegionKind::None) continue;
        pagetable::unmap_range(root_, r.start, (r.end - r.start) / PGSIZE, FreePages::Yes);
    }
    pagetable::free_pagetable(root_);
    AddressSpacePool::pool().free(this);
}

Region* AddressSpace::find_region_locked(RegionKind kind) {
    for (Region& r : regions_)
        if (r.kind == kind) return &r;
    return nullptr;
}

Result<void> AddressSpace::map_zeroed_locked(u64 start, u64 end, u64 perm) {
    for (u64 va = start; va < end; va += PGSIZE) {
        void* page = page_alloc::alloc_page();
        Result<void> mapped = page ? pagetable::map_range(root_, va, PGSIZE, reinterpret_cast<u64>(page),
                                                          perm | PTE_U)
                                   : Result<void>(Errno::ENOMEM);
        if (mapped.is_error()) {
            if (page) page_alloc::free_page(page);
            pagetable::unmap_range(root_, start, (va - start) / PGSIZE, FreePages::Yes);
            return mapped.error();
        }
    }
    return ok();
}

Result<void> AddressSpace::add_region(RegionKind kind, u64 start, u64 end, u64 perm) {
    if (start % PGSIZE || end % PGSIZE || end < start || end > USER_STACK_TOP || start < PGSIZE)
        return Errno::EINVAL;
    SpinlockGuard guard(lock);
    Region* free_slot = nullptr;
    for (Region& r : regions_) {
        if (r.kind == RegionKind::None) {
            if (!free_slot) free_slot = &r;
            continue;
        }
        if (start < r.end && r.start < end) return Errno::EINVAL; // overlap
    }
    if (!free_slot) return Errno::ENOMEM;
    TRY(map_zeroed_locked(start, end, perm));
    *free_slot = Region{kind, start, end, perm};
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

Result<RefPtr<AddressSpace>> AddressSpace::copy() {
    auto copy = TRY(AddressSpace::create());
    SpinlockGuard guard(lock);
    for (const Region& r : regions_) {
        if (r.kind == RegionKind::None) continue;
        Region* slot = nullptr;
        for (Region& c : copy->regions_)
            if (c.kind == RegionKind::None) {
                slot = &c;
                break;
            }
        // The copy's lock is not needed: nobody else can see it yet.
        TRY(copy->map_zeroed_locked(r.start, r.end, r.perm));
        *slot = r;
        for (u64 va = r.start; va < r.end; va += PGSIZE) {
            u64 from = pagetable::user_va_to_pa(root_, va);
            u64 to = pagetable::user_va_to_pa(copy->root_, va);
            if (from && to) memcpy(reinterpret_cast<void*>(to), reinterpret_cast<void*>(from), PGSIZE);
        }
    }
    copy->heap_end_ = heap_end_;
    return copy;
}

Result<u64> AddressSpace::grow_heap(i64 delta) {
    SpinlockGuard guard(lock);
    Region* heap = find_region_locked(RegionKind::Heap);
    if (!heap) return Errno::ENOMEM;
    Region* stack = find_region_locked(RegionKind::Stack);
    u64 limit = (stack ? stack->start : USER_STACK_TOP) - PGSIZE; // keep the guard page free
    u64 old_end = heap_end_;

    if (delta > 0) {
        u64 new_end = old_end + static_cast<u64>(delta);
        if (new_end < old_end || new_end > limit) return Errno::ENOMEM;
        u64 mapped_end = page_round_up(new_end);
        if (mapped_end > heap->end) {
            TRY(map_zeroed_locked(heap->end, mapped_end, heap->perm));
            heap->end = mapped_end;
        }
        heap_end_ = new_end;
    } else if (delta < 0) {
        u64 shrink = 0 - static_cast<u64>(delta);
        if (shrink > old_end - heap->start) return Errno::EINVAL;
        u64 new_end = old_end - shrink;
        u64 mapped_end = page_round_up(new_end);
        if (mapped_end < heap->end) {
            pagetable::unmap_range(root_, mapped_end, (heap->end - mapped_end) / PGSIZE, FreePages::Yes);
            sfence_vma(); // this hart may have cached the old translations
            heap->end = mapped_end;
        }
        heap_end_ = new_end;
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
    pagetable::unmap_range(root_, trapframe_va(slot), 1, FreePages::No);
    slot_used_[slot] = false;
}

usize AddressSpace::resident_bytes() const {
    usize total = 0;
    for (const Region& r : regions_)
        if (r.kind != RegionKind::None) total += r.end - r.start;
    return total;
}

u64 AddressSpace::translate(u64 va, Access access) {
    lock.assert_held();
    pte_t* pte = pagetable::walk(root_, va, pagetable::Create::No);
    if (!pte) return 0;
    u64 need = PTE_V | PTE_U | (access == Access::Write ? PTE_W : PTE_R);
    if ((*pte & need) != need) return 0;
    return pte_to_pa(*pte) + (va & (PGSIZE - 1));
}

Result<void> AddressSpace::handle_page_fault(u64, Access, u64) {
    return Errno::EFAULT; // nothing is resolved lazily yet
}
