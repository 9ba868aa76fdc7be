/* fork in a threaded process: only the calling thread goes on in the
 * child (POSIX fork; docs/threads.md). Whatever lock another thread held at that moment
 * would stay locked in the child for ever, so fork() (unistd.c) calls
 * this hook around the system call (thread_hooks.h):
 *   prepare  the pthread_atfork prepare handlers (last registered
 *            first), then take the heap lock;
 *   parent   release the heap lock, parent handlers (first first);
 *   child    release the heap lock, reset the thread bookkeeping
 *            (one thread, new tid), child handlers.
 * stdio streams are not locked across fork: a stream another thread is
 * writing at that moment may be left locked in the child. */
#include <pthread.h>

#include "pthread_internal.h"

#define ATFORK_MAX 16
static struct {
    void (*prepare)(void);
    void (*parent)(void);
    void (*child)(void);
} handlers[ATFORK_MAX];
static int nhandlers;
static struct __weft_lock atfork_lock = WEFT_LOCK_INITIALIZER;

int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void)) {
    __lock_acquire(&atfork_lock);
    if (nhandlers == ATFORK_MAX) {
        __lock_release(&atfork_lock);
        return ENOMEM;
    }
    handlers[nhandlers].prepare = prepare;
    handlers[nhandlers].parent = parent;
    handlers[nhandlers].child = child;
    nhandlers++;
    __thread_hook_fork = __pthread_fork_hook;
    __lock_release(&atfork_lock);
    return 0;
}

void __pthread_fork_hook(int phase) {
    if (phase == FORK_PREPARE) {
        __lock_acquire(&atfork_lock);
        for (int i = nhandlers - 1; i >= 0; i--)
            if (handlers[i].prepare) handlers[i].prepare();
        __lock_acquire(&__malloc_lock);
        return;
    }
    __lock_release(&__malloc_lock);
    if (phase == FORK_CHILD) {
        __pthread_after_fork_child();
        atfork_lock = (struct __weft_lock)WEFT_LOCK_INITIALIZER;
        __lock_acquire(&atfork_lock);
    }
    for (int i = 0; i < nhandlers; i++) {
        void (*fn)(void) = phase == FORK_CHILD ? handlers[i].child : handlers[i].parent;
        if (fn) fn();
    }
    __lock_release(&atfork_lock);
}
