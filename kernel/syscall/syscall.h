// How a system-call handler sees its arguments, and the handler
// declarations generated from syscalls.def.
//
// A handler validates every argument and returns Result<u64>; the
// dispatcher (dispatch.cpp) turns an error into -errno in a0. So no
// handler writes -1 or -errno itself.
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

struct TrapFrame;

class SyscallArgs {
public:
    explicit SyscallArgs(TrapFrame& tf) : tf_(tf) {}

    u64 raw(int i) const;
    i64 integer(int i) const { return static_cast<i64>(raw(i)); }
    int int32(int i) const { return static_cast<int>(raw(i)); }
    template <typename T> UserPtr<T> user(int i) const { return UserPtr<T>(raw(i)); }
    TrapFrame& trapframe() const { return tf_; }

private:
    TrapFrame& tf_;
};

#define SYSCALL(number, name, params) Result<u64> sys_##name(const SyscallArgs& args);
#include <weft/syscalls.def>
#undef SYSCALL

namespace syscall {
// Run the system call the current thread asked for in its trapframe.
void dispatch();
} // namespace syscall
