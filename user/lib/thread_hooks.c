/* The library's recursive futex lock and the thread hooks (see
 * thread_hooks.h). The futex protocol (word 0/1/2) is the same as
 * pthread_mutex_lock's; see pthread_mutex.c for why it works. */
#include "thread_hooks.h"

#include <stddef.h>
#include <weft/syscalls.h>

void (*__thread_hook_cancel)(void);
void (*__thread_hook_fork)(int phase);
struct __weft_lock __malloc_lock = WEFT_LOCK_INITIALIZER;

static unsigned long my_tp(void) {
    unsigned long tp;
    __asm__("mv %0, tp" : "=r"(tp));
    return tp;
}

void __lock_acquire(struct __weft_lock* l) {
    unsigned long me = my_tp();
    /* Only this thread ever stores its own tp here, so reading our own
       value back is never a race. */
    if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
        l->depth++;
        return;
    }
    unsigned int c = 0;
    if (!__atomic_compare_exchange_n(&l->word, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        if (c != 2) c = __atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE);
        while (c != 0) {
            (void)__sys_futex(&l->word, 0 /* FUTEX_WAIT */, 2, NULL);
            c = __atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE);
        }
    }
    __atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
    l->depth = 1;
}

void __lock_release(struct __weft_lock* l) {
    if (--l->depth > 0) return;
    __atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
    if (__atomic_exchange_n(&l->word, 0, __ATOMIC_RELEASE) == 2)
        (void)__sys_futex(&l->word, 1 /* FUTEX_WAKE */, 1, NULL);
}
