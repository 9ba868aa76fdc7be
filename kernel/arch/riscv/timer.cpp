#include "arch/riscv/timer.h"
#include "arch/riscv/riscv.h"
#include "proc/clock.h"
#include "proc/cpu.h"

namespace {
constinit u64 counts_per_second = 10'000'000; // QEMU virt's time base, until the FDT says
constinit u64 counts_per_tick = 10'000'000 / timer::TICKS_PER_SECOND;

void arm_next_tick() {
    csr_write(stimecmp, riscv::read_time() + counts_per_tick);
}
} // namespace

namespace timer {

void init(u64 timebase_frequency) {
    if (timebase_frequency) counts_per_second = timebase_frequency;
    counts_per_tick = counts_per_second / TICKS_PER_SECOND;
}

void init_hart() {
    arm_next_tick();
    csr_set(sie, riscv::SIE_STIE);
}

void handle_interrupt() {
    arm_next_tick();
    this_cpu().ticks++;
    if (riscv::hart_id() == 0) clock::tick();
}

u64 time_base() {
    return counts_per_second;
}

} // namespace timer
