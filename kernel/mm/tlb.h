// Keeping other harts' TLBs honest without a shootdown interrupt.
//
// The rule (docs/memory.md, "The TLB rule"):
//  1. Every switch between user and kernel mode flushes the hart's TLB
//     (the sfence.vma pairs in trampoline.S). The kernel runs on its own
//     table, so a hart in the kernel holds no user translations at all,
//     and a hart returning to user mode sees the page table as it is.
//  2. Making a mapping *more* permissive (a lazy page, copy-on-write
//     resolved in place, mprotect adding rights) needs nothing more: a
//     hart with a stale, narrower entry just faults, finds the page
//     already fine, and retries (handle_page_fault treats that as ok).
//  3. Taking something away (munmap, mprotect removing rights, fork
//     write-protecting the parent for copy-on-write, a copy-on-write
//     fault replacing a page) is followed by wait_for_other_harts(as):
//     it returns once every other hart that was running `as` in user
//     mode has trapped into the kernel at least once (rule 1 flushed
//     it). The timer interrupts every hart every tick, so the wait is
//     at most about one tick, and zero when no other hart runs `as`.
//     A page taken away is freed only after that wait.
//
// Interface: the trap path calls entering_user()/left_user(); memory
// code calls wait_for_other_harts() holding no spinlock of `as` (it
// spins; the harts it waits for may need that lock when they trap).
#pragma once

#include "lib/types.h"

class AddressSpace;

namespace tlb {
// This hart is about to sret into user mode on `as` (interrupts off).
void entering_user(const AddressSpace* as);
// This hart has just trapped out of user mode (first thing in user_trap).
void left_user();
// Wait until no other hart can still hold a translation of `as` made
// before this call.
void wait_for_other_harts(const AddressSpace* as);
} // namespace tlb
