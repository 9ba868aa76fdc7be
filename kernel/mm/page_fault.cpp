// Resolving user page faults (AddressSpace::handle_page_fault, see
// address_space.h). Three legitimate reasons for a fault:
//   - a lazy page: inside a region, never touched, so no PTE yet: map a
//     zeroed page with the region's permissions;
//   - copy-on-write: a store to a PTE_COW page: copy it, or if this space
//     holds the only reference, simply make it writable again;
//   - stack growth: just below the main stack, above its floor (RLIMIT_STACK,
//     capped at STACK_RESERVE, and one guard page above the next region
//     down): extend the stack region, then it is a lazy page. The new
//     stack pages are committed first (mm/commit.h).
// Anything else is EFAULT, and the trap path sends SIGSEGV. ENOMEM is
// out of memory: no free page for a lazy or copy-on-write page (the
// kernel's own allocations ate the reserve, or overcommit=always), or a
// stack that cannot be committed; the trap path then kills the process
// with SIGKILL, never SIGSEGV: the program did nothing wrong. A fault that
// finds the page already fine (another thread resolved it, or this hart
// had a stale narrower TLB entry) is ok: the access is retried.
//
// Locking: takes lock; the caller must not hold it. Allocating under it
// is fine (PageAllocator ranks above AddressSpace). A replaced copy-on-write
// page is released only after the TLB wait (mm/tlb.h), without lock.
#include "lib/string.h"
#include "mm/address_space.h"
#include "mm/page_alloc.h"
#include "mm/pagetable.h"
#include "mm/pte_bits.h"
#include "mm/tlb.h"

using namespace riscv;
using Access = AddressSpace::Access;

namespace {

u64 access_bit(Access access) {
    switch (access) {
    case Access::Read:
        return PTE_R;
    case Access::Write:
        return PTE_W;
    case Access::Execute:
        return PTE_X;
    }
    return PTE_R;
}

bool pte_allows(pte_t pte, Access access) {
    u64 need = PTE_V | PTE_U | access_bit(access);
    return (pte & need) == need;
}

} // namespace

u64 AddressSpace::stack_floor_locked(const Region& stack, u64 stack_limit) {
    lock.assert_held();
    u64 reach = stack_limit < STACK_RESERVE ? stack_limit : STACK_RESERVE;
    u64 floor = page_round_up(USER_STACK_TOP - reach);
    for (const Region& r : regions_) {
        if (r.kind == RegionKind::None || &r == &stack || r.end > stack.start) continue;
        if (r.end + PGSIZE > floor) floor = r.end + PGSIZE; // the guard page stays unmapped
    }
    return floor;
}

Result<Region*> AddressSpace::grow_stack_locked(u64 va, u64 stack_limit) {
    lock.assert_held();
    Region* stack = find_region_locked(RegionKind::Stack);
    if (!stack || va >= stack->start || va < stack_floor_locked(*stack, stack_limit))
        return Errno::EFAULT;
    TRY(charge_locked((stack->start - va) / PGSIZE));
    stack->start = va; // the pages in between are lazy too
    return stack;
}

Result<void> AddressSpace::handle_page_fault(u64 fault_va, Access access, u64 stack_limit) {
    if (fault_va < PGSIZE || fault_va >= USER_STACK_TOP) return Errno::EFAULT;
    u64 va = page_round_down(fault_va);
    u64 replaced = 0; // a copy-on-write page this space no longer maps
    {
        SpinlockGuard guard(lock);
        Region* r = region_at_locked(va);
        if (!r) r = TRY(grow_stack_locked(va, stack_limit));
        if (r->unmapping || !(r->perm & access_bit(access))) return Errno::EFAULT;

        pte_t* pte = pagetable::walk(root_, va, pagetable::Create::No);
        if (!pte || !(*pte & PTE_V)) return map_fresh_page_locked(*r, va);
        if (pte_allows(*pte, access)) return ok();
        if (access != Access::Write || !(*pte & PTE_COW) || !(*pte & PTE_U)) return Errno::EFAULT;

        u64 pa = pte_to_pa(*pte);
        if (page_alloc::page_ref_count(pa) == 1) {
            // Everyone else has copied or gone: the page is ours alone.
            // (Only a fork of this space could add a reference, and that
            // needs lock.)
            *pte = pa_to_pte(pa) | leaf_flags(*r, Cow::No);
            return ok();
        }
        void* copy = page_alloc::alloc_page();
        if (!copy) return Errno::ENOMEM;
        memcpy(copy, reinterpret_cast<const void*>(pa), PGSIZE);
        *pte = pa_to_pte(reinterpret_cast<u64>(copy)) | leaf_flags(*r, Cow::No);
        replaced = pa;
    }
    // Another of our threads may still read the old page through its TLB;
    // our reference keeps it from being written by its other owner until then.
    tlb::wait_for_other_harts(this);
    page_alloc::page_unref(replaced);
    return ok();
}

Result<const void*> AddressSpace::futex_key(u64 va, u64 stack_limit) {
    // Bit 63 (never set in a physical or kernel address) marks a private
    // key; the root table's page number names this space (unique while
    // it lives); va < MAXVA = 2^38.
    for (int tries = 0; tries < 3; tries++) {
        {
            SpinlockGuard guard(lock);
            Region* r = region_at_locked(va);
            if (r && r->sharing == Sharing::Private) {
                u64 space = reinterpret_cast<u64>(root_) >> PGSHIFT;
                return reinterpret_cast<const void*>((1ull << 63) | (space << 38) | va);
            }
            if (r) {
                u64 pa = translate(va, Access::Read);
                if (pa) return reinterpret_cast<const void*>(pa);
            }
        }
        TRY(handle_page_fault(va, Access::Read, stack_limit));
    }
    return Errno::EFAULT;
}
