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
#include <weft/sched_trace.h>

struct Thread;

namespace sched_trace {

// The record user space reads is struct weft_trace_event (<weft/sched_trace.h>).
enum class Event : u8 {
    SwitchIn = WEFT_EV_IN,
    SwitchOut = WEFT_EV_OUT, // reason says why
    Wakeup = WEFT_EV_WAKE,
    Create = WEFT_EV_CREATE,
    Upcall = WEFT_EV_UPCALL,
};

// Why: for SwitchOut, why the thread left the hart; for Upcall, the
// event that made it (the batch's first: what the upcall is for).
enum class Reason : u8 {
    None = WEFT_WHY_NONE,
    Yield = WEFT_WHY_YIELD,
    Preempt = WEFT_WHY_PREEMPT,
    Block = WEFT_WHY_BLOCK,
    Exit = WEFT_WHY_EXIT,
    SaNewproc = WEFT_WHY_SA_NEWPROC,
    SaBlocked = WEFT_WHY_SA_BLOCKED,
    SaUnblocked = WEFT_WHY_SA_UNBLOCKED,
    SaPreempted = WEFT_WHY_SA_PREEMPTED,
};

using Record = weft_trace_event;
static_assert(sizeof(Record) == 24);
inline constexpr usize EVENTS_PER_HART = WEFT_TRACE_EVENTS_PER_HART;

void record(Event event, const Thread* t, Reason reason = Reason::None, u32 arg = 0);

// The system call's operations.
void start(); // clear every ring and record
void stop();
bool recording();
// Copy up to max records to user memory, hart by hart; how many.
Result<usize> read_to_user(UserPtr<Record> user_dst, usize max);
usize dropped(); // events lost because a ring was full

} // namespace sched_trace
