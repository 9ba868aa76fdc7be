// Committed memory: how many pages of user memory the kernel has
// promised, against a limit fixed at boot (docs/memory.md "Out of
// memory"). A promise is made when memory is mapped (exec, sbrk, mmap,
// mprotect opening a PROT_NONE range, fork, the stack growing) and
// kept until it is unmapped; so a page touched later always finds a
// free page, and running out of memory is the ENOMEM of the call that
// asked for too much, not a fault much later.
//
// The limit is the free pages at boot minus a reserve the kernel keeps
// for its own allocations (page tables, trapframes, pipe buffers, exec's
// buffers), which are not counted here. What is counted, per address
// space, is AddressSpace's business (address_space.h); this file only
// keeps the machine-wide sum.
//
//   charge(n)   promise n more pages; ENOMEM if that passes the limit
//   release(n)  give back n pages promised earlier
//
// With the boot option overcommit=always there is no limit (charge
// never fails): memory then runs out at a page fault, and the process
// that faulted is killed (trap/user_trap.cpp), as on Linux with
// vm.overcommit_memory=1. The default is strict accounting, Linux's
// vm.overcommit_memory=2.
//
// Locking: none; the count is one word, changed with atomic operations
// (a compare-and-swap loop, so a charge never passes the limit even
// when several harts charge at once). May be called with any lock held.
#pragma once

#include "lib/result.h"
#include "lib/types.h"

namespace commit {

enum class Policy : u8 { Strict, Overcommit };

// Pages kept back for the kernel: one free page in RESERVE_FRACTION, at
// least RESERVE_MIN_PAGES (4 MiB: a trapframe per thread, a few page
// tables per process, a pipe buffer per pipe).
inline constexpr usize RESERVE_FRACTION = 16;
inline constexpr usize RESERVE_MIN_PAGES = 1024;
// limit_pages() under Policy::Overcommit.
inline constexpr usize NO_LIMIT = ~usize(0);

// At boot, once the kernel's own tables are allocated (main.cpp).
void init(usize free_pages, Policy policy);

Result<void> charge(usize pages);
void release(usize pages);

usize committed_pages();
usize limit_pages(); // NO_LIMIT under Policy::Overcommit
usize reserve_pages();

} // namespace commit
