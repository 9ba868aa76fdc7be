// xv6 compatibility root: xv6-riscv's user-level API, so xv6 course
// programs compile unchanged against Weft. Include kernel/types.h first.
//
// Differences from xv6 a program might notice:
//   - wait() reports the child's exit code (sign-extended from 8 bits,
//     so exit(-1) reads back as -1), or -1 if the child was killed.
//   - kill(pid) sends SIGKILL.
//   - sleep()/pause() count clock ticks, 100 per second, as in xv6.
//   - fstat() translates Weft's stat into xv6's struct stat in user
//     space: a bad pointer faults the program instead of returning -1.
//   - Added: a failing call still returns -1, and also leaves the reason
//     in errno (Linux's numbers); strerror(errno) says it in words, e.g.
//     fprintf(2, "cat: %s: %s\n", name, strerror(errno)).
#ifndef XV6_USER_USER_H
#define XV6_USER_USER_H

struct stat;

// system calls
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int*);
int pipe(int*);
int write(int, const void*, int);
int read(int, void*, int);
int close(int);
int kill(int);
int exec(const char*, char**);
int open(const char*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int fstat(int fd, struct stat*);
int link(const char*, const char*);
int mkdir(const char*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sbrk(int);
int sleep(int);
int pause(int);
int uptime(void);

// Weft additions (syscalls.c): the last failure's reason.
extern int errno;
const char* strerror(int);

// ulib.c
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void* memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
void fprintf(int, const char*, ...) __attribute__((format(printf, 2, 3)));
void printf(const char*, ...) __attribute__((format(printf, 1, 2)));
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
int atoi(const char*);
int memcmp(const void*, const void*, uint);
void* memcpy(void*, const void*, uint);

// umalloc.c
void* malloc(uint);
void free(void*);

#endif
