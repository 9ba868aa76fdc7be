#include "selftest.h"
#include "arch/arch.h"
#include "lib/boot_options.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"
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

// The first scheduling-tick intervals every hart armed (timer.h), one
// line per hart, in time CSR counts: "jitter: hart H: I1 I2 ...". With
// jitter each must lie in [1/4, 7/4] of a tick and they must not all be
// equal; without, each is exactly one tick. Two boots with the same seed
// print the same lines (tests/test_boot.py compares them).
bool test_jitter() {
    usize harts = online_hart_count();
    auto all_recorded = [harts] {
        for (usize i = 0; i < harts; i++)
            if (timer::recorded_intervals(i) < timer::RECORDED_INTERVALS) return false;
        return true;
    };
    u64 give_up = riscv::read_time() + 2 * timer::time_base();
    riscv::interrupts_on();
    while (!all_recorded() && riscv::read_time() < give_up) {
    }
    riscv::interrupts_off();

    u64 tick = timer::time_base() / timer::TICKS_PER_SECOND;
    bool ok = true;
    if (timer::jitter_enabled())
        printk("jitter: seed %lu\n", timer::jitter_seed());
    else
        printk("jitter: off\n");
    for (usize h = 0; h < harts; h++) {
        usize n = timer::recorded_intervals(h);
        char text[24 * timer::RECORDED_INTERVALS];
        usize len = 0;
        bool all_equal = true;
        for (usize i = 0; i < n; i++) {
            u64 v = timer::recorded_interval(h, i);
            len += format_to_buffer(text + len, sizeof text - len, " %lu", v);
            all_equal &= v == timer::recorded_interval(h, 0);
            bool in_range =
                timer::jitter_enabled() ? v >= tick / 4 && v <= tick * 7 / 4 : v == tick;
            if (!in_range) {
                printk("FAIL selftest jitter: hart %zu interval %lu out of range\n", h, v);
                ok = false;
            }
        }
        printk("jitter: hart %zu:%s\n", h, text);
        if (n < timer::RECORDED_INTERVALS) {
            printk("FAIL selftest jitter: hart %zu armed only %zu ticks in 2 s\n", h, n);
            ok = false;
        }
        if (timer::jitter_enabled() && all_equal) {
            printk("FAIL selftest jitter: hart %zu intervals all equal\n", h);
            ok = false;
        }
    }
    if (ok) printk("PASS selftest jitter\n");
    return ok;
}

[[noreturn]] void test_fault() {
    printk("selftest fault: storing to address 0 in the kernel\n");
    *reinterpret_cast<volatile u64*>(0) = 42;
    printk("FAIL selftest fault: no trap\n");
    power::off();
}

constexpr const char* NAMES[] = {"kalloc", "ticks", "jitter", "fault"};

bool is_known(const char* name) {
    for (const char* known : NAMES)
        if (kstr::compare(name, known, boot_options::MAX_WORD) == 0) return true;
    return false;
}

} // namespace

namespace selftest {

void run_requested() {
    // An unknown name is reported and skipped; if no name is known, the
    // machine boots as without selftest=.
    bool any_known = false;
    char name[boot_options::MAX_WORD];
    for (usize i = 0; boot_options::item("selftest", i, name); i++) {
        if (is_known(name))
            any_known = true;
        else
            printk("boot: unknown selftest '%s', ignored (known: kalloc ticks jitter fault)\n",
                   name);
    }
    if (!any_known) return;
    bool ok = true;
    if (boot_options::has("selftest", "kalloc")) ok &= test_kalloc();
    if (boot_options::has("selftest", "ticks")) ok &= test_ticks();
    if (boot_options::has("selftest", "jitter")) ok &= test_jitter();
    if (boot_options::has("selftest", "fault")) test_fault();
    printk("selftest: done%s\n", ok ? "" : " (failures)");
    power::off();
}

} // namespace selftest
