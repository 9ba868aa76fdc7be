/* orphan: a parent that exits before its child.
 *
 * Three generations: this program (the "grandparent"), a parent, and
 * the parent's child. The parent exits at once; its child lives on, an
 * orphan, and the kernel gives it a new parent: init (pid 1), whose
 * main loop is nothing but wait() -- so when the orphan exits, init
 * reaps it and no zombie is left behind.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

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
    int go[2], told[2];
    if (pipe(go) < 0 || pipe(told) < 0) {
        perror("orphan: pipe");
        return 1;
    }
    fflush(stdout);
    pid_t parent = fork();
    if (parent == 0) {
        pid_t child = fork();
        if (child == 0) {
            char c;
            printf("orphan: child %d, my parent is %d\n", getpid(), getppid());
            fflush(stdout);
            write(told[1], "r", 1); /* ready */
            read(go[0], &c, 1);     /* until the grandparent says go */
            printf("orphan: child %d, my parent is now %d (init adopted me)\n", getpid(),
                   getppid());
            fflush(stdout);
            write(told[1], "d", 1); /* done */
            _exit(0);
        }
        char c;
        read(told[0], &c, 1);
        printf("orphan: parent %d exits, leaving child %d behind\n", getpid(), child);
        _exit(0);
    }
    waitpid(parent, NULL, 0); /* the parent is gone (and reaped) */
    usleep(50 * 1000);
    printf("orphan: the process tree now (the child hangs under init):\n");
    run("/bin/pstree");
    char c;
    write(go[1], "g", 1);
    read(told[0], &c, 1); /* the child's "done" (the parent read its "ready") */
    usleep(100 * 1000);   /* it exits, and init reaps it */
    printf("orphan: the child has exited; init reaped it, no zombie:\n");
    run("/bin/ps");
    return 0;
}
