// Scheduler activations (docs/activations.md): the kernel
// tells a process's user-level scheduler, by upcalls, when one of its
// threads blocks, unblocks or is preempted.
//
// The rest of the kernel knows nothing of this beyond these hooks:
//   on_block                  the sleep path: a thread is about to sleep
//   before_user_return        user_trap: a thread is about to go back to
//                             user mode, after a timer tick or a system call
//   only_spares_remain_locked thread_exit: is the process done?
//   on_process_exit           exit, kill, exec: the state is going away
//   release                   the process's last thread is gone (and exec)
// The implementation is activation_state.h and the files it lists; the
// system calls are syscall/activation_syscalls.cpp.
//
// Locking: ActivationState::lock (rank Activations) guards the VP table,
// the queue of stopped activations and every activation's role. It is
// taken on the block path with the slept-on condition's lock held, so it
// ranks above every condition lock and below AddressSpace (the shared
// pages are read under it) and Thread.
#pragma once

#include "lib/types.h"

struct Process;
struct Thread;

enum class ActivationRole : u8 {
    None,     // an ordinary thread
    Attached, // running user code for a virtual processor
    Detached, // blocked in the kernel; another activation took its VP
    Stopped,  // its user context waits to be handed to the user scheduler
    Spare,    // parked, ready to take over a VP whose activation blocks
    Idle,     // its VP called sa_yield
};

namespace activations {

// t is about to sleep (sleep_on, any condition lock may be held; no
// allocation here): if t runs a VP, hand the VP to its spare.
void on_block(Thread* t);
// t is going back to user mode (end of user_trap). May turn the return
// into an upcall, or end t (an unblocked activation hands its context
// over and exits).
enum class Preempted : u8 { No, Yes }; // Yes: a timer tick took t's hart away
void before_user_return(Thread* t, Preempted preempted);
// p->lock held, by a thread leaving p: true if every thread still in p
// is a parked spare, which nobody will ever use, so p should end.
bool only_spares_remain_locked(Process* p);
// exit_process / kill / exec: spares and stopped activations must go.
void on_process_exit(Process* p);
// The process's last thread is gone: free its state.
void release(Process* p);

} // namespace activations
