/* Scheduling priority (<sys/resource.h>): the nice value; and
 * resource limits (getrlimit/setrlimit, below).
 *
 * As on Linux, the nice value belongs to a thread: PRIO_PROCESS with
 * who == 0 means the calling thread, any other who is a thread id.
 * nice runs from -20 (most favoured) to 19 (least); a new thread or
 * process starts with its creator's value and keeps it across exec.
 * Round-robin ignores it; MLFQ starts a thread with nice > 0 on a
 * lower queue (docs/scheduling.md). */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PRIO_PROCESS 0 /* who: a thread id, 0 for the caller */

#define NICE_MIN (-20)
#define NICE_MAX 19

/* The nice value of thread who (-20..19), or -1 with errno (EINVAL: bad
 * which; ESRCH: no such thread). -1 is also a valid nice value: set
 * errno to 0 before the call to tell the two apart. */
int getpriority(int which, int who);
/* Set thread who's nice value (clamped to -20..19); 0, or -1 with errno. */
int setpriority(int which, int who, int nice);
/* Add inc to the calling thread's nice value; the new value, or -1 with
 * errno (POSIX declares it in <unistd.h>; Weft keeps it here). */
int nice(int inc);

/* ---------------------------------------------------------------- resource limits */
/* Each process has a soft limit (rlim_cur, what is enforced) and a hard
 * one (rlim_max, how far the soft one may be raised); both are inherited
 * by children. Anyone may lower them; raising rlim_max needs uid 0
 * (EPERM); rlim_cur may never exceed rlim_max (EINVAL). docs/signals.md
 * tells how RLIMIT_NPROC tames a fork bomb. */
typedef unsigned long rlim_t;
#define RLIM_INFINITY (~0UL)

struct rlimit {
    rlim_t rlim_cur; /* the soft limit */
    rlim_t rlim_max; /* the hard limit */
};

#define RLIMIT_STACK 3  /* bytes the main stack may grow to (default 8 MiB) */
#define RLIMIT_NPROC 6  /* processes + threads of the user (fork/clone: EAGAIN) */
#define RLIMIT_NOFILE 7 /* open file descriptors (open/pipe/dup: EMFILE); default 64 */

/* 0, or -1 with errno (EINVAL: unknown resource; EFAULT; EPERM). */
int getrlimit(int resource, struct rlimit* rl);
int setrlimit(int resource, const struct rlimit* rl);

#ifdef __cplusplus
}
#endif

#endif
