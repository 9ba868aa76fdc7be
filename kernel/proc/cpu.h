// Per-hart state. Each hart reaches its own Cpu through its hart id
// (kept in tp), so no lock protects a Cpu: only its own hart touches it,
// and only with interrupts off when it matters (see proc/spinlock.cpp).
#pragma once

#include "arch/arch.h"
#include "lib/types.h"
#include "param.h"

struct Thread;

struct Cpu {
    Thread* thread = nullptr;        // the thread running on this hart, or null
    Context scheduler_context{};     // swtch() here to enter the scheduler loop
    int interrupt_off_depth = 0;     // nesting of push_off()
    bool interrupts_were_on = false; // interrupt state before the first push_off()
    u64 held_lock_ranks = 0;         // bit r set: a spinlock of rank r is held (lock order check)
    u64 ticks = 0;                   // timer interrupts taken by this hart
    u64 id = 0;
    bool online = false; // finished booting
};

extern Cpu cpus[NCPU];

// The caller's Cpu. Interrupts must be off, or the thread could move to
// another hart between reading tp and using the result.
inline Cpu& this_cpu() {
    return cpus[riscv::hart_id()];
}

// The thread running on this hart (safe with interrupts on).
Thread* current_thread();

// Disable interrupts, counting nesting; pop_off() restores the state
// they had before the outermost push_off().
void push_off();
void pop_off();

// Harts that finished booting.
usize online_hart_count();
