/* Thread-specific data: keys, and per-thread values with destructors.
 *
 * A key is an index into keys[]; each thread keeps its values in its
 * descriptor (specific[key]). A key's generation changes when it is
 * created and deleted, and each value remembers the generation it was
 * set under, so after pthread_key_delete and a new pthread_key_create
 * of the same index, old values read as NULL, as they must.
 *
 * Locking: keys_lock guards keys[]; a thread's values are its own.
 */
#include <pthread.h>

#include "pthread_internal.h"

static struct {
    int in_use;
    unsigned int generation;
    void (*destructor)(void*);
} keys[PTHREAD_KEYS_MAX];
static struct __weft_lock keys_lock = WEFT_LOCK_INITIALIZER;

int pthread_key_create(pthread_key_t* key, void (*destructor)(void*)) {
    __lock_acquire(&keys_lock);
    for (unsigned int i = 0; i < PTHREAD_KEYS_MAX; i++) {
        if (!keys[i].in_use) {
            keys[i].in_use = 1;
            keys[i].generation++;
            keys[i].destructor = destructor;
            __lock_release(&keys_lock);
            *key = i;
            return 0;
        }
    }
    __lock_release(&keys_lock);
    return EAGAIN;
}

int pthread_key_delete(pthread_key_t key) {
    int r = EINVAL;
    __lock_acquire(&keys_lock);
    if (key < PTHREAD_KEYS_MAX && keys[key].in_use) {
        keys[key].in_use = 0;
        keys[key].generation++; /* every thread's value for it is gone */
        keys[key].destructor = NULL;
        r = 0;
    }
    __lock_release(&keys_lock);
    return r;
}

void* pthread_getspecific(pthread_key_t key) {
    if (key >= PTHREAD_KEYS_MAX) return NULL;
    struct __pthread_specific* s = &__pthread_self()->specific[key];
    if (!keys[key].in_use || s->generation != keys[key].generation) return NULL;
    return s->value;
}

int pthread_setspecific(pthread_key_t key, const void* value) {
    if (key >= PTHREAD_KEYS_MAX || !keys[key].in_use) return EINVAL;
    struct __pthread_specific* s = &__pthread_self()->specific[key];
    s->generation = keys[key].generation;
    s->value = (void*)value;
    return 0;
}

/* At thread exit: call each destructor with the thread's non-NULL
 * value (set to NULL first). A destructor may set values again, so
 * repeat, at most PTHREAD_DESTRUCTOR_ITERATIONS times. */
void __pthread_run_destructors(struct __pthread* self) {
    for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
        int called = 0;
        for (unsigned int i = 0; i < PTHREAD_KEYS_MAX; i++) {
            __lock_acquire(&keys_lock);
            void (*destructor)(void*) = keys[i].destructor;
            int live = keys[i].in_use && self->specific[i].generation == keys[i].generation;
            __lock_release(&keys_lock);
            void* value = self->specific[i].value;
            if (!live || destructor == NULL || value == NULL) continue;
            self->specific[i].value = NULL;
            destructor(value);
            called = 1;
        }
        if (!called) return;
    }
}
