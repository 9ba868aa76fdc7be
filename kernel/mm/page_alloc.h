// Physical page allocator: hands out 4096-byte pages of RAM from the end
// of the kernel image to the top of memory. Free pages form a list
// threaded through the pages themselves.
//
// Every managed page has a reference count (one entry per page in a
// table carved out of the first pages of free RAM at init: no heap).
// alloc_page() returns a page with count 1; page_ref() adds a sharer
// (a copy-on-write child, a MAP_SHARED mapping in another address
// space); page_unref() drops one and frees the page when the count
// reaches zero.
//
// Rules: alloc_page() returns a zeroed page or null (never panics: the
// caller turns null into ENOMEM); free_page() takes back a page nobody
// else shares (count exactly 1: a kernel page, a page table). Pages that
// may be shared are released with page_unref(). free_page_count() lets
// tests prove that no page leaked: take the count, do the work, compare.
//
// Locking: one spinlock (rank PageAllocator, above every other lock but the
// console's) guards the free list and the counts, so all of these may
// be called with any other lock held.
#pragma once

#include "lib/types.h"

namespace page_alloc {
void init(u64 ram_start, u64 ram_end);
void* alloc_page();
void free_page(void* page);
usize free_page_count();
usize total_page_count();

// Reference counts of allocated pages, by physical address.
void page_ref(u64 pa);
void page_unref(u64 pa);
u32 page_ref_count(u64 pa);
} // namespace page_alloc
