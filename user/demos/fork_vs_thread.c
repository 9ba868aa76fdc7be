/* fork_vs_thread: fork copies the address space, threads share it.
 *
 * A child process changes its copy of a global variable: the parent's
 * stays as it was, although both print the same (virtual) address. A
 * thread changes the variable: main sees the change, because there is
 * only one variable.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int a = 5;

static void* thread_adds_five(void* arg) {
    (void)arg;
    a = a + 5;
    printf("thread:  a=%d, address of a=%p\n", a, (void*)&a);
    return NULL;
}

int main(void) {
    printf("fork: the child gets a copy of the parent's memory\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        a = a + 5;
        printf("child:   a=%d, address of a=%p\n", a, (void*)&a);
        return 0;
    }
    wait(NULL);
    a = a - 5;
    printf("parent:  a=%d, address of a=%p  (the child's +5 did not reach us)\n", a, (void*)&a);

    printf("threads: every thread of a process shares its memory\n");
    a = 5;
    pthread_t t;
    pthread_create(&t, NULL, thread_adds_five, NULL);
    pthread_join(t, NULL);
    printf("main:    a=%d, address of a=%p  (the thread's +5 is ours too)\n", a, (void*)&a);
    return 0;
}
