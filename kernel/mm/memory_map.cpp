// Anonymous memory mappings: AddressSpace::map_anonymous, unmap and
// protect, behind mmap, munmap and mprotect (syscall/memory_syscalls.cpp).
//
// An mmap region is a Region of kind Mmap; its pages appear on first
// touch (page_fault.cpp), so a big PROT_NONE guard region costs nothing.
// munmap and mprotect work on any page-aligned range: regions are split
// at the range's ends, so the table (MAX_REGIONS) can run out: ENOMEM.
// Adjacent mmap regions with the same attributes are merged again.
// The program image, heap and main stack are exec's, sbrk's and the
// fault handler's: these calls refuse ranges touching them (EINVAL).
//
// Commit (mm/commit.h): mmap charges the whole region up front (unless
// it is private and PROT_NONE: nothing can appear there yet), so it is
// mmap that says ENOMEM, not a fault later; mprotect charges a range it
// opens for the first time; munmap gives the charge back once the pages
// are freed.
//
// Locking: every operation holds map_lock throughout (so they do not
// interleave) and lock while it changes regions or PTEs. Taking
// something away follows the TLB rule (mm/tlb.h): munmap marks the
// regions `unmapping` and revokes user access, drops lock, waits for the
// other harts, and only then frees the pages.
#include "mm/address_space.h"
#include "mm/page_alloc.h"
#include "mm/pagetable.h"
#include "mm/pte_bits.h"
#include "mm/tlb.h"

using namespace riscv;

namespace {

// [start, end) from (addr, len): page aligned, inside user memory. EINVAL.
Result<u64> range_end(u64 addr, u64 len) {
    if (addr % PGSIZE || len == 0) return Errno::EINVAL;
    u64 end = page_round_up(addr + len);
    if (addr + len < addr || end < addr || end > USER_STACK_TOP) return Errno::EINVAL;
    return end;
}

bool overlaps(const Region& r, u64 start, u64 end) {
    return r.kind != RegionKind::None && r.start < end && start < r.end;
}

} // namespace

// Cut the region containing `at` in two at `at` (nothing to do if `at`
// is a region boundary or in no region). ENOMEM when the table is full.
Result<void> AddressSpace::split_locked(u64 at) {
    lock.assert_held();
    Region* r = region_at_locked(at);
    if (!r || r->start == at) return ok();
    Region* slot = free_slot_locked();
    if (!slot) return Errno::ENOMEM;
    *slot = *r;
    slot->start = at;
    r->end = at;
    return ok();
}

void AddressSpace::merge_locked() {
    lock.assert_held();
    for (Region& a : regions_) {
        if (a.kind != RegionKind::Mmap || a.unmapping) continue;
        for (Region& b : regions_) {
            if (&a == &b || b.kind != RegionKind::Mmap || b.unmapping || a.end != b.start) continue;
            if (a.perm != b.perm || a.sharing != b.sharing || a.committed != b.committed) continue;
            a.end = b.end;
            b = Region{};
        }
    }
}

// Top-down: the highest free range of len bytes below MMAP_TOP and above
// the image and heap (a guard page above the heap's end). The hint if
// that is free. 0 if nothing fits.
u64 AddressSpace::find_free_range_locked(u64 hint, u64 len) {
    lock.assert_held();
    u64 floor = USER_IMAGE_BASE;
    for (const Region& r : regions_) {
        bool low =
            r.kind == RegionKind::Text || r.kind == RegionKind::Data || r.kind == RegionKind::Heap;
        if (low && r.end + PGSIZE > floor) floor = r.end + PGSIZE;
    }
    auto is_free = [&](u64 start) {
        for (const Region& r : regions_)
            if (overlaps(r, start, start + len)) return false;
        return true;
    };
    hint = page_round_down(hint);
    if (hint >= floor && hint <= MMAP_TOP && len <= MMAP_TOP - hint && is_free(hint)) return hint;

    u64 top = MMAP_TOP;
    while (top >= floor && top - floor >= len) {
        u64 start = top - len;
        const Region* lowest_blocker = nullptr;
        for (const Region& r : regions_)
            if (overlaps(r, start, top) && (!lowest_blocker || r.start < lowest_blocker->start))
                lowest_blocker = &r;
        if (!lowest_blocker) return start;
        top = lowest_blocker->start; // anything ending above it overlaps it too
    }
    return 0;
}

Result<u64> AddressSpace::map_anonymous(u64 addr, u64 len, u64 perm, Sharing sharing,
                                        Placement placement) {
    if (len == 0) return Errno::EINVAL;
    if (len > USER_STACK_TOP) return Errno::ENOMEM;
    len = page_round_up(len);
    if (placement == Placement::Fixed) {
        TRY(range_end(addr, len));
        if (addr < PGSIZE) return Errno::EINVAL;
    }
    bool committed = committed_when_mapped(perm, sharing);
    usize pages = committed ? len / PGSIZE : 0;
    SleepLockGuard serialize(map_lock);
    // Charged before MAP_FIXED takes the old mapping away, so a failed
    // mmap leaves it in place (for a moment both count).
    {
        SpinlockGuard guard(lock);
        TRY(charge_locked(pages));
    }
    auto place = [&]() -> Result<u64> {
        u64 start = addr;
        if (placement == Placement::Fixed) {
            // MAP_FIXED replaces what was mapped there (mmap regions only).
            TRY(unmap_serialized(start, start + len));
        }
        SpinlockGuard guard(lock);
        if (placement == Placement::Anywhere) {
            start = find_free_range_locked(addr, len);
            if (!start) return Errno::ENOMEM;
        }
        Region* slot = free_slot_locked();
        if (!slot) return Errno::ENOMEM;
        *slot = Region{.kind = RegionKind::Mmap,
                       .sharing = sharing,
                       .start = start,
                       .end = start + len,
                       .perm = perm,
                       .committed = committed};
        merge_locked();
        return start;
    };
    auto placed = place();
    if (placed.is_error()) {
        SpinlockGuard guard(lock);
        release_locked(pages);
    }
    return placed;
}

// munmap's work, map_lock held: the mmap regions in [start, end) go.
Result<void> AddressSpace::unmap_serialized(u64 start, u64 end) {
    {
        SpinlockGuard guard(lock);
        usize splits = 0;
        for (const Region& r : regions_) {
            if (!overlaps(r, start, end)) continue;
            if (r.kind != RegionKind::Mmap) return Errno::EINVAL;
            if (r.start < start) splits++;
            if (end < r.end) splits++;
        }
        if (splits > free_slots_locked()) return Errno::ENOMEM;
        // Cannot fail now: enough free slots.
        (void)split_locked(start);
        (void)split_locked(end);
        bool any = false;
        for (Region& r : regions_) {
            if (!overlaps(r, start, end)) continue;
            r.unmapping = true; // faults here are EFAULT from now on
            revoke_locked(r.start, r.end);
            any = true;
        }
        if (!any) return ok(); // nothing mapped there: not an error
    }
    tlb::wait_for_other_harts(this);
    SpinlockGuard guard(lock);
    usize uncommitted = 0;
    for (Region& r : regions_) {
        if (r.kind == RegionKind::None || !r.unmapping) continue;
        unmap_pages_locked(r.start, r.end);
        if (r.committed) uncommitted += (r.end - r.start) / PGSIZE;
        r = Region{};
    }
    release_locked(uncommitted); // the pages are free now
    return ok();
}

Result<void> AddressSpace::unmap(u64 addr, u64 len) {
    u64 end = TRY(range_end(addr, len));
    SleepLockGuard serialize(map_lock);
    return unmap_serialized(addr, end);
}

Result<void> AddressSpace::protect(u64 addr, u64 len, u64 perm) {
    if (addr % PGSIZE) return Errno::EINVAL;
    if (len == 0) return ok();
    u64 end = TRY(range_end(addr, len));
    SleepLockGuard serialize(map_lock);
    {
        SpinlockGuard guard(lock);
        // Every page of the range must be mapped (else ENOMEM, as Linux),
        // by mmap regions only.
        usize splits = 0;
        u64 covered = 0;
        for (const Region& r : regions_) {
            if (!overlaps(r, addr, end)) continue;
            if (r.kind != RegionKind::Mmap) return Errno::EINVAL;
            if (r.unmapping) return Errno::ENOMEM;
            if (r.start < addr) splits++;
            if (end < r.end) splits++;
            covered += (r.end < end ? r.end : end) - (r.start > addr ? r.start : addr);
        }
        if (covered != end - addr) return Errno::ENOMEM;
        if (splits > free_slots_locked()) return Errno::ENOMEM;
        // Opening a never-opened PROT_NONE range commits it (ENOMEM if it
        // cannot be: nothing has changed yet). Closing one keeps the
        // charge: its pages stay (PROT_NONE keeps the frames).
        usize opening = 0;
        for (const Region& r : regions_) {
            if (perm == 0 || !overlaps(r, addr, end) || r.committed) continue;
            opening += ((r.end < end ? r.end : end) - (r.start > addr ? r.start : addr)) / PGSIZE;
        }
        TRY(charge_locked(opening));
        (void)split_locked(addr);
        (void)split_locked(end);
        for (Region& r : regions_) {
            if (!overlaps(r, addr, end)) continue;
            r.perm = perm;
            if (perm != 0) r.committed = true;
            for (u64 va = r.start; va < r.end; va += PGSIZE) {
                pte_t* pte = pagetable::walk(root_, va, pagetable::Create::No);
                if (!pte || !(*pte & PTE_V)) continue;
                Cow cow = (*pte & PTE_COW) ? Cow::Yes : Cow::No;
                *pte = pa_to_pte(pte_to_pa(*pte)) | leaf_flags(r, cow);
            }
        }
        merge_locked();
    }
    // Rights may have been taken away: wait until no hart still has them.
    tlb::wait_for_other_harts(this);
    return ok();
}
