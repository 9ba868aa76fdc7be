/* forkloop: the lecture's quiz.
 *
 *     for (i = 0; i < n; i++) fork();
 *     printf("Hello\n");
 *
 * Every process alive at the i-th fork makes one more, so after n
 * forks there are 2^n processes (the original and 2^n - 1 children),
 * and "Hello" is printed 2^n times, in an order the scheduler picks.
 * Unlike the quiz, each process here waits for the children it made,
 * so none is left a zombie and the shell prompt comes back last.
 *
 *   forkloop [n]     n from 0 to 5 (at most 32 processes), default 3
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    int n = argc > 1 ? atoi(argv[1]) : 3;
    if (n < 0 || n > 5) {
        fprintf(stderr, "forkloop: n must be 0..5\n");
        return 1;
    }
    printf("forkloop %d: expect 2^%d = %d Hello lines\n", n, n, 1 << n);
    int forked_at = -1; /* the iteration that made this process, -1: the original */
    for (int i = 0; i < n; i++) {
        fflush(stdout); /* or the child would print our buffer again */
        if (fork() == 0) forked_at = i;
    }
    printf("Hello from pid %d (parent %d, born at i=%d)\n", getpid(), getppid(), forked_at);
    fflush(stdout);
    while (wait(NULL) > 0) {
    }
    return 0;
}
