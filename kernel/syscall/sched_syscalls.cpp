// System calls about scheduling: the trace, priorities, which hart, and
// the process/thread snapshot ps and top read.
#include "lib/string.h"
#include "mm/user_memory.h"
#include "proc/cpu.h"
#include "proc/process.h"
#include "proc/sched_trace.h"
#include "proc/scheduler.h"
#include "syscall/syscall.h"
#include <weft/procinfo.h>

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

// One row of ps is struct weft_procinfo (<weft/procinfo.h>).
using ProcInfo = weft_procinfo;
static_assert(sizeof(ProcInfo) == 120);
static_assert(sizeof(ProcInfo::thread_name) == THREAD_NAME_MAX);
static_assert(offsetof(ProcInfo, address_space) == 64);
static_assert(WEFT_PROCINFO_MAX == NTHREAD + NPROC);

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
                info.state = state_letter(t->state);
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
