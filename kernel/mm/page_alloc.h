// Physical page allocator: hands out 4096-byte pages of RAM from the end
// of the kernel image to the top of memory. Free pages form a list
// threaded through the pages themselves.
//
// Rules: alloc_page() returns a zeroed page or null (never panics: the
// caller turns null into ENOMEM); free_page() takes back exactly a page
// that alloc_page() gave. free_page_count() lets tests prove that no
// page leaked: take the count, do the work, compare.
#pragma once

#include "lib/types.h"

namespace page_alloc {
void init(u64 ram_start, u64 ram_end);
void* alloc_page();
void free_page(void* page);
usize free_page_count();
usize total_page_count();
} // namespace page_alloc
