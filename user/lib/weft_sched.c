/* The scheduling calls: nice values (<sys/resource.h>), the procinfo
 * snapshot, the scheduling trace and sched_getcpu (<weft_sched.h>).
 * Thin wrappers over the system calls sched_trace, setpriority,
 * getpriority, sched_getcpu and procinfo (kernel/syscall/sched_syscalls.cpp). */
#include <errno.h>
#include <sys/resource.h>
#include <weft_sched.h>

#include "internal.h"

_Static_assert(sizeof(struct weft_procinfo) == 120, "struct weft_procinfo is the kernel's");
_Static_assert(sizeof(struct weft_trace_event) == 24, "struct weft_trace_event is the kernel's");

/* sched_trace operations (syscalls.def). */
enum { TRACE_START = 0, TRACE_STOP = 1, TRACE_READ = 2, TRACE_DROPPED = 3 };

int getpriority(int which, int who) {
    /* The system call answers 20 - nice (1..40) so that a valid answer
     * is never negative; turn it back into the nice value. */
    long r = __sys_getpriority(which, who);
    if (r < 0) return (int)__syscall_ret(r);
    return 20 - (int)r;
}

int setpriority(int which, int who, int nice) {
    return (int)__syscall_ret(__sys_setpriority(which, who, nice));
}

int nice(int inc) {
    errno = 0;
    int now = getpriority(PRIO_PROCESS, 0);
    if (now == -1 && errno != 0) return -1;
    int want = now + inc;
    if (want < NICE_MIN) want = NICE_MIN;
    if (want > NICE_MAX) want = NICE_MAX;
    if (setpriority(PRIO_PROCESS, 0, want) < 0) return -1;
    return want;
}

int procinfo(struct weft_procinfo* rows, int max) {
    return (int)__syscall_ret(__sys_procinfo(rows, max));
}

int sched_trace_start(void) {
    return (int)__syscall_ret(__sys_sched_trace(TRACE_START, 0, 0));
}

int sched_trace_stop(void) {
    return (int)__syscall_ret(__sys_sched_trace(TRACE_STOP, 0, 0));
}

long sched_trace_read(struct weft_trace_event* buf, long max) {
    return __syscall_ret(__sys_sched_trace(TRACE_READ, buf, max));
}

long sched_trace_dropped(void) {
    return __syscall_ret(__sys_sched_trace(TRACE_DROPPED, 0, 0));
}

const char* sched_trace_event_name(unsigned event) {
    static const char* const names[] = {"?", "in", "out", "wake", "create", "upcall"};
    return event < sizeof names / sizeof names[0] ? names[event] : "?";
}

const char* sched_trace_reason_name(unsigned reason) {
    static const char* const names[] = {"-",       "yield",   "preempt",   "block",    "exit",
                                        "newproc", "blocked", "unblocked", "preempted"};
    return reason < sizeof names / sizeof names[0] ? names[reason] : "?";
}

int sched_getcpu(void) {
    return (int)__syscall_ret(__sys_sched_getcpu());
}
