// Spinlocks. The interrupt nesting they rely on is in proc/cpu.cpp.
#include "lib/spinlock.h"
#include "lib/panic.h"
#include "proc/cpu.h"

bool Spinlock::holding() const {
    return locked_ && owner_hart_ == static_cast<i32>(riscv::hart_id());
}

void Spinlock::assert_held() const {
    if (!holding()) panic("lock %s not held", name_);
}

void Spinlock::acquire() {
    push_off();
    if (holding()) panic("acquire: %s already held by this hart", name_);

    Cpu& c = this_cpu();
    u64 rank_bit = 1ull << static_cast<u8>(rank_);
    if (c.held_lock_ranks >= rank_bit)
        panic("acquire: lock order violation taking %s (rank %d) while holding ranks %lx", name_,
              static_cast<int>(rank_), c.held_lock_ranks);

    // Atomic swap until we are the one who changed 0 to 1. The acquire
    // ordering keeps the critical section's loads and stores after it.
    while (__atomic_exchange_n(&locked_, 1u, __ATOMIC_ACQUIRE) != 0) {
    }
    owner_hart_ = static_cast<i32>(riscv::hart_id());
    c.held_lock_ranks |= rank_bit;
}

void Spinlock::release() {
    if (!holding()) panic("release: %s not held", name_);
    this_cpu().held_lock_ranks &= ~(1ull << static_cast<u8>(rank_));
    owner_hart_ = -1;
    __atomic_store_n(&locked_, 0u, __ATOMIC_RELEASE);
    pop_off();
}
