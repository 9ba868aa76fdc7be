/* deadstack: the lecture's "what's wrong with this?" -- a thread returns
 * a pointer to one of its local variables:
 *
 *     void* create_value(void* arg) { int result = ...; return &result; }
 *
 * pthread_join hands the pointer over, but the variable lived on the
 * thread's stack, and that stack is given back when the thread is
 * joined. What the pointer then reaches is anybody's guess: the old
 * value, a page that is no longer mapped (a crash), or -- once another
 * thread gets a stack at the same place -- that thread's data.
 *
 * Every read through the dangling pointer here happens in a forked
 * child, so a crash ends the child, and this program can report it.
 * The fix: return a value, or memory from malloc (or a struct the
 * creator owns, as in thread_sum).
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t may_end;

static void* create_value(void* arg) {
    volatile int result = (int)(long)arg; /* on this thread's stack */
    if (result != 42) sem_wait(&may_end); /* the second thread stays alive while we look */
    /* WRONG: the stack goes away with the thread. (A plain `return
     * &result;` is rejected by the compiler -- or silently turned into
     * NULL -- so the address goes through a volatile variable.) */
    volatile int* volatile where = &result;
    return (void*)where;
}

/* Read *p in a child process and say what happened. */
static void peek(const char* when, const volatile int* p) {
    int fds[2];
    pipe(fds);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int value = *p; /* may fault: then only this child dies */
        write(fds[1], &value, sizeof value);
        _exit(0);
    }
    close(fds[1]);
    int value = 0, status = 0;
    int got = (int)read(fds[0], &value, sizeof value);
    close(fds[0]);
    waitpid(pid, &status, 0);
    if (got == (int)sizeof value)
        printf("%s: *pointer = %d\n", when, value);
    else
        printf("%s: reading *pointer crashed (signal %d): the stack is gone\n", when,
               WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

int main(void) {
    sem_init(&may_end, 0, 0);
    pthread_t first, second;
    void* returned;
    pthread_create(&first, NULL, create_value, (void*)42L);
    pthread_join(first, &returned);
    volatile int* pointer = returned;
    printf("the thread returned %p, the address of its local 'result' (it was 42)\n", returned);
    peek("after join", pointer);

    /* Another thread of the same stack size: it may well get the same
     * memory, and its local lands where the old one was. */
    pthread_create(&second, NULL, create_value, (void*)666L);
    sched_yield();
    usleep(20000); /* let it reach its sem_wait */
    peek("while another thread runs", pointer);
    sem_post(&may_end);
    pthread_join(second, &returned);
    printf("the second thread's local was at %p%s\n", returned,
           returned == (void*)pointer ? ": the same address, so we read its data" : "");
    printf("lesson: never return (or keep) a pointer into a thread's stack\n");
    return 0;
}
