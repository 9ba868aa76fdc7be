// The system-call table, generated from syscalls.def, and the one place
// where a handler's error becomes -errno for user mode.
#include "arch/arch.h"
#include "proc/cpu.h"
#include "proc/thread.h"
#include "syscall/syscall.h"

namespace {

using Handler = Result<u64> (*)(const SyscallArgs&);
constexpr usize MAX_SYSCALL = 256;

// A struct around the array, so that a constexpr function can return it
// and the table is built at compile time (empty slots are nullptr).
struct SyscallTable {
    Handler handler[MAX_SYSCALL];
};

constexpr SyscallTable make_table() {
    SyscallTable table{};
#define SYSCALL(number, name, params) table.handler[number] = &sys_##name;
#include <weft/syscalls.def>
#undef SYSCALL
    return table;
}

constexpr SyscallTable syscall_table = make_table();

} // namespace

u64 SyscallArgs::raw(int i) const {
    return tf_.a(i);
}

namespace syscall {

void dispatch() {
    TrapFrame& tf = *current_thread()->trapframe;
    u64 number = tf.a(7);
    Handler handler = number < MAX_SYSCALL ? syscall_table.handler[number] : nullptr;
    if (!handler) {
        tf.a(0) = static_cast<u64>(-static_cast<i64>(Errno::ENOSYS));
        return;
    }
    SyscallArgs args(tf);
    Result<u64> result = handler(args);
    // Read the trapframe again: exec replaced the registers.
    TrapFrame& out = *current_thread()->trapframe;
    out.a(0) =
        result.is_error() ? static_cast<u64>(-static_cast<i64>(result.error())) : result.value();
}

} // namespace syscall
