// clone: the one way to make a task (docs/processes.md, docs/threads.md). Each CLONE_* flag
// means "share the parent's object"; without it the child gets a copy.
// fork() is clone with no flags; a thread is
// CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD (plus the
// tid flags pthreads uses). Flag values are Linux's.
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

namespace clone_flags {
inline constexpr u64 CSIGNAL = 0x000000ff; // signal sent to the parent at exit
inline constexpr u64 VM = 0x00000100;
inline constexpr u64 FS = 0x00000200;
inline constexpr u64 FILES = 0x00000400;
inline constexpr u64 SIGHAND = 0x00000800;
inline constexpr u64 THREAD = 0x00010000;
inline constexpr u64 SETTLS = 0x00080000;
inline constexpr u64 PARENT_SETTID = 0x00100000;
inline constexpr u64 CHILD_CLEARTID = 0x00200000;
inline constexpr u64 CHILD_SETTID = 0x01000000;
inline constexpr u64 SUPPORTED = CSIGNAL | VM | FS | FILES | SIGHAND | THREAD | SETTLS |
                                 PARENT_SETTID | CHILD_CLEARTID | CHILD_SETTID;
} // namespace clone_flags

struct CloneArgs {
    u64 flags = 0;
    u64 stack = 0;           // the child's sp; 0: the same sp as the caller
    UserPtr<int> parent_tid; // CLONE_PARENT_SETTID: the child's tid written here (caller's memory)
    u64 tls = 0;             // CLONE_SETTLS: the child's tp
    UserPtr<int> child_tid;  // CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID (child's memory)
};

// The child's tid (for a new process, also its pid). EINVAL for unknown
// flags, a combination Linux refuses, or CLONE_THREAD without both
// CLONE_FILES and CLONE_FS (Weft keeps the fd table and cwd per
// Process, so a thread cannot have its own); EAGAIN when out of threads or
// processes; ENOMEM.
Result<int> clone_task(const CloneArgs& args);
