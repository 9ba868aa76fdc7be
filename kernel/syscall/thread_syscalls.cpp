// System calls about threads and time: clone, gettid, thread_exit,
// futex, thread_interrupt, sched_yield, clock_gettime, nanosleep, prctl.
#include "arch/arch.h"
#include "lib/string.h"
#include "mm/user_memory.h"
#include "proc/clock.h"
#include "proc/clone.h"
#include "proc/futex.h"
#include "proc/lifecycle.h"
#include "proc/process.h"
#include "proc/scheduler.h"
#include "syscall/syscall.h"

namespace {

struct Timespec {
    i64 seconds;
    i64 nanoseconds;
};

constexpr u64 NANOS_PER_TICK = 1'000'000'000 / timer::TICKS_PER_SECOND;

// A relative timeout in user memory as a number of clock ticks, rounded up.
Result<u64> ticks_from_user(UserPtr<Timespec> user_ts) {
    Timespec ts = TRY(copy_from_user(user_ts));
    if (ts.seconds < 0 || ts.nanoseconds < 0 || ts.nanoseconds >= 1'000'000'000)
        return Errno::EINVAL;
    return static_cast<u64>(ts.seconds) * timer::TICKS_PER_SECOND +
           (static_cast<u64>(ts.nanoseconds) + NANOS_PER_TICK - 1) / NANOS_PER_TICK;
}

void set_name(Thread* t, const char* name) {
    SpinlockGuard guard(t->lock);
    kstr::copy(t->name, name, THREAD_NAME_MAX);
}

// Its own name, or its process's if it has none.
void get_name(Thread* t, char* dst) {
    SpinlockGuard guard(t->lock);
    kstr::copy(dst, t->name[0] ? t->name : t->process->name, THREAD_NAME_MAX);
}

} // namespace

Result<u64> sys_clone(const SyscallArgs& args) {
    CloneArgs c;
    c.flags = args.raw(0);
    c.stack = args.raw(1);
    c.parent_tid = args.user<int>(2);
    c.tls = args.raw(3);
    c.child_tid = args.user<int>(4);
    return static_cast<u64>(TRY(clone_task(c)));
}

Result<u64> sys_gettid(const SyscallArgs&) {
    return static_cast<u64>(current_thread()->tid);
}

// prctl(PR_SET_NAME, name) names the calling thread (ps -T, the trace);
// prctl(PR_GET_NAME, buf) reads the name back (16 bytes, as Linux).
// Only these two of Linux's options. A longer name is cut to 15
// characters, as Linux does. procinfo reads names under the thread's lock.
Result<u64> sys_prctl(const SyscallArgs& args) {
    constexpr int PR_SET_NAME = 15, PR_GET_NAME = 16;
    Thread* t = current_thread();
    char name[THREAD_NAME_MAX] = {};
    switch (args.int32(0)) {
    case PR_SET_NAME:
        // Byte by byte: the name may end just before an unmapped page.
        for (usize i = 0; i + 1 < sizeof name; i++) {
            name[i] = TRY(copy_from_user(args.user<char>(1).offset(i)));
            if (!name[i]) break;
        }
        set_name(t, name);
        return 0;
    case PR_GET_NAME:
        get_name(t, name);
        TRY(copy_to_user(args.user<char>(1), name, sizeof name));
        return 0;
    default:
        return Errno::EINVAL;
    }
}

Result<u64> sys_thread_exit(const SyscallArgs&) {
    lifecycle::thread_exit();
}

Result<u64> sys_futex(const SyscallArgs& args) {
    UserPtr<u32> uaddr = args.user<u32>(0);
    int op = args.int32(1) & ~futex::PRIVATE_FLAG;
    AddressSpace& as = *current_process()->address_space;
    if (op == futex::WAIT) {
        u64 deadline = 0;
        if (UserPtr<Timespec> timeout = args.user<Timespec>(3); !timeout.is_null())
            deadline = clock::ticks() + TRY(ticks_from_user(timeout));
        TRY(futex::wait(as, uaddr, static_cast<u32>(args.raw(2)), deadline));
        return 0;
    }
    if (op == futex::WAKE) {
        i64 count = args.integer(2);
        if (count <= 0) return 0;
        return TRY(futex::wake(as, uaddr, static_cast<usize>(count)));
    }
    return Errno::ENOSYS;
}

Result<u64> sys_thread_interrupt(const SyscallArgs& args) {
    Thread* t = threads::find_in_process(current_process(), args.int32(0));
    if (!t) return Errno::ESRCH;
    threads::interrupt(t);
    return 0;
}

Result<u64> sys_sched_yield(const SyscallArgs&) {
    scheduler::yield();
    return 0;
}

Result<u64> sys_clock_gettime(const SyscallArgs& args) {
    constexpr int REALTIME = 0, MONOTONIC = 1, PROCESS_CPUTIME = 2, THREAD_CPUTIME = 3;
    Timespec ts{};
    int clock_id = args.int32(0);
    if (clock_id == MONOTONIC) {
        u64 t = riscv::read_time();
        u64 hz = timer::time_base();
        ts.seconds = static_cast<i64>(t / hz);
        ts.nanoseconds = static_cast<i64>((t % hz) * 1'000'000'000 / hz);
    } else if (clock_id == REALTIME) {
        u64 ns = rtc::nanoseconds_since_epoch();
        ts.seconds = static_cast<i64>(ns / 1'000'000'000);
        ts.nanoseconds = static_cast<i64>(ns % 1'000'000'000);
    } else if (clock_id == THREAD_CPUTIME || clock_id == PROCESS_CPUTIME) {
        // CPU time in whole clock ticks (10 ms): charged by the timer interrupt.
        u64 ticks = 0;
        if (clock_id == THREAD_CPUTIME) {
            Thread* t = current_thread();
            ticks = t->user_ticks + t->system_ticks;
        } else {
            Process* p = current_process();
            SpinlockGuard guard(p->lock);
            for (Thread* t : p->threads)
                ticks += t->user_ticks + t->system_ticks;
        }
        ts.seconds = static_cast<i64>(ticks / timer::TICKS_PER_SECOND);
        ts.nanoseconds = static_cast<i64>((ticks % timer::TICKS_PER_SECOND) * NANOS_PER_TICK);
    } else {
        return Errno::EINVAL;
    }
    TRY(copy_to_user(args.user<Timespec>(1), ts));
    return 0;
}

Result<u64> sys_nanosleep(const SyscallArgs& args) {
    u64 ticks = TRY(ticks_from_user(args.user<Timespec>(0)));
    UserPtr<Timespec> remaining = args.user<Timespec>(1);
    u64 start = clock::ticks();
    auto slept = clock::sleep_ticks(ticks);
    if (slept.is_error() && !remaining.is_null()) {
        u64 left = ticks - (clock::ticks() - start);
        Timespec rem{static_cast<i64>(left / timer::TICKS_PER_SECOND),
                     static_cast<i64>((left % timer::TICKS_PER_SECOND) * NANOS_PER_TICK)};
        (void)copy_to_user(remaining, rem);
    }
    TRY(slept);
    return 0;
}
