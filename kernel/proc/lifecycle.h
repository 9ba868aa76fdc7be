// How processes and threads begin and end: fork, exit, wait, kill, and
// the way back to user mode. One file per operation (fork is clone
// without sharing flags, clone.cpp; exit.cpp, wait.cpp, kill.cpp); this
// header gathers their interface.
#pragma once

#include "lib/result.h"
#include "proc/process.h"
#include "proc/signal.h"

namespace lifecycle {

// Put t on p's thread list (p->lock taken inside).
void attach_thread(Process* p, Thread* t);
// The same, unless p is being killed or is exiting (false: not attached).
bool attach_thread_if_alive(Process* p, Thread* t);

// fork(): a new process with a copy of the caller's memory, file table
// and cwd, running a copy of the calling thread only. The child's pid.
Result<int> fork_process();

// End the whole process with a Linux wait status ((code << 8), or a
// signal number): every thread stops, the last one out finishes it.
[[noreturn]] void exit_process(int wait_status);
// End only the calling thread; the last thread out ends the process
// (with status 0, unless exit_process set one).
[[noreturn]] void thread_exit();

// waitpid(): reap one exited child (or, with WUNTRACED, report one
// that stopped); its pid. pid: -1 any, > 0 that one, 0 the caller's
// group, < -1 the group -pid. The status goes to status_dst unless null.
// ECHILD when there is no such child; 0 with WNOHANG if none is ready.
inline constexpr int WNOHANG = 1;
inline constexpr int WUNTRACED = 2;
Result<int> wait_child(int pid, UserPtr<int> status_dst, int options);

// kill(2): pid > 0 one process, 0 the caller's group, -1 everyone else
// (not init), < -1 the group -pid. ESRCH, EPERM, EINVAL.
Result<void> kill(int pid, int signal);
// SIGKILL's effect: p ends at its threads' next chance.
void terminate(Process* p, int signal);

// exec: make every other thread of the process exit, and wait until
// they have. EINTR if another thread is doing the same.
Result<void> end_other_threads();

// If the current process was killed, exit now; if only this thread was
// asked to exit, end it (called on the way back
// to user mode).
void exit_if_killed();

// Leave the kernel for user mode in the current thread (trap/user_trap.cpp).
[[noreturn]] void return_to_user();

constexpr int exit_status_code(int code) {
    return (code & 0xff) << 8;
}

} // namespace lifecycle
