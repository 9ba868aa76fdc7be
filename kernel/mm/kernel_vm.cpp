#include "mm/kernel_vm.h"
#include "arch/arch.h"
#include "lib/panic.h"
#include "mm/page_alloc.h"
#include "mm/pagetable.h"
#include "param.h"

using namespace riscv;
using pagetable::map_range;

// Section boundaries from kernel.ld.
extern "C" char text_start[], text_end[], rodata_end[], kernel_end[];
extern "C" char trampoline[];
extern "C" char boot_stacks[];

namespace {

constinit pagetable_t kernel_table = nullptr;

constexpr usize BOOT_STACK_BLOCK = 5 * PGSIZE; // as in entry.S and start.cpp
constexpr usize MAX_BOOT_HARTS = 8;

void map_or_panic(u64 va, u64 size, u64 pa, u64 perm) {
    if (map_range(kernel_table, va, size, pa, perm).is_error())
        panic("kernel_vm: map %p", (void*)va);
}

bool is_boot_stack_guard(u64 pa) {
    auto base = reinterpret_cast<u64>(boot_stacks);
    if (pa < base || pa >= base + MAX_BOOT_HARTS * BOOT_STACK_BLOCK) return false;
    return (pa - base) % BOOT_STACK_BLOCK == 0;
}

} // namespace

namespace kernel_vm {

void init(u64 ram_end) {
    kernel_table = static_cast<pagetable_t>(page_alloc::alloc_page());
    if (!kernel_table) panic("kernel_vm: out of memory");

    // Devices.
    map_or_panic(memlayout::TEST_DEVICE, PGSIZE, memlayout::TEST_DEVICE, PTE_R | PTE_W);
    map_or_panic(rtc::BASE, PGSIZE, rtc::BASE, PTE_R | PTE_W);
    map_or_panic(memlayout::UART0, PGSIZE, memlayout::UART0, PTE_R | PTE_W);
    map_or_panic(memlayout::VIRTIO0, PGSIZE, memlayout::VIRTIO0, PTE_R | PTE_W);
    map_or_panic(memlayout::PLIC, memlayout::PLIC_SIZE, memlayout::PLIC, PTE_R | PTE_W);

    // Kernel image with W^X, then the rest of RAM read/write.
    auto text = reinterpret_cast<u64>(text_start);
    auto etext = reinterpret_cast<u64>(text_end);
    auto erodata = reinterpret_cast<u64>(rodata_end);
    map_or_panic(text, etext - text, text, PTE_R | PTE_X);
    map_or_panic(etext, erodata - etext, etext, PTE_R);
    for (u64 pa = erodata; pa < ram_end; pa += PGSIZE) {
        if (is_boot_stack_guard(pa)) continue; // left unmapped: overflow faults
        map_or_panic(pa, PGSIZE, pa, PTE_R | PTE_W);
    }

    // Trampoline at the top, the same place as in every user table.
    map_or_panic(memlayout::TRAMPOLINE, PGSIZE, reinterpret_cast<u64>(trampoline), PTE_R | PTE_X);

    // One kernel stack per thread slot; the page below each stays unmapped.
    for (usize slot = 0; slot < NTHREAD; slot++) {
        for (u64 va = memlayout::kstack_bottom(slot); va < memlayout::kstack_top(slot);
             va += PGSIZE) {
            void* page = page_alloc::alloc_page();
            if (!page) panic("kernel_vm: no memory for kernel stacks");
            map_or_panic(va, PGSIZE, reinterpret_cast<u64>(page), PTE_R | PTE_W);
        }
    }
}

void init_hart() {
    sfence_vma(); // finish earlier writes to the table
    csr_write(satp, make_satp(reinterpret_cast<u64>(kernel_table)));
    sfence_vma(); // drop stale TLB entries
}

pagetable_t table() {
    return kernel_table;
}

} // namespace kernel_vm
