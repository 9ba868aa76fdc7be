/* Private to the C library: what the non-thread parts of the library
 * (malloc.c, stdio.c, unistd.c) need to know about threads, kept small
 * so a program that never makes a thread links none of the threads
 * library.
 *
 * 1. struct __weft_lock: the library's own lock, a futex mutex that the
 *    holding thread may take again (recursive; the owner is named by
 *    its tp, which is unique per thread and set before main). malloc
 *    and each stdio stream have one.
 * 2. Cancellation points: a blocking wrapper calls __cancel_point()
 *    just before its system call (no other system call in between) and
 *    passes the raw result through __cancel_point_result(), which acts
 *    on a cancel when the call was interrupted (-EINTR):
 *        __cancel_point();
 *        return __syscall_ret(__cancel_point_result(__sys_read(fd, buf, n)));
 *    Both do nothing until the first pthread_create installs the hook.
 * 3. fork: fork() calls __fork_hook(FORK_PREPARE) before the system
 *    call and FORK_PARENT / FORK_CHILD after it (pthread_atfork, the
 *    malloc lock, the child's thread bookkeeping).
 */
#ifndef _WEFT_THREAD_HOOKS_H
#define _WEFT_THREAD_HOOKS_H

#include <errno.h>

struct __weft_lock {
    volatile unsigned int word; /* 0 free, 1 held, 2 held and maybe waiters */
    unsigned long owner;        /* the holder's tp, 0 when free */
    unsigned int depth;         /* times the holder has taken it */
};
#define WEFT_LOCK_INITIALIZER                                                                      \
    { 0, 0, 0 }

void __lock_acquire(struct __weft_lock* l);
void __lock_release(struct __weft_lock* l);

/* The heap's lock (malloc.c). */
extern struct __weft_lock __malloc_lock;

extern void (*__thread_hook_cancel)(void);
static inline void __cancel_point(void) {
    if (__thread_hook_cancel) __thread_hook_cancel();
}
static inline long __cancel_point_result(long raw) {
    if (raw == -EINTR) __cancel_point();
    return raw;
}

#define FORK_PREPARE 0
#define FORK_PARENT 1
#define FORK_CHILD 2
extern void (*__thread_hook_fork)(int phase);
static inline void __fork_hook(int phase) {
    if (__thread_hook_fork) __thread_hook_fork(phase);
}

#endif
