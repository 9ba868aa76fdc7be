/* Scheduling and task creation (<sched.h>): sched_yield, and clone, the
 * one system call that makes a task (docs/threads.md). Each CLONE_*
 * flag means "share this with the parent"; without it the child gets a
 * copy. The values are Linux's. */
#ifndef _SCHED_H
#define _SCHED_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CSIGNAL 0x000000ff              /* signal sent to the parent at exit */
#define CLONE_VM 0x00000100             /* share the address space */
#define CLONE_FS 0x00000200             /* share the current directory */
#define CLONE_FILES 0x00000400          /* share the file-descriptor table */
#define CLONE_SIGHAND 0x00000800        /* share signal handlers (needs CLONE_VM) */
#define CLONE_THREAD 0x00010000         /* same process: a new thread (needs CLONE_SIGHAND,
                                           and on Weft CLONE_FILES|CLONE_FS) */
#define CLONE_SETTLS 0x00080000         /* the child's tp is the tls argument */
#define CLONE_PARENT_SETTID 0x00100000  /* write the child's tid to *parent_tid */
#define CLONE_CHILD_CLEARTID 0x00200000 /* at its exit: *child_tid = 0, futex-wake it */
#define CLONE_CHILD_SETTID 0x01000000   /* write the child's tid to *child_tid */

/* Give up the processor; 0. */
int sched_yield(void);

/* Start fn(arg) as a new task on the given stack (its highest address;
 * it must not be NULL) sharing what flags say. The optional arguments
 * are pid_t* parent_tid, void* tls, pid_t* child_tid, used as the
 * CLONE_PARENT_SETTID, CLONE_SETTLS and CLONE_CHILD_* flags ask.
 * When fn returns, a thread (CLONE_THREAD) ends with thread_exit; any
 * other child ends its process with exit status fn's return value.
 * Returns the child's tid, or -1 with errno (EINVAL: bad flag
 * combination or no stack; EAGAIN: out of threads or processes). */
int clone(int (*fn)(void* arg), void* stack, int flags, void* arg, ...);

/* The calling thread's id (the main thread's may differ from getpid()). */
pid_t gettid(void);

#ifdef __cplusplus
}
#endif

#endif
