#include "arch/riscv/timer.h"
#include "arch/riscv/riscv.h"
#include "lib/atomic.h"
#include "lib/printk.h"
#include "param.h"

namespace {
constinit u64 counts_per_second = 10'000'000; // QEMU virt's time base, until the FDT says
constinit u64 counts_per_tick = 10'000'000 / timer::TICKS_PER_SECOND;
constinit bool jitter = false; // set once at boot, before any hart arms its timer
constinit u64 seed = 0;

// One hart's timer. No lock: only its own hart touches it, in init_hart
// and in the timer interrupt (interrupts off), except `recorded`, which
// the self-test on hart 0 reads (Atomic: the interval is written first).
struct HartTimer {
    u64 random = 0;     // the jitter generator's state (splitmix64)
    u64 next_sched = 0; // time of the next scheduling tick
    u64 next_clock = 0; // hart 0: time of the next clock tick; others: never
    u64 intervals[timer::RECORDED_INTERVALS] = {};
    Atomic<usize> recorded{0};
};
constinit HartTimer hart_timers[NCPU];

// splitmix64 (Steele, Lea and Flood, 2014): a tiny generator whose
// outputs are well mixed even from similar seeds (hart 0, 1, 2 ...).
u64 next_random(u64& state) {
    u64 z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// The length of this hart's next scheduling tick.
u64 next_interval(HartTimer& ht) {
    if (!jitter) return counts_per_tick;
    // Uniform in [1/4, 7/4] of a tick: mean one tick, so a quantum keeps
    // its average length and shares stay fair.
    u64 spread = counts_per_tick * 3 / 2 + 1;
    return counts_per_tick / 4 + next_random(ht.random) % spread;
}

void arm_sched_tick(HartTimer& ht, u64 now) {
    u64 interval = next_interval(ht);
    ht.next_sched = now + interval;
    usize n = ht.recorded.load();
    if (n < timer::RECORDED_INTERVALS) {
        ht.intervals[n] = interval;
        ht.recorded.store(n + 1);
    }
}

void arm(const HartTimer& ht) {
    csr_write(stimecmp, ht.next_sched < ht.next_clock ? ht.next_sched : ht.next_clock);
}
} // namespace

namespace timer {

void init(u64 timebase_frequency) {
    if (timebase_frequency) counts_per_second = timebase_frequency;
    counts_per_tick = counts_per_second / TICKS_PER_SECOND;
}

void enable_jitter(u64 jitter_seed) {
    jitter = true;
    seed = jitter_seed;
    printk("weft: timer jitter seed %lu: scheduling ticks of 1/4 to 7/4 of %lu ms\n", seed,
           1000 / TICKS_PER_SECOND);
}

void init_hart() {
    u64 hart = riscv::hart_id();
    HartTimer& ht = hart_timers[hart];
    // Each hart its own stream: mixing in the hart id keeps harts from
    // ticking in lockstep.
    ht.random = seed ^ (hart + 1) * 0xd1342543de82ef95ull;
    u64 now = riscv::read_time();
    arm_sched_tick(ht, now);
    ht.next_clock = hart == 0 ? now + counts_per_tick : ~0ull;
    arm(ht);
    csr_set(sie, riscv::SIE_STIE);
}

Ticks handle_interrupt() {
    HartTimer& ht = hart_timers[riscv::hart_id()];
    u64 now = riscv::read_time();
    Ticks due{false, false};
    if (now >= ht.next_clock) {
        // As without jitter: the next clock tick one tick from now.
        ht.next_clock = now + counts_per_tick;
        due.clock = true;
    }
    if (now >= ht.next_sched) {
        arm_sched_tick(ht, now);
        due.scheduling = true;
    }
    arm(ht);
    return due;
}

u64 time_base() {
    return counts_per_second;
}

bool jitter_enabled() {
    return jitter;
}
u64 jitter_seed() {
    return seed;
}
usize recorded_intervals(usize hart) {
    return hart < NCPU ? hart_timers[hart].recorded.load() : 0;
}
u64 recorded_interval(usize hart, usize i) {
    return hart_timers[hart].intervals[i];
}

} // namespace timer
