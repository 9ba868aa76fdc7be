// System calls about processes: fork, exit, wait, kill, exec, getpid,
// getppid, sbrk, sleep, uptime, and the machine-wide poweroff/sysinfo.
#include "arch/arch.h"
#include "drivers/console.h"
#include "fs/device.h"
#include "fs/inode.h"
#include "fs/log.h"
#include "lib/string.h"
#include "mm/commit.h"
#include "mm/page_alloc.h"
#include "mm/user_memory.h"
#include "param.h"
#include "proc/clock.h"
#include "proc/cpu.h"
#include "proc/exec.h"
#include "proc/lifecycle.h"
#include "proc/scheduler.h"
#include "syscall/syscall.h"
#include <weft/sysinfo.h>

Result<u64> sys_fork(const SyscallArgs&) {
    return static_cast<u64>(TRY(lifecycle::fork_process()));
}

Result<u64> sys_exit(const SyscallArgs& args) {
    lifecycle::exit_process(lifecycle::exit_status_code(args.int32(0)));
}

Result<u64> sys_wait(const SyscallArgs& args) {
    return static_cast<u64>(TRY(lifecycle::wait_child(-1, args.user<int>(0), 0)));
}

Result<u64> sys_waitpid(const SyscallArgs& args) {
    return static_cast<u64>(
        TRY(lifecycle::wait_child(args.int32(0), args.user<int>(1), args.int32(2))));
}

Result<u64> sys_kill(const SyscallArgs& args) {
    TRY(lifecycle::kill(args.int32(0), args.int32(1)));
    return 0;
}

Result<u64> sys_getpid(const SyscallArgs&) {
    return static_cast<u64>(current_process()->pid);
}

Result<u64> sys_getppid(const SyscallArgs&) {
    SpinlockGuard guard(wait_lock);
    Process* parent = current_process()->parent;
    return static_cast<u64>(parent ? parent->pid : 0);
}

Result<u64> sys_sbrk(const SyscallArgs& args) {
    return TRY(current_process()->address_space->grow_heap(args.integer(0)));
}

Result<u64> sys_sleep(const SyscallArgs& args) {
    i64 ticks = args.integer(0);
    if (ticks < 0) return Errno::EINVAL;
    TRY(clock::sleep_ticks(static_cast<u64>(ticks)));
    return 0;
}

Result<u64> sys_uptime(const SyscallArgs&) {
    return clock::ticks();
}

Result<u64> sys_poweroff(const SyscallArgs&) {
    log_quiesce(); // every file-system operation in flight reaches the disk first
    power::off();
}

Result<u64> sys_sysinfo(const SyscallArgs& args) {
    weft_sysinfo info{}; // <weft/sysinfo.h>; commit_limit_pages ~0: none (mm/commit.h)
    info.free_pages = page_alloc::free_page_count();
    info.total_pages = page_alloc::total_page_count();
    info.processes = processes::count_in_use();
    info.threads = threads::count_in_use();
    info.uptime_ticks = clock::ticks();
    info.harts = online_hart_count();
    info.committed_pages = commit::committed_pages();
    info.commit_limit_pages = commit::limit_pages();
    kstr::copy(info.sched_policy, scheduler::policy_name(), sizeof info.sched_policy);
    info.quantum_ticks = scheduler::quantum_ticks();
    info.preemptive = scheduler::preemptive() ? 1 : 0;
    TRY(copy_to_user(args.user<weft_sysinfo>(0), info));
    return 0;
}

namespace {

// exec's arguments, copied into one kernel page: the pointer array at
// the start, the strings after it.
class ExecArguments {
public:
    ~ExecArguments() {
        if (page_) page_alloc::free_page(page_);
    }
    Result<void> copy_in(UserPtr<UserPtr<char>> user_argv) {
        page_ = static_cast<char*>(page_alloc::alloc_page());
        if (!page_) return Errno::ENOMEM;
        auto** pointers = reinterpret_cast<char**>(page_);
        char* strings = page_ + (MAXARG + 1) * sizeof(char*);
        char* strings_end = page_ + riscv::PGSIZE;
        usize argc = 0;
        for (;; argc++) {
            UserPtr<char> uarg = TRY(copy_from_user(user_argv.offset(argc)));
            if (uarg.is_null()) break;
            if (argc >= MAXARG) return Errno::E2BIG;
            auto len = copy_string_from_user(strings, uarg, strings_end - strings);
            if (len.is_error())
                return len.error() == Errno::ENAMETOOLONG ? Errno::E2BIG : len.error();
            pointers[argc] = strings;
            strings += len.value() + 1;
        }
        pointers[argc] = nullptr;
        return ok();
    }
    const char* const* argv() const { return reinterpret_cast<const char* const*>(page_); }

private:
    char* page_ = nullptr;
};

} // namespace

Result<u64> sys_exec(const SyscallArgs& args) {
    char path[MAXPATH];
    TRY(copy_string_from_user(path, args.user<char>(0), sizeof path));
    ExecArguments arguments;
    TRY(arguments.copy_in(args.user<UserPtr<char>>(1)));
    return TRY(exec_from_kernel(path, arguments.argv()));
}

// ---------------------------------------------------------------- groups, users, limits

namespace {
Process* find_process(int pid) {
    for (usize i = 0; i < NPROC; i++) {
        Process* p = processes::table_slot(i);
        if (p->pid == pid && p->state != ProcessState::Unused) return p;
    }
    return nullptr;
}
} // namespace

Result<u64> sys_setpgid(const SyscallArgs& args) {
    int pid = args.int32(0), pgid = args.int32(1);
    if (pgid < 0) return Errno::EINVAL;
    Process* self = current_process();
    SpinlockGuard guard(wait_lock);
    Process* p = pid == 0 ? self : find_process(pid);
    // Only the caller itself or one of its children (POSIX).
    if (!p || (p != self && p->parent != self)) return Errno::ESRCH;
    if (pgid == 0) pgid = p->pid;
    // Joining a group: it must exist (some process leads or is in it).
    if (pgid != p->pid) {
        bool exists = false;
        for (usize i = 0; i < NPROC && !exists; i++) {
            Process* q = processes::table_slot(i);
            exists = q->state == ProcessState::Alive && q->pgid == pgid;
        }
        if (!exists) return Errno::EPERM;
    }
    SpinlockGuard pguard(p->lock);
    p->pgid = pgid;
    return 0;
}

Result<u64> sys_getpgid(const SyscallArgs& args) {
    int pid = args.int32(0);
    Process* p = pid == 0 ? current_process() : find_process(pid);
    if (!p) return Errno::ESRCH;
    return static_cast<u64>(p->pgid);
}

Result<u64> sys_getuid(const SyscallArgs&) {
    return static_cast<u64>(current_process()->uid);
}

Result<u64> sys_setuid(const SyscallArgs& args) {
    int uid = args.int32(0);
    if (uid < 0) return Errno::EINVAL;
    Process* p = current_process();
    if (p->uid != 0 && p->uid != uid) return Errno::EPERM;
    p->uid = uid;
    return 0;
}

Result<u64> sys_getrlimit(const SyscallArgs& args) {
    ResourceLimit* limit = current_process()->limits.find(args.int32(0));
    if (!limit) return Errno::EINVAL;
    TRY(copy_to_user(args.user<ResourceLimit>(1), *limit));
    return 0;
}

Result<u64> sys_setrlimit(const SyscallArgs& args) {
    Process* p = current_process();
    ResourceLimit* limit = p->limits.find(args.int32(0));
    if (!limit) return Errno::EINVAL;
    ResourceLimit wanted = TRY(copy_from_user(args.user<ResourceLimit>(1)));
    if (wanted.cur > wanted.max) return Errno::EINVAL;
    if (wanted.max > limit->max && p->uid != 0) return Errno::EPERM;
    *limit = wanted;
    return 0;
}

namespace {
// Is fd the console? (tcsetpgrp works on terminals only: ENOTTY.)
Result<void> check_console(int fd) {
    RefPtr<File> file = TRY(current_process()->files->get(fd));
    Stat st{};
    TRY(file->stat(&st));
    if ((st.st_mode & 0170000) != S_IFCHR || (st.st_rdev >> 8) != device::CONSOLE)
        return Errno::ENOTTY;
    return ok();
}
} // namespace

Result<u64> sys_tcsetpgrp(const SyscallArgs& args) {
    TRY(check_console(args.int32(0)));
    int pgid = args.int32(1);
    if (pgid <= 0) return Errno::EINVAL;
    console::set_foreground_group(pgid);
    return 0;
}

Result<u64> sys_tcgetpgrp(const SyscallArgs& args) {
    TRY(check_console(args.int32(0)));
    return static_cast<u64>(console::foreground_group());
}
