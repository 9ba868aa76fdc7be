/* cloneflags: what each clone flag shares, seen from both sides.
 *
 * For each set of flags, the parent sets up four things -- a variable
 * (1), an open descriptor, its cwd (/) and a SIGUSR1 handler -- and
 * makes a child with raw clone(). The child prints what it finds, then
 * changes all four: stores 2, closes the descriptor, chdirs to /bin and
 * installs another handler. Once it has ended, the parent prints which
 * of the changes reached it: a change it sees is a shared object; one
 * it does not see was made to the child's copy.
 *
 * Then the combinations clone refuses (EINVAL). The first three Linux
 * refuses too. The last is Weft's own rule: a thread (CLONE_THREAD)
 * must also share the fd table and the cwd (CLONE_FILES|CLONE_FS).
 * Linux would give such a thread copies of them; Weft keeps both in the
 * Process, which all its threads share, so it has no place for a
 * thread's own copy -- and says EINVAL rather than "copy" while in fact
 * sharing.
 *
 * Usage: cloneflags. Exits 0 when every refused combination was refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char child_stack[16 * 1024] __attribute__((aligned(16)));
static volatile int variable;
static int fd;
static volatile pid_t child_alive; /* CLONE_CHILD_CLEARTID's word */

static void parents_handler(int sig) {
    (void)sig;
}
static void childs_handler(int sig) {
    (void)sig;
}

static int handler_is(void (*h)(int)) {
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    return now.sa_handler == h;
}

static int fd_open(void) {
    struct stat st;
    return fstat(fd, &st) == 0;
}

static int in_bin(void) {
    struct stat st;
    return stat("sh", &st) == 0; /* /bin/sh, seen from /bin */
}

static int child(void* arg) {
    (void)arg;
    printf("  child:  pid %d tid %d; variable=%d, fd %d %s, cwd %s, handler %s\n", getpid(),
           gettid(), variable, fd, fd_open() ? "open" : "closed", in_bin() ? "/bin" : "/",
           handler_is(parents_handler) ? "the parent's" : "other");
    variable = 2;
    close(fd);
    chdir("/bin");
    signal(SIGUSR1, childs_handler);
    fflush(stdout); /* a process child ends with _exit: nothing flushes for it */
    return 0;
}

static const char* seen(int changed) {
    return changed ? "shared (changed)" : "copied (unchanged)";
}

static void try_flags(const char* name, int flags) {
    variable = 1;
    fd = open("/bin/sh", O_RDONLY);
    chdir("/");
    signal(SIGUSR1, parents_handler);
    printf("%s:\n", name);
    fflush(stdout);
    child_alive = -1;
    int tid = clone(child, child_stack + sizeof child_stack, flags | CLONE_CHILD_CLEARTID, NULL,
                    NULL, NULL, &child_alive);
    if (tid < 0) {
        printf("  clone failed: %s\n", strerror(errno));
        return;
    }
    if (flags & CLONE_THREAD) {
        while (child_alive != 0) /* a thread is not a child: wait cannot see it */
            sched_yield();
        printf("  parent: pid %d; the thread is in our process; wait() says %s\n", getpid(),
               waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD ? "no children" : "a child?");
    } else {
        int status;
        pid_t got = waitpid(tid, &status, 0);
        printf("  parent: pid %d; child %d is a process of its own; wait() reported it: %s\n",
               getpid(), tid, got == tid ? "yes" : "no");
    }
    printf("  parent: memory %s, fd table %s, cwd %s, handlers %s\n", seen(variable == 2),
           seen(!fd_open()), seen(in_bin()), seen(handler_is(childs_handler)));
    close(fd);
    chdir("/");
}

static int nothing(void* arg) {
    (void)arg;
    return 0;
}

/* 1 if clone refused flags with EINVAL. */
static int refuse(const char* name, int flags) {
    errno = 0;
    int r = clone(nothing, child_stack + sizeof child_stack, flags, NULL);
    printf("  %-40s -> %d, %s\n", name, r, r < 0 ? strerror(errno) : "accepted?!");
    if (r > 0 && !(flags & CLONE_THREAD)) waitpid(r, NULL, 0);
    return r < 0 && errno == EINVAL;
}

int main(void) {
    try_flags("0 (like fork)", 0);
    try_flags("CLONE_VM", CLONE_VM);
    try_flags("CLONE_FILES", CLONE_FILES);
    try_flags("CLONE_FS", CLONE_FS);
    try_flags("CLONE_SIGHAND|CLONE_VM", CLONE_SIGHAND | CLONE_VM);
    try_flags("CLONE_THREAD|CLONE_SIGHAND|CLONE_VM|CLONE_FILES|CLONE_FS",
              CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_FILES | CLONE_FS);
    printf("refused combinations:\n");
    int refused = 0;
    refused += refuse("CLONE_THREAD without CLONE_SIGHAND", CLONE_THREAD | CLONE_VM);
    refused += refuse("CLONE_SIGHAND without CLONE_VM", CLONE_SIGHAND);
    refused += refuse("an unknown bit (0x80000000)", (int)0x80000000);
    refused += refuse("CLONE_THREAD|CLONE_SIGHAND|CLONE_VM", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM);
    printf("  (Linux accepts the last one and gives the thread copies of the fd table\n"
           "   and cwd. Weft refuses it: they belong to the Process, shared by all its\n"
           "   threads, so a thread cannot have copies of its own. CLONE_THREAD needs\n"
           "   CLONE_FILES and CLONE_FS.)\n");
    if (refused != 4) {
        printf("cloneflags: %d of 4 combinations refused, want all 4\n", refused);
        return 1;
    }
    return 0;
}
