/* thread_stacks: each thread has its own stack; everything else is
 * shared.
 *
 * Every thread prints the address of one of its local variables (on its
 * own stack) and of a global (one for all). The threads' stacks are
 * separate mappings of the stack size pthread_attr_setstacksize asked
 * for, alive at the same time (a barrier keeps all three running until
 * each has printed); main's stack is the process's, near the top of the
 * address space. A thread may also use a lot of its stack: here one
 * fills 48 KiB of a 64 KiB stack. Going past the end hits the guard
 * page under every thread stack: SIGSEGV (see the stackoverflow demo).
 */
#include <pthread.h>
#include <stdio.h>

static int global;
static pthread_barrier_t all_alive;   /* no stack is freed before all printed */
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

struct info {
    int id;
    size_t stack_size;
};

/* A big local array: most of a 64 KiB stack. In a function of its own
 * (noinline), so only the thread that calls it needs the room: a frame
 * holding it would be 48 KiB deep in every thread, too deep for 32 KiB. */
__attribute__((noinline)) static void use_much_stack(int id) {
    volatile char big[48 * 1024];
    for (size_t i = 0; i < sizeof big; i += 1024)
        big[i] = 1;
    printf("thread %d: used 48 KiB of its stack, from %p to %p\n", id, (void*)big,
           (void*)(big + sizeof big));
}

static void* show_stack(void* arg) {
    struct info* me = arg;
    int local = me->id;
    pthread_mutex_lock(&print_lock);
    printf("thread %d: local at %p, global at %p, stack of %zu KiB\n", me->id, (void*)&local,
           (void*)&global, me->stack_size / 1024);
    if (me->id == 2) use_much_stack(me->id);
    pthread_mutex_unlock(&print_lock);
    pthread_barrier_wait(&all_alive);
    return NULL;
}

int main(void) {
    int local = 0;
    printf("main:     local at %p, global at %p\n", (void*)&local, (void*)&global);
    size_t sizes[3] = {32 * 1024, 256 * 1024, 64 * 1024};
    struct info info[3];
    pthread_t threads[3];
    pthread_barrier_init(&all_alive, NULL, 3);
    for (int i = 0; i < 3; i++) {
        pthread_attr_t attrs;
        pthread_attr_init(&attrs);
        pthread_attr_setstacksize(&attrs, sizes[i]);
        info[i].id = i;
        info[i].stack_size = sizes[i];
        pthread_create(&threads[i], &attrs, show_stack, &info[i]);
        pthread_attr_destroy(&attrs);
    }
    for (int i = 0; i < 3; i++) pthread_join(threads[i], NULL);
    pthread_attr_t attrs;
    pthread_attr_init(&attrs);
    int r = pthread_attr_setstacksize(&attrs, 1024);
    printf("a 1 KiB stack is refused: pthread_attr_setstacksize returned %d (EINVAL is 22); "
           "PTHREAD_STACK_MIN is %d\n",
           r, PTHREAD_STACK_MIN);
    return 0;
}
