/* zombie: a child that has exited but has not been waited for.
 *
 * The child exits at once. Its parent does not wait yet, so the kernel
 * keeps the child's process-table entry -- its pid and exit status --
 * for the parent to collect: the child is a zombie ("Z" in ps, marked
 * <zombie> by pstree). Only when the parent calls waitpid does the entry
 * go away. A parent that never waits leaks an entry per child; enough of
 * them and fork fails (EAGAIN), although nothing is running.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run a program (ps) and wait for it. */
static void run(const char* path) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char* argv[] = {(char*)path, NULL};
        execv(path, argv);
        _exit(127);
    }
    waitpid(pid, NULL, 0);
}

int main(void) {
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) {
        perror("zombie: fork");
        return 1;
    }
    if (child == 0) _exit(42); /* the child is done at once */

    usleep(200 * 1000); /* the child has exited by now */
    printf("zombie: child %d has exited; its parent (%d) has not waited yet:\n", child, getpid());
    run("/bin/ps");

    int status;
    waitpid(child, &status, 0);
    printf("zombie: waitpid(%d) collected exit status %d; the zombie is gone:\n", child,
           WEXITSTATUS(status));
    run("/bin/ps");
    return 0;
}
