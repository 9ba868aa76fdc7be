// TLB consistency by waiting instead of interrupting (see tlb.h).
//
// Per hart: which address space it is running in user mode (null while
// in the kernel) and how many times it has left user mode. A waiter
// notes the count of every other hart running `as` and waits for it to
// move on. The counts only grow, so a hart that left and came back in
// between is seen too: coming back it flushed (trampoline.S) after the
// waiter's page-table change was visible, thanks to the fences below.
#include "mm/tlb.h"
#include "arch/arch.h"
#include "lib/atomic.h"
#include "param.h"

namespace {

struct UserState {
    Atomic<const AddressSpace*> space{nullptr};
    Atomic<u64> exits{0};
};

constinit UserState user_state[NCPU];

} // namespace

namespace tlb {

void entering_user(const AddressSpace* as) {
    // Store the space, then (full fence) flush and walk the table: either
    // a waiter sees us here, or our walks see its page-table change.
    user_state[riscv::hart_id()].space.store(as);
    __sync_synchronize();
}

void left_user() {
    UserState& me = user_state[riscv::hart_id()];
    me.exits.fetch_add(1);
    me.space.store(nullptr);
}

void wait_for_other_harts(const AddressSpace* as) {
    // The page-table change (made under the address-space lock) must be
    // visible before we look at who is running `as`.
    __sync_synchronize();
    u64 self = riscv::hart_id(); // may change if we are moved: harmless, see below
    u64 seen[NCPU];
    for (usize h = 0; h < NCPU; h++)
        seen[h] = user_state[h].exits.load();
    for (usize h = 0; h < NCPU; h++) {
        // Our own hart is in the kernel (its entry is null), so checking
        // it too would be harmless; skipping it saves a load.
        if (h == self) continue;
        while (user_state[h].space.load() == as && user_state[h].exits.load() == seen[h]) {
            asm volatile("nop"); // the hart will trap at its next timer tick
        }
    }
}

} // namespace tlb
