// Sv39 page tables: three levels of 512 entries, 4 KiB pages. Used for
// the kernel's own table (kernel_vm.cpp) and every user address space.
//
// Rules: functions that allocate return Result and leave the table
// consistent on failure (what was mapped stays mapped; the caller
// unmaps). A PTE's physical page is owned by whoever mapped it (one
// reference per mapping, see page_alloc.h); the
// table pages themselves are owned by the table and freed by
// free_pagetable().
#pragma once

#include "arch/arch.h"
#include "lib/result.h"

namespace pagetable {

using riscv::pagetable_t;
using riscv::pte_t;

enum class Create { No, Yes };

// The leaf PTE for va, creating missing middle levels when asked.
// Null if absent (or allocation failed).
pte_t* walk(pagetable_t root, u64 va, Create create);

// Map [va, va+size) to [pa, pa+size) with perm; va and size page aligned.
// EEXIST if a page is already mapped (a kernel bug for the kernel table),
// ENOMEM if a table page cannot be allocated.
Result<void> map_range(pagetable_t root, u64 va, u64 size, u64 pa, u64 perm);

// Remove npages mappings starting at va; drop a reference to each page
// too when asked (page_alloc::page_unref: freed when nobody shares it).
enum class FreePages { No, Yes };
void unmap_range(pagetable_t root, u64 va, usize npages, FreePages free);

// Free the table pages (all leaves must already be unmapped).
void free_pagetable(pagetable_t root);

// The physical address that user va maps to, or 0 if it is not a
// present user page.
u64 user_va_to_pa(pagetable_t root, u64 va);

} // namespace pagetable
