// Thread: the unit of scheduling (the thread control block). Each has
// its own kernel stack, saved kernel context, trapframe (user registers)
// and state; everything else (memory, files, cwd) belongs to its
// Process and is shared with the process's other threads.
//
// Threads live in a fixed table of NTHREAD slots; slot i always uses
// kernel stack i (mm/kernel_vm.cpp), so a thread never allocates a stack.
//
// Locking: lock guards state, wait_channel and the run-queue link.
// The scheduler holds lock across swtch() into and out of the thread
// (see scheduler.cpp): whoever switches in releases what the switcher
// acquired.
#pragma once

#include "arch/arch.h"
#include "lib/atomic.h"
#include "lib/embryo.h"
#include "lib/list.h"
#include "lib/result.h"
#include "lib/spinlock.h"
#include "lib/user_ptr.h"
#include "param.h"
#include "proc/activation.h"
#include "proc/cpu.h"

struct Process;

enum class ThreadState : u8 {
    Unused,   // free slot
    Embryo,   // being set up by clone/fork; not yet runnable
    Runnable, // on a run queue
    Running,  // on a hart
    Sleeping, // waiting on wait_channel
    Zombie,   // exited; the scheduler frees the slot once it is off its stack
};

const char* thread_state_name(ThreadState s);

// A thread's name, with its NUL: 16, as Linux's TASK_COMM_LEN.
inline constexpr usize THREAD_NAME_MAX = 16;

struct Thread {
    Spinlock lock{"thread", LockRank::Thread};

    // Guarded by lock.
    ThreadState state = ThreadState::Unused;
    const void* wait_channel = nullptr; // what a Sleeping thread waits for
    int last_hart = -1;                 // where it last ran (for ps)
    // What prctl(PR_SET_NAME) called it ("hog 1", "reader"), for ps and
    // the trace; "" means "the process's name". Inherited by clone, as
    // Linux's comm; exec clears it (the program's name takes over).
    char name[THREAD_NAME_MAX] = {};

    // Set when the slot is allocated, then read-only until it is freed.
    usize slot = 0; // index in the thread table = kernel stack slot
    int tid = 0;
    Process* process = nullptr;     // owner; outlives the thread
    TrapFrame* trapframe = nullptr; // kernel address of its trapframe page (owned)
    u64 trapframe_user_va = 0;      // where the same page is mapped for user mode
    usize trapframe_slot = 0;       // which per-thread slot of the address space

    u64 wake_at_tick = 0; // a timed sleep's deadline (clock ticks), 0: none. Guarded by lock.

    // Requests to this thread, set by others, read without locks:
    Atomic<bool> exit_requested{false};    // end at the next chance (exec of another thread)
    Atomic<bool> interrupt_pending{false}; // end the current blocking call with EINTR

    // Signals (signal.h). Guarded by the process's lock.
    u64 signal_mask = 0;           // blocked signals (bit s-1)
    u64 pending_signals = 0;       // thread-directed signals not yet delivered
    int signal_sender = 0;         // pid reported in siginfo for them
    u64 fault_address = 0;         // for a pending SIGSEGV/SIGBUS/SIGILL from a fault
    u64 sigsuspend_saved_mask = 0; // the mask sigsuspend replaced
    bool in_sigsuspend = false;

    // The system call in progress (only the thread itself).
    u64 syscall_first_arg = 0;           // a0 at entry: a restarted call needs it back
    bool syscall_interrupted = false;    // it returned EINTR
    bool syscall_restartable = true;     // sigsuspend/pause are not
    bool syscall_restart_always = false; // restart even after a handler without SA_RESTART
                                         // (fork gave way to a signal: Linux's ERESTARTNOINTR)

    // Scheduler activations (activation.h); guarded by the process's
    // ActivationState lock.
    ActivationRole sa_role = ActivationRole::None;
    u8 sa_vp = 0;     // the virtual processor it runs (or will run)
    u32 sa_event = 0; // Attached: the event its first upcall reports; Stopped: UNBLOCKED/PREEMPTED
    u32 sa_event_subject = 0; // ... and the activation it is about (BLOCKED: the blocked one)
    ListNode sa_node;         // on the state's queue of Stopped activations

    // CLONE_CHILD_CLEARTID: at exit, write 0 here and futex-wake it (join).
    UserPtr<int> clear_child_tid;

    // Only the thread itself (or the scheduler while it is switched out).
    Context context{};
    u64 user_ticks = 0;   // timer ticks taken while in user mode
    u64 system_ticks = 0; // ... while in the kernel

    // Scheduling state, guarded by the run-queue lock (see sched_policy.h).
    struct SchedInfo {
        u32 ticks_used = 0; // of the current quantum / allotment
        u8 level = 0;       // MLFQ queue
        i8 nice = 0;        // -20..19, inherited by clone
        u64 switches = 0;   // times switched in
    } sched;
    bool preempted = false; // the last switch out was a preemption (for the trace)

    ListNode run_node;     // on the run queue (scheduler lock)
    ListNode process_node; // on process->threads (process lock)

    u64 kernel_stack_top() const;
};

namespace threads {
// Give back a thread that never ran: its slot, its trapframe page and,
// if mapped, the trapframe's slot in its process's address space.
void free_embryo(Thread* t);
} // namespace threads

// A thread being made (clone, a new activation): see lib/embryo.h. Its
// process, and the process's address space, must outlive the holder.
using EmbryoThread = Embryo<Thread, &threads::free_embryo>;

namespace threads {
// Take a free slot as an Embryo belonging to process, with a fresh
// trapframe page. EAGAIN when all NTHREAD slots are taken (threads-max).
Result<EmbryoThread> allocate(Process* process);
// Make t start as a copy of the calling thread: its registers and its
// signal mask (nothing pending), the trapframe mapped into its process's
// address space; its first run enters the kernel at entry, holding its
// lock. ENOMEM, or EAGAIN when out of trapframe slots.
Result<void> start_as_copy_of_caller(Thread* t, void (*entry)());
// The scheduler, after a Zombie has switched away for the last time.
void release_zombie_locked(Thread* t);

// Interrupt t's blocking system call (EINTR), or its next one: how
// pthread_cancel (and later signals) reach a thread blocked in the kernel.
void interrupt(Thread* t);
// Find a live thread of process p by tid; null if none.
Thread* find_in_process(Process* p, int tid);

Thread* table_slot(usize i); // for ps/^P/wakeup scans
usize count_in_use();
} // namespace threads
