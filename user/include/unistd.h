/* POSIX process, file and I/O calls (<unistd.h>).
 * Each returns -1 and sets errno on failure, as POSIX says. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stdint.h>
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
