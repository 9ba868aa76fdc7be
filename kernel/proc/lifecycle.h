// How processes and threads begin and end: fork, exit, wait, kill, and
// the way back to user mode. One file per operation (fork.cpp,
// exit.cpp, wait.cpp, kill.cpp); this header gathers their interface.
#pragma once

#include "lib/result.h"
#include "proc/process.h"

namespace lifecycle {

// Put t on p's thread list (p->lock taken inside).
void attach_thread(Process* p, Thread* t);

// fork(): a new process with a copy of the caller's memory, file table
// and cwd, running a copy of the calling thread only. The child's pid.
Result<int> fork_process();

// End the whole process with a Linux wait status ((code << 8), or a
// signal number): every thread stops, the last one out finishes it.
[[noreturn]] void exit_process(int wait_status);
// End only the calling thread; the last thread out ends the process
// (with status 0, unless exit_process set one).
[[noreturn]] void thread_exit();

// wait(): reap one exited child; its pid. The wait status is copied to
// status_uaddr unless that is 0. ECHILD when there are no children.
Result<int> wait_child(u64 status_uaddr);

// kill(pid, sig): sig 0 checks existence; any other signal ends the
// process (until signal handling arrives). ESRCH, EINVAL.
Result<void> kill_process(int pid, int sig);

// exec: make every other thread of the process exit, and wait until
// they have. EINTR if another thread is doing the same.
Result<void> end_other_threads();

// If the current process was killed, exit now; if only this thread was
// asked to exit, end it (called on the way back
// to user mode).
void exit_if_killed();

// Leave the kernel for user mode in the current thread (user_trap.cpp).
[[noreturn]] void return_to_user();

inline constexpr int SIGKILL = 9;
inline constexpr int SIGSEGV = 11;
inline constexpr int SIGILL = 4;
inline constexpr int SIGBUS = 7;
inline constexpr int SIGTRAP = 5;
inline constexpr int NSIG = 64;

constexpr int exit_status_code(int code) { return (code & 0xff) << 8; }

} // namespace lifecycle
