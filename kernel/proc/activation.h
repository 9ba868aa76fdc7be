// Scheduler activations (docs/activations.md): the kernel
// tells a process's user-level scheduler, by upcalls, when one of its
// threads blocks, unblocks or is preempted.
//
// The scheduler and the sleep path know nothing of this beyond three
// narrow hooks: on_block (a thread is about to sleep), before_user_return
// (a thread is about to go back to user mode, after a timer tick or a
// system call), and on_process_exit / on_exec (the state goes away).
//
// Locking: ActivationState::lock (rank Activations) guards the VP table,
// the queue of stopped activations and every activation's role. It is
// taken on the block path with the slept-on condition's lock held, so it
// ranks above every condition lock and below AddressSpace (the shared
// pages are read under it) and Thread.
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

struct Process;
struct Thread;
struct SaConfig; // sa_register's argument (activation.cpp)

enum class ActivationRole : u8 {
    None,     // an ordinary thread
    Attached, // running user code for a virtual processor
    Detached, // blocked in the kernel; another activation took its VP
    Stopped,  // its user context waits to be handed to the user scheduler
    Spare,    // parked, ready to take over a VP whose activation blocks
    Idle,     // its VP called sa_yield
};

namespace activations {

// The system calls.
Result<void> register_process(UserPtr<SaConfig> config);
Result<void> set_concurrency(u64 n);
Result<void> yield();

// Hooks.
// t is about to sleep (sleep_on, any condition lock may be held; no
// allocation here): if t runs a VP, hand the VP to its spare.
void on_block(Thread* t);
// t is going back to user mode (end of user_trap); preempted says a
// timer tick took its hart away. May turn the return into an upcall,
// or end t (an unblocked activation hands its context over and exits).
void before_user_return(Thread* t, bool preempted);
// exit_process / exec: spares and stopped activations must go.
void on_process_exit(Process* p);
// The process's last thread is gone: free its state.
void release(Process* p);

} // namespace activations
