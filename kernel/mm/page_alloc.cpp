#include "mm/page_alloc.h"
#include "arch/riscv/riscv.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"

namespace {

struct FreePage {
    FreePage* next;
};

// Guards free_list and free_count.
constinit Spinlock allocator_lock("page_alloc", LockRank::Allocator);
constinit FreePage* free_list = nullptr;
constinit usize free_count = 0;
constinit usize total_count = 0;
constinit u64 managed_start = 0;
constinit u64 managed_end = 0;

// A freed page is filled with this byte so a use after free shows up
// as garbage instead of as plausible old data.
constexpr int POISON = 0x5a;

} // namespace

namespace page_alloc {

void init(u64 ram_start, u64 ram_end) {
    managed_start = riscv::page_round_up(ram_start);
    managed_end = riscv::page_round_down(ram_end);
    for (u64 pa = managed_start; pa + riscv::PGSIZE <= managed_end; pa += riscv::PGSIZE) {
        free_page(reinterpret_cast<void*>(pa));
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
    }
    memset(page, 0, riscv::PGSIZE);
    return page;
}

void free_page(void* page) {
    auto pa = reinterpret_cast<u64>(page);
    if (pa % riscv::PGSIZE != 0 || pa < managed_start || pa >= managed_end)
        panic("free_page: bad page %p", page);
    memset(page, POISON, riscv::PGSIZE);
    auto* fp = static_cast<FreePage*>(page);
    SpinlockGuard guard(allocator_lock);
    fp->next = free_list;
    free_list = fp;
    free_count++;
}

usize free_page_count() {
    SpinlockGuard guard(allocator_lock);
    return free_count;
}

usize total_page_count() { return total_count; }

} // namespace page_alloc
