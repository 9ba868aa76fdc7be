/* init: the first user process (pid 1).
 *
 * Makes sure /dev/console exists (character device 1,0), opens it as
 * file descriptors 0, 1 and 2, and starts /bin/sh. It then waits
 * forever: orphaned processes are re-parented to init, and each wait()
 * reaps one; when the shell itself ends, a new one is started.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CONSOLE "/dev/console"

static void open_console(void) {
    int fd = open(CONSOLE, O_RDWR);
    if (fd < 0) {
        if (mkdir("/dev", 0755) < 0 && errno != EEXIST)
            return; /* nowhere to report it: no console yet */
        if (mknod(CONSOLE, S_IFCHR | 0666, makedev(1, 0)) < 0)
            return;
        fd = open(CONSOLE, O_RDWR);
        if (fd < 0)
            return;
    }
    /* fd is 0 when init starts with no open files. */
    if (fd != 0) {
        dup2(fd, 0);
        close(fd);
    }
    dup2(0, 1);
    dup2(0, 2);
}

static pid_t start_shell(void) {
    for (;;) {
        pid_t pid = fork();
        if (pid == 0) {
            char* argv[] = {"sh", NULL};
            execv("/bin/sh", argv);
            fprintf(stderr, "init: /bin/sh: %s\n", strerror(errno));
            _exit(127);
        }
        if (pid > 0)
            return pid;
        fprintf(stderr, "init: fork: %s\n", strerror(errno));
        sleep(1);
    }
}

int main(void) {
    open_console();
    printf("init: starting sh\n");
    pid_t shell = start_shell();
    for (;;) {
        int status;
        pid_t pid = wait(&status);
        if (pid < 0) { /* no children at all: cannot happen while the shell lives */
            shell = start_shell();
            continue;
        }
        if (pid == shell) {
            if (WIFSIGNALED(status))
                printf("init: sh killed by signal %d, restarting\n", WTERMSIG(status));
            else
                printf("init: sh exited (status %d), restarting\n", WEXITSTATUS(status));
            shell = start_shell();
        }
        /* any other pid: an orphan, now reaped */
    }
}
