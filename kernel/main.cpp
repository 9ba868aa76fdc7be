// kernel_main: every hart arrives here in supervisor mode (start.cpp).
// Hart 0 sets up the machine, then lets the others in; each hart then
// enters its scheduler loop for good.
#include "arch/arch.h"
#include "drivers/console.h"
#include "drivers/uart.h"
#include "drivers/virtio_disk.h"
#include "lib/boot_options.h"
#include "lib/fdt.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/commit.h"
#include "mm/kernel_vm.h"
#include "mm/page_alloc.h"
#include "proc/cpu.h"
#include "proc/proc_dump.h"
#include "proc/process.h"
#include "proc/scheduler.h"
#include "proc/signal.h"
#include "selftest.h"

extern "C" char kernel_end[];

namespace {

volatile bool boot_hart_done = false; // hart 0 finished the shared set-up

void bring_hart_online(u64 hart) {
    kernel_vm::init_hart();
    trap::init_hart();
    plic::init_hart();
    timer::init_hart();
    Cpu& c = cpus[hart];
    c.id = hart;
    __atomic_store_n(&c.online, true, __ATOMIC_RELEASE);
    printk("hart %lu online\n", hart);
}

// jitter=SEED (a number) or jitter=off: timer.h says what it does.
void apply_jitter_option() {
    if (!boot_options::present("jitter")) return;
    char word[boot_options::MAX_WORD];
    boot_options::copy("jitter", word);
    if (kstr::compare(word, "off", sizeof word) == 0) return;
    auto seed = boot_options::number("jitter");
    if (seed.is_error()) {
        printk("boot: jitter '%s' is not a seed (a number up to 2^64-1) or off, using off\n", word);
        return;
    }
    timer::enable_jitter(seed.value());
}

// ^C at the console: SIGINT to its foreground process group.
void interrupt_group(int pgid) {
    (void)signals::send_to_group(pgid, sig::SIGINT, 0);
}

// overcommit=always turns the commit limit off (mm/commit.h); the
// default, strict, is also accepted by name.
commit::Policy overcommit_option() {
    if (!boot_options::present("overcommit")) return commit::Policy::Strict;
    char word[boot_options::MAX_WORD];
    boot_options::copy("overcommit", word);
    if (kstr::compare(word, "always", sizeof word) == 0) return commit::Policy::Overcommit;
    if (kstr::compare(word, "strict", sizeof word) != 0)
        printk("boot: overcommit '%s' is not always or strict, using strict\n", word);
    return commit::Policy::Strict;
}

} // namespace

extern "C" [[noreturn]] void kernel_main(u64 hart, u64 device_tree) {
    if (hart >= NCPU) halt_this_hart(); // more harts than the kernel supports

    if (hart != 0) {
        while (!__atomic_load_n(&boot_hart_done, __ATOMIC_ACQUIRE)) {
        }
        bring_hart_online(hart);
        scheduler::run();
    }

    uart::init();
    fdt::BootInfo info;
    if (!fdt::read_boot_info(reinterpret_cast<const void*>(device_tree), info)) {
        info.memory_base = memlayout::KERNBASE;
        info.memory_size = 128ull << 20;
        info.harts = 1;
    }
    boot_options::init(info.bootargs);
    usize harts = info.harts < NCPU ? info.harts : NCPU;
    u64 ram_end = info.memory_base + info.memory_size;
    printk("\nweft: booting on %zu harts, %lu MiB RAM\n", harts, info.memory_size >> 20);
    if (info.bootargs[0]) printk("weft: boot options: %s\n", info.bootargs);
    boot_options::report_unknown();

    page_alloc::init(reinterpret_cast<u64>(kernel_end), ram_end);
    kernel_vm::init(ram_end);
    timer::init(info.timebase_frequency);
    apply_jitter_option(); // before any hart arms its timer
    plic::init();
    console::init({.print_threads = proc_dump::print_table, .interrupt_group = interrupt_group});
    scheduler::init(); // before any hart enters its scheduler loop
    bring_hart_online(0);
    virtio_disk::init();
    __atomic_store_n(&boot_hart_done, true, __ATOMIC_RELEASE);

    // Wait (briefly) for the other harts, so the self-tests and ps see them.
    u64 give_up = riscv::read_time() + timer::time_base();
    while (online_hart_count() < harts && riscv::read_time() < give_up) {
    }
    printk("weft: %zu of %zu pages free\n", page_alloc::free_page_count(),
           page_alloc::total_page_count());
    // What user memory may be promised: the rest is the kernel's reserve.
    commit::init(page_alloc::free_page_count(), overcommit_option());
    if (commit::limit_pages() == commit::NO_LIMIT)
        printk("weft: overcommit: no commit limit (out of memory kills at a page fault)\n");
    else
        printk("weft: commit limit %zu pages (%zu kept for the kernel)\n", commit::limit_pages(),
               commit::reserve_pages());

    selftest::run_requested();
    processes::start_init();
    scheduler::run();
}
