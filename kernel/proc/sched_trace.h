// The scheduler trace: every scheduling event (a thread switched in or
// out, woken, created) recorded in a per-hart ring buffer with the time
// CSR, so a student can see which thread ran where (scripts/trace2png.py,
// scripts/trace2perfetto.py). Off until started by the sched_trace
// system call; recording costs a few stores when on, one load when off.
//
// Each hart writes only its own ring, with interrupts off: no lock.
// Reading happens after stopping (EBUSY while recording).
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

struct Thread;

namespace sched_trace {

enum class Event : u8 {
    SwitchIn = 1,
    SwitchOut = 2, // reason says why
    Wakeup = 3,
    Create = 4,
    Upcall = 5,
};

// Why: for SwitchOut, why the thread left the hart; for Upcall, the
// event that made it (the batch's first: what the upcall is for).
enum class Reason : u8 {
    None = 0,
    Yield = 1,
    Preempt = 2,
    Block = 3,
    Exit = 4,
    SaNewproc = 5,   // a VP was added
    SaBlocked = 6,   // an activation on this VP blocked: this one takes the VP over
    SaUnblocked = 7, // a blocked activation's call finished: its context comes back
    SaPreempted = 8, // a context stopped by preemption (its quantum ran out)
};

// The record user space reads (docs/abi.md: struct weft_trace_event).
struct Record {
    u64 time; // time CSR (10 MHz on QEMU virt)
    u32 tid;
    u32 pid;
    u8 event;
    u8 hart;
    u8 reason;
    u8 level; // the thread's MLFQ level
    u32 arg;  // event-specific (Wakeup: the waker's tid)
};
static_assert(sizeof(Record) == 24);

inline constexpr usize EVENTS_PER_HART = 4096;

void record(Event event, const Thread* t, Reason reason = Reason::None, u32 arg = 0);

// The system call's operations.
void start(); // clear every ring and record
void stop();
bool recording();
// Copy up to max records to user memory, hart by hart; how many.
Result<usize> read_to_user(UserPtr<Record> user_dst, usize max);
usize dropped(); // events lost because a ring was full

} // namespace sched_trace
