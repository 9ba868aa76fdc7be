// The state behind scheduler activations, shared by the files that
// implement them and by nobody else (the rest of the kernel sees only
// activation.h):
//   vp_table.cpp                    the per-process state: its slots, its invariant
//   activation.cpp                  making, parking and ending activations; the hooks
//   upcall.cpp                      turning a return to user mode into an upcall
//   syscall/activation_syscalls.cpp sa_register, sa_setconcurrency, sa_yield
// The structures shared with user space are <weft/activations.h>.
// ActivationState::lock guards everything here (activation.h).
#pragma once

#include "proc/thread.h" // and with it activation.h, lists, spinlocks
#include "proc/wait_queue.h"
#include <weft/activations.h>

// The layouts the library relies on (user/lib/sa_upcall.S reads sa_context).
static_assert(sizeof(sa_config) == 8 * (4 + 2 * SA_MAX_VPS));
static_assert(sizeof(sa_vp_shared) == 24 && offsetof(sa_vp_shared, upcalls) == 8);
static_assert(sizeof(sa_context) == 8 * 66 && sizeof(sa_event) == 8 + sizeof(sa_context));

struct VirtualProcessor {
    Thread* current = nullptr; // the attached (or idle) activation; null if not granted
    Thread* spare = nullptr;   // parked, ready to take over
    u64 upcall_stack = 0;
    u64 shared = 0; // user address of its struct sa_vp_shared
    bool granted = false;
    bool idle = false;   // in sa_yield
    bool remove = false; // concurrency lowered: give the VP back at the next tick
    bool kick = false;   // sa_setconcurrency while idle: the library has work again
};

struct ActivationState {
    Spinlock lock{"activations", LockRank::Activations};
    u64 upcall_entry = 0, resume_start = 0, resume_end = 0;
    u64 gp = 0, tp = 0; // the registering thread's, for upcalls
    usize nvp = 0;
    usize granted = 0;
    VirtualProcessor vps[SA_MAX_VPS];
    IntrusiveList<Thread, &Thread::sa_node> stopped; // contexts waiting for an upcall
    bool exiting = false;
    WaitQueue idle_vps;     // sa_yield: for a stopped context, a kick or a removal
    WaitQueue role_changed; // spares and stopped activations: for their role to change
};

namespace activations {

// vp_table.cpp
ActivationState* allocate_state(); // null when every slot is in use
// The invariant of docs/activations.md; panics if it does not hold.
void check_invariant_locked(Process* p, ActivationState* sa);
// vp stops being granted (its activation leaves it).
void give_back_vp_locked(ActivationState* sa, VirtualProcessor& vp);

// activation.cpp
// A new activation of p for VP vp, runnable at once: a Spare parks
// itself; an Attached one upcalls `event`. EINTR if p is ending.
Result<Thread*> create_activation(Process* p, usize vp, ActivationRole role, u32 event);
// Give VP vp a spare if it has none (not on the block path: may allocate).
void replenish_spare(Process* p, usize vp);

// upcall.cpp
// May vp take an upcall now? Not while the library has it disabled or
// runs its resume stub (pc in [resume_start, resume_end)).
bool upcall_allowed_locked(ActivationState* sa, VirtualProcessor& vp, u64 pc);
enum class OwnContext : u8 { Keep, HandOver }; // HandOver: report t's own as PREEMPTED
// Turn t's return to user mode into an upcall on its VP: the events are
// `first` (unless 0), t's own context if handed over, and as many stopped
// activations' contexts as fit. false (and no upcall) if the process is ending.
bool upcall(Thread* t, u32 first, u32 first_subject, OwnContext own);

} // namespace activations
