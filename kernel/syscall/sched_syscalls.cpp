// System calls about scheduling: the trace, priorities, which hart, and
// the process/thread snapshot ps and top read.
#include "lib/string.h"
#include "mm/user_memory.h"
#include "proc/cpu.h"
#include "proc/process.h"
#include "proc/sched_trace.h"
#include "proc/scheduler.h"
#include "syscall/syscall.h"

namespace {

constexpr int PRIO_PROCESS = 0;
constexpr int NICE_MIN = -20, NICE_MAX = 19;

// The thread `who` names: 0 is the caller; else a thread of any process.
Result<Thread*> thread_named(int who) {
    if (who == 0) return current_thread();
    for (usize i = 0; i < NTHREAD; i++) {
        Thread* t = threads::table_slot(i);
        if (t->tid == who && t->state != ThreadState::Unused && t->state != ThreadState::Zombie)
            return t;
    }
    return Errno::ESRCH;
}

// One row of ps (docs/abi.md: struct weft_procinfo). The fields after
// name were added later (the pcb demo): what the process and the
// thread records point at, named by small ids, never kernel addresses.
struct ProcInfo {
    i32 pid;
    i32 tid;
    i32 ppid;
    u8 state; // 'R' running, 'r' runnable, 'S' sleeping, 'Z' zombie, 'E' embryo
    i8 hart;  // last hart it ran on, -1 if never
    i8 nice;
    u8 level; // MLFQ level
    u64 user_ticks;
    u64 system_ticks;
    u64 switches;
    u32 threads; // live threads of its process
    u32 reserved;
    char name[16];
    // Per process: which address space, file table and fs context (cwd)
    // it uses, as table slot + 1; 0 when it has none (a zombie). Equal
    // ids in two rows at one moment: the same object.
    u32 address_space;
    u32 files;
    u32 fs;
    // Per thread: its slot in the thread table, which is also its
    // kernel stack's slot (0..NTHREAD-1); 0 for a zombie process row.
    u32 kernel_stack;
    // Per thread: the user pc and sp saved in its trapframe at its last
    // entry to the kernel. Only for the caller's own process (0 for
    // others), as Linux shows a task's registers only to who may trace it.
    u64 user_pc;
    u64 user_sp;
    // The sizes of the kernel's records: what one more process or one
    // more thread costs in the tables, besides its pages.
    u32 process_size; // sizeof(Process)
    u32 thread_size;  // sizeof(Thread)
    // The thread's own name (prctl PR_SET_NAME); "" if it has none.
    char thread_name[THREAD_NAME_MAX];
};
static_assert(sizeof(ProcInfo) == 120);
static_assert(offsetof(ProcInfo, address_space) == 64);

// A shared object's id in procinfo: its pool slot + 1, or 0 for none.
template <typename T> u32 id_of(const RefPtr<T>& object) {
    T* raw = object.get();
    return raw ? static_cast<u32>(raw->id() + 1) : 0;
}

char state_letter(ThreadState s) {
    switch (s) {
    case ThreadState::Running:
        return 'R';
    case ThreadState::Runnable:
        return 'r';
    case ThreadState::Sleeping:
        return 'S';
    case ThreadState::Zombie:
        return 'Z';
    case ThreadState::Embryo:
        return 'E';
    default:
        return '?';
    }
}

} // namespace

Result<u64> sys_sched_trace(const SyscallArgs& args) {
    switch (args.int32(0)) {
    case 0:
        sched_trace::start();
        return 0;
    case 1:
        sched_trace::stop();
        return 0;
    case 2: {
        i64 max = args.integer(2);
        if (max < 0) return Errno::EINVAL;
        return TRY(
            sched_trace::read_to_user(args.user<sched_trace::Record>(1), static_cast<usize>(max)));
    }
    case 3:
        return sched_trace::dropped();
    default:
        return Errno::EINVAL;
    }
}

Result<u64> sys_setpriority(const SyscallArgs& args) {
    if (args.int32(0) != PRIO_PROCESS) return Errno::EINVAL;
    int nice = args.int32(2);
    if (nice < NICE_MIN) nice = NICE_MIN;
    if (nice > NICE_MAX) nice = NICE_MAX;
    Thread* t = TRY(thread_named(args.int32(1)));
    // Lowering nice (raising priority) is not for ordinary users in
    // Linux; Weft has no users yet, so anyone may.
    t->sched.nice = static_cast<i8>(nice);
    return 0;
}

Result<u64> sys_getpriority(const SyscallArgs& args) {
    if (args.int32(0) != PRIO_PROCESS) return Errno::EINVAL;
    Thread* t = TRY(thread_named(args.int32(1)));
    return static_cast<u64>(20 - t->sched.nice);
}

Result<u64> sys_sched_getcpu(const SyscallArgs&) {
    push_off();
    u64 hart = riscv::hart_id();
    pop_off();
    return hart;
}

Result<u64> sys_procinfo(const SyscallArgs& args) {
    i64 max_rows = args.integer(1);
    if (max_rows < 0) return Errno::EINVAL;
    usize max = static_cast<usize>(max_rows), n = 0;
    auto emit = [&](const ProcInfo& info) -> Result<void> {
        if (n >= max) return ok();
        TRY(copy_to_user(args.user<ProcInfo>(0).offset(n), info));
        n++;
        return ok();
    };
    // wait_lock for the parent links, then each process's lock for its
    // thread list; each thread's lock only while its row is filled in
    // (user memory is copied without it: the Thread lock ranks above).
    SpinlockGuard tree(wait_lock);
    for (usize i = 0; i < NPROC; i++) {
        Process* p = processes::table_slot(i);
        SpinlockGuard guard(p->lock);
        if (p->state == ProcessState::Unused) continue;
        ProcInfo row{};
        row.pid = p->pid;
        row.ppid = p->parent ? p->parent->pid : 0;
        row.hart = -1;
        row.threads = static_cast<u32>(p->live_threads);
        kstr::copy(row.name, p->name, sizeof row.name);
        row.process_size = sizeof(Process);
        row.thread_size = sizeof(Thread);
        // The resources are replaced without p->lock (exec, the last
        // thread's exit), so this is a racy peek: each id is read once
        // and computed from the pointer alone, never dereferenced
        // (Pool::slot_of), so a stale pointer gives only a stale id.
        row.address_space = id_of(p->address_space);
        row.files = id_of(p->files);
        row.fs = id_of(p->fs);
        bool own_process = p == current_process();
        if (p->state == ProcessState::Zombie) {
            row.state = 'Z'; // exited, not yet reaped: no threads left
            TRY(emit(row));
            continue;
        }
        for (Thread* t : p->threads) {
            ProcInfo info = row;
            {
                SpinlockGuard tguard(t->lock);
                info.tid = t->tid;
                info.state = static_cast<u8>(state_letter(t->state));
                info.hart = static_cast<i8>(t->last_hart);
                info.nice = t->sched.nice;
                info.level = t->sched.level;
                info.user_ticks = t->user_ticks;
                info.system_ticks = t->system_ticks;
                info.switches = t->sched.switches;
                info.kernel_stack = static_cast<u32>(t->slot);
                kstr::copy(info.thread_name, t->name, sizeof info.thread_name);
                if (own_process && t->trapframe) {
                    info.user_pc = t->trapframe->epc;
                    info.user_sp = t->trapframe->sp();
                }
            }
            TRY(emit(info));
        }
    }
    return n;
}
