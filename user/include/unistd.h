/* POSIX process, file and I/O calls (<unistd.h>).
 * Each returns -1 and sets errno on failure, as POSIX says. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stdint.h>
#include <sys/sysconf.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#ifndef NULL
#define NULL ((void*)0)
#endif

pid_t fork(void);
__attribute__((noreturn)) void _exit(int status);
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void); /* the calling thread's id (<sched.h> too) */

/* Process groups and the console (job control, docs/signals.md).
 * setpgid(0, 0) makes the caller the leader of a new group; pid 0 means
 * the caller, pgid 0 means pgid = pid. tcsetpgrp(fd, pgid) makes pgid
 * the foreground group of the console fd refers to: ^C sends it SIGINT. */
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void); /* getpgid(0) */
int tcsetpgrp(int fd, pid_t pgid);
pid_t tcgetpgrp(int fd);

/* User ids: inherited; only uid 0 may setuid (EPERM). One id per
 * process, so the effective id is the real one. */
uid_t getuid(void);
uid_t geteuid(void);
int setuid(uid_t uid);

/* SIGALRM after seconds (0: cancel); the seconds left of the previous alarm. */
unsigned int alarm(unsigned int seconds);
/* Sleep until a signal handler has run; always -1 with errno EINTR. */
int pause(void);

/* exec replaces the program; the environment is always empty. */
int execv(const char* path, char* const argv[]);
int execve(const char* path, char* const argv[], char* const envp[]);
/* execvp: a file name without '/' is looked up in /bin. */
int execvp(const char* file, char* const argv[]);

ssize_t read(int fd, void* buf, size_t n);
ssize_t write(int fd, const void* buf, size_t n);
int close(int fd);
int pipe(int fds[2]);
int dup(int fd);
int dup2(int old_fd, int new_fd);

int chdir(const char* path);
int unlink(const char* path);
int rmdir(const char* path); /* unlink of an empty directory */
int link(const char* old_path, const char* new_path);

/* Move the program break by increment bytes; the old break, or
 * (void*)-1 with errno ENOMEM. */
void* sbrk(intptr_t increment);
int brk(void* addr);

/* The kernel's clock ticks 100 times a second: sleep and usleep round
 * up to whole ticks. */
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);

#ifdef __cplusplus
}
#endif

#endif
