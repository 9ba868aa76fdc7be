#include "mm/page_alloc.h"
#include "arch/arch.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"

namespace {

struct FreePage {
    FreePage* next;
};

// Guards free_list, free_count and every entry of ref_counts.
constinit Spinlock allocator_lock("page_alloc", LockRank::PageAllocator);
constinit FreePage* free_list = nullptr;
constinit usize free_count = 0;
constinit usize total_count = 0;
constinit u64 managed_start = 0; // first page handed out (after the count table)
constinit u64 managed_end = 0;
// ref_counts[(pa - managed_start) / PGSIZE]: 0 for a free page. The
// table lives in the first pages of RAM after the kernel image.
constinit u32* ref_counts = nullptr;

// A freed page is filled with this byte so a use after free shows up
// as garbage instead of as plausible old data.
constexpr int POISON = 0x5a;

u32& count_of(u64 pa, const char* who) {
    if (pa % riscv::PGSIZE != 0 || pa < managed_start || pa >= managed_end)
        panic("%s: bad page %p", who, reinterpret_cast<void*>(pa));
    return ref_counts[(pa - managed_start) / riscv::PGSIZE];
}

// Put a page whose last reference is gone back on the free list.
void release(u64 pa) {
    memset(reinterpret_cast<void*>(pa), POISON, riscv::PGSIZE);
    auto* fp = reinterpret_cast<FreePage*>(pa);
    SpinlockGuard guard(allocator_lock);
    fp->next = free_list;
    free_list = fp;
    free_count++;
}

} // namespace

namespace page_alloc {

void init(u64 ram_start, u64 ram_end) {
    u64 start = riscv::page_round_up(ram_start);
    u64 end = riscv::page_round_down(ram_end);
    // The count table covers every page from start; the pages it takes
    // itself are never handed out, so a slightly oversized table is fine.
    usize pages = (end - start) / riscv::PGSIZE;
    u64 table_bytes = riscv::page_round_up(pages * sizeof(u32));
    ref_counts = reinterpret_cast<u32*>(start);
    memset(ref_counts, 0, table_bytes);
    managed_start = start + table_bytes;
    managed_end = end;
    for (u64 pa = managed_start; pa + riscv::PGSIZE <= managed_end; pa += riscv::PGSIZE) {
        release(pa);
        total_count++;
    }
}

void* alloc_page() {
    FreePage* page;
    {
        SpinlockGuard guard(allocator_lock);
        page = free_list;
        if (!page) return nullptr;
        free_list = page->next;
        free_count--;
        count_of(reinterpret_cast<u64>(page), "alloc_page") = 1;
    }
    memset(page, 0, riscv::PGSIZE);
    return page;
}

void free_page(void* page) {
    auto pa = reinterpret_cast<u64>(page);
    {
        SpinlockGuard guard(allocator_lock);
        u32& count = count_of(pa, "free_page");
        if (count != 1) panic("free_page: page %p has %u references", page, count);
        count = 0;
    }
    release(pa);
}

void page_ref(u64 pa) {
    SpinlockGuard guard(allocator_lock);
    u32& count = count_of(pa, "page_ref");
    if (count == 0) panic("page_ref: page %p is free", reinterpret_cast<void*>(pa));
    count++;
}

void page_unref(u64 pa) {
    {
        SpinlockGuard guard(allocator_lock);
        u32& count = count_of(pa, "page_unref");
        if (count == 0) panic("page_unref: page %p is free", reinterpret_cast<void*>(pa));
        if (--count > 0) return;
    }
    release(pa);
}

u32 page_ref_count(u64 pa) {
    SpinlockGuard guard(allocator_lock);
    return count_of(pa, "page_ref_count");
}

usize free_page_count() {
    SpinlockGuard guard(allocator_lock);
    return free_count;
}

usize total_page_count() {
    return total_count;
}

} // namespace page_alloc
