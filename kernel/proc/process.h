// Process: the unit of ownership. It owns its threads and holds
// references to its shareable resources (address space, open-file
// table, working directory), which clone can share with other processes.
//
// Locking:
//   wait_lock (global, rank WaitLock) guards every process's parent
//     pointer and the parent/child relation, and process-group
//     membership; take it before any process lock. It is also what
//     makes fork and a group kill exclude each other: a group kill
//     holds it for its whole pass over the table, and fork makes its
//     child visible (parent, group, thread) under it, after checking
//     that no signal is pending for the parent (clone.cpp). So a child
//     is either in the group before the kill looks, or never made.
//   Process::lock guards state, exiting, exit_status and the thread list;
//     killed is atomic so blocking code can test it under any lock.
//   The resources are RefPtrs set before the process runs and replaced
//   only by its own threads (exec), so its threads read them unlocked.
#pragma once

#include "fs/file_table.h"
#include "fs/fs_context.h"
#include "lib/atomic.h"
#include "lib/list.h"
#include "lib/refptr.h"
#include "lib/spinlock.h"
#include "mm/address_space.h"
#include "proc/rlimit.h"
#include "proc/signal.h"
#include "proc/thread.h"
#include "proc/wait_queue.h"

enum class ProcessState : u8 {
    Unused,
    Alive,
    Zombie, // every thread has exited; waiting for the parent's wait()
};

struct Process {
    Spinlock lock{"process", LockRank::Process};

    // Guarded by lock.
    ProcessState state = ProcessState::Unused;
    Atomic<bool> killed{false}; // its threads stop at their next chance (read without the lock)
    int kill_signal = 0;        // the signal that killed it (wait status), if killed
    bool exiting = false;       // exit() started: no new threads
    int exit_status = 0;        // Linux wait status: (code << 8) or signal number
    IntrusiveList<Thread, &Thread::process_node> threads;
    usize live_threads = 0;
    WaitQueue thread_exited; // exec waits here (with lock) for the other threads to go

    // Signals, guarded by lock (see signal.h).
    u64 pending_signals = 0;    // process-directed, not yet taken by a thread
    int signal_sender[64] = {}; // pid that sent each of them
    int sigchld_status = 0;     // si_status of the last SIGCHLD: exit code or signal
    bool stopped = false;       // SIGSTOP & co.: threads wait in `continued`
    bool stop_reported = true;  // waitpid(WUNTRACED) has seen the stop
    WaitQueue continued;        // stopped threads sleep here (with lock)
    u64 alarm_deadline = 0;     // clock tick of the pending alarm(), 0: none

    // Guarded by wait_lock.
    Process* parent = nullptr;
    int pgid = 0;           // process group (^C goes to the console's foreground group);
                            // 0 until fork publishes the process. Written with lock held too.
    WaitQueue child_exited; // the parent's wait() sleeps here (with wait_lock)

    // Set before the process runs.
    int pid = 0;
    int uid = 0;           // inherited; only uid 0 may change it
    ResourceLimits limits; // inherited; changed by the process's own threads
    int exit_signal = 0;   // clone's CSIGNAL: sent to the parent at exit (SIGCHLD for fork)
    char name[16] = {};

    // Shared resources: see clone (proc/clone.h). Read by its threads unlocked.
    RefPtr<AddressSpace> address_space;
    RefPtr<FileTable> files;
    RefPtr<FsContext> fs;
    RefPtr<SignalHandlers> signal_handlers;

    // Scheduler activations, if the process registered (activation_state.h;
    // freed with the process's last thread or by exec).
    struct ActivationState* activations = nullptr;
};

extern Spinlock wait_lock;

// The process of the calling thread.
Process* current_process();
// A new descriptor for file in the calling process's table, under its
// RLIMIT_NOFILE (which fs/ leaves to its caller). EMFILE when full.
Result<int> install_in_caller(RefPtr<File> file);

namespace processes {
// Return a reaped (or never started) process's slot; drops its resources.
void free(Process* p);
} // namespace processes

// A process being made by fork: see lib/embryo.h.
using EmbryoProcess = Embryo<Process, &processes::free>;

namespace processes {
// A fresh process slot, state Alive, no threads or resources yet.
// EAGAIN when the table is full.
Result<EmbryoProcess> allocate();
Process* table_slot(usize i);
usize count_in_use();
Process* init_process();
int next_id(); // pids and tids share one counter, as in Linux

// The first process: runs /init.
void start_init();
} // namespace processes
