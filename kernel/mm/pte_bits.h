// The software bits of a user PTE: RISC-V leaves bits 8-9 (RSW) to the
// operating system; the MMU ignores them.
#pragma once

#include "lib/types.h"

// Copy-on-write: the page is shared after fork and mapped read-only;
// a store faults and page_fault.cpp gives this space its own copy (or,
// if no one else holds the page any more, just makes it writable).
inline constexpr u64 PTE_COW = 1ull << 8;
