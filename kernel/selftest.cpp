#include "selftest.h"
#include "arch/riscv/power.h"
#include "arch/riscv/riscv.h"
#include "arch/riscv/timer.h"
#include "boot_options.h"
#include "lib/printk.h"
#include "mm/page_alloc.h"
#include "proc/cpu.h"

namespace {

// Every free page, handed out and taken back. The pages are chained
// through their first word; each also records its number, so a page
// handed out twice would show up as a broken chain or wrong number.
bool test_kalloc() {
    struct Page {
        Page* next;
        usize number;
    };
    usize before = page_alloc::free_page_count();
    Page* chain = nullptr;
    usize got = 0;
    while (void* raw = page_alloc::alloc_page()) {
        auto* page = static_cast<Page*>(raw);
        page->next = chain;
        page->number = got++;
        chain = page;
    }
    bool ok = true;
    if (got != before) {
        printk("FAIL selftest kalloc: free count said %zu, allocated %zu\n", before, got);
        ok = false;
    }
    if (page_alloc::free_page_count() != 0) {
        printk("FAIL selftest kalloc: free count not 0 when exhausted\n");
        ok = false;
    }
    usize expect = got;
    for (Page* p = chain; p; p = p->next) {
        if (p->number != --expect) {
            printk("FAIL selftest kalloc: page %p handed out twice\n", static_cast<void*>(p));
            ok = false;
            break;
        }
    }
    while (chain) {
        Page* next = chain->next;
        page_alloc::free_page(chain);
        chain = next;
    }
    if (page_alloc::free_page_count() != before) {
        printk("FAIL selftest kalloc: %zu pages free after, %zu before\n",
               page_alloc::free_page_count(), before);
        ok = false;
    }
    if (ok) printk("PASS selftest kalloc: %zu pages allocated and freed\n", got);
    return ok;
}

bool test_ticks() {
    u64 before[NCPU];
    for (usize i = 0; i < NCPU; i++)
        before[i] = cpus[i].ticks;
    u64 until = riscv::read_time() + timer::time_base() / 2; // half a second
    riscv::interrupts_on();
    while (riscv::read_time() < until) {
    }
    riscv::interrupts_off();
    bool ok = true;
    for (usize i = 0; i < NCPU; i++) {
        if (!cpus[i].online) continue;
        u64 n = cpus[i].ticks - before[i];
        printk("hart %zu: %lu ticks\n", i, n);
        if (n == 0) ok = false;
    }
    printk(ok ? "PASS selftest ticks\n" : "FAIL selftest ticks: a hart's timer did not advance\n");
    return ok;
}

[[noreturn]] void test_fault() {
    printk("selftest fault: storing to address 0 in the kernel\n");
    *reinterpret_cast<volatile u64*>(0) = 42;
    printk("FAIL selftest fault: no trap\n");
    power::off();
}

} // namespace

namespace selftest {

void run_requested() {
    if (!boot_options::present("selftest")) return;
    bool ok = true;
    if (boot_options::has("selftest", "kalloc")) ok &= test_kalloc();
    if (boot_options::has("selftest", "ticks")) ok &= test_ticks();
    if (boot_options::has("selftest", "fault")) test_fault();
    printk("selftest: done%s\n", ok ? "" : " (failures)");
    power::off();
}

} // namespace selftest
