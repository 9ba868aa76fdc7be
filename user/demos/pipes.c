/* pipes: the shell's `ls | wc`, built by hand.
 *
 * The lecture's recipe for a pipeline, one step at a time:
 *   1. pipe(fds): fds[0] is the read end, fds[1] the write end;
 *   2. fork the left child: dup2(fds[1], 1) puts the write end where
 *      ls will write its output (fd 1, stdout), then both pipe fds
 *      are closed and it execs /bin/ls;
 *   3. fork the right child: dup2(fds[0], 0) puts the read end where
 *      wc reads its input (fd 0, stdin), closes both, execs /bin/wc;
 *   4. the parent closes both ends and waits for both children.
 * exec keeps the descriptor table, so ls and wc never know about the
 * pipe: they just use fds 0 and 1. Every unused end must be closed:
 * wc sees end of file only once no write end is left open anywhere,
 * and a forgotten one (say, in the parent) would leave it waiting.
 *
 * Each process prints its descriptor table (from fstat) just before
 * exec: which of fds 0..OPEN_MAX-1 are open and what they are. Weft's
 * fstat reports a pipe end as a FIFO whose permission bits say the end
 * (r-- read, -w- write) and whose st_ino numbers the pipe, so the two
 * tables show the same pipe from both sides.
 *
 *   pipes            exits 0 if both tables were as expected and both
 *                    children exited 0
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum fd_kind { FD_CLOSED, FD_CONSOLE, FD_PIPE_READ, FD_PIPE_WRITE, FD_OTHER };

static enum fd_kind describe(int fd, char* out, size_t size) {
    struct stat st;
    if (fstat(fd, &st) < 0) return FD_CLOSED;
    if (S_ISCHR(st.st_mode) && (st.st_rdev >> 8) == 1) {
        snprintf(out, size, "console");
        return FD_CONSOLE;
    }
    if (S_ISFIFO(st.st_mode)) {
        int reads = (st.st_mode & 0400) != 0;
        snprintf(out, size, "pipe %u, %s end", st.st_ino, reads ? "read" : "write");
        return reads ? FD_PIPE_READ : FD_PIPE_WRITE;
    }
    if (S_ISCHR(st.st_mode))
        snprintf(out, size, "device %u/%u", st.st_rdev >> 8, st.st_rdev & 0xff);
    else if (S_ISDIR(st.st_mode))
        snprintf(out, size, "directory (inode %u)", st.st_ino);
    else
        snprintf(out, size, "file (inode %u, %ld bytes)", st.st_ino, st.st_size);
    return FD_OTHER;
}

/* Prints the table to stderr (the console in every process here) in
 * one write, so that two processes' tables do not mix; returns the
 * kind of descriptor `want_fd`. */
static enum fd_kind print_fd_table(const char* who, int want_fd) {
    char text[1024], what[64];
    enum fd_kind wanted = FD_CLOSED;
    int len = snprintf(text, sizeof text, "fd table of %s (pid %d):\n", who, getpid());
    for (int fd = 0; fd < OPEN_MAX; fd++) {
        enum fd_kind kind = describe(fd, what, sizeof what);
        if (fd == want_fd) wanted = kind;
        if (kind != FD_CLOSED && len < (int)sizeof text)
            len += snprintf(text + len, sizeof text - len, "  fd %d: %s\n", fd, what);
    }
    write(2, text, len < (int)sizeof text ? (size_t)len : sizeof text - 1);
    return wanted;
}

/* One child of the pipeline: `end` of the pipe becomes descriptor
 * `target`, the pipe's own descriptors are closed, and argv[0] is run.
 * The left child stops itself after printing its table, and the parent
 * forks the right one only then, so the two tables never mix on the
 * console (the pipeline itself does not need this: see main). */
static void run_child(const char* who, int fds[2], int end, int target, enum fd_kind expect,
                      char* const argv[]) {
    dup2(fds[end], target);
    close(fds[0]);
    close(fds[1]);
    enum fd_kind kind = print_fd_table(who, target);
    if (kind != expect) {
        fprintf(stderr, "pipes: %s: fd %d is not the pipe end it should be\n", who, target);
        _exit(2);
    }
    if (target == 1) raise(SIGSTOP); /* until the parent's SIGCONT */
    if (target == 0)
        fprintf(stderr, "output of the pipeline (wc: lines words bytes of ls's listing):\n");
    execv(argv[0], argv);
    fprintf(stderr, "pipes: exec %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

int main(int argc, char** argv) {
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: pipes\n");
        return 1;
    }
    int fds[2];
    if (pipe(fds) < 0) {
        perror("pipes: pipe");
        return 1;
    }
    printf("pipes: ls | wc by hand: pipe(), fork(), dup2(), close(), exec()\n");
    fflush(stdout);
    print_fd_table("the parent, after pipe()", -1);

    char* ls_argv[] = {"/bin/ls", NULL};
    char* wc_argv[] = {"/bin/wc", NULL};
    int ls_status = 0, wc_status = 0;
    pid_t ls = fork();
    if (ls == 0)
        run_child("ls child, just before exec(\"/bin/ls\")", fds, 1, 1, FD_PIPE_WRITE, ls_argv);
    /* Only for a tidy screen: wait until ls has printed its table and
     * stopped, then let it go on once wc's table is printed too. */
    if (ls > 0) waitpid(ls, &ls_status, WUNTRACED);
    pid_t wc = fork();
    if (wc == 0)
        run_child("wc child, just before exec(\"/bin/wc\")", fds, 0, 0, FD_PIPE_READ, wc_argv);
    if (ls < 0 || wc < 0) {
        perror("pipes: fork");
        return 1;
    }
    /* The parent's copies of the ends must go, or wc never sees EOF. */
    close(fds[0]);
    close(fds[1]);
    /* ls may go on now: its output goes into the pipe, not to the
     * console, and wc prints only once it has read end of file. */
    kill(ls, SIGCONT);
    waitpid(ls, &ls_status, 0);
    waitpid(wc, &wc_status, 0);
    printf("pipes: parent waited: ls (pid %d) exit %d, wc (pid %d) exit %d\n", ls,
           WIFEXITED(ls_status) ? WEXITSTATUS(ls_status) : -1, wc,
           WIFEXITED(wc_status) ? WEXITSTATUS(wc_status) : -1);
    int ok = WIFEXITED(ls_status) && WEXITSTATUS(ls_status) == 0 && WIFEXITED(wc_status) &&
             WEXITSTATUS(wc_status) == 0;
    printf("pipes: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
