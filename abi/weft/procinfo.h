/* One row of the procinfo system call (what ps and top print; docs/abi.md):
 * a thread, or a zombie process. User programs see it through
 * <weft_sched.h>. Part of the abi/ include root (abi/README.md). */
#ifndef WEFT_ABI_PROCINFO_H
#define WEFT_ABI_PROCINFO_H

#include <stdint.h>

/* One thread, or one zombie process (tid 0, state 'Z': it has exited
 * and its parent has not waited for it yet). 120 bytes. */
struct weft_procinfo {
    int32_t pid;
    int32_t tid;
    int32_t ppid;          /* 0 for init */
    char state;            /* 'R' running, 'r' runnable, 'S' sleeping,
                              'Z' zombie process, 'E' being created */
    int8_t hart;           /* the hart it last ran on; -1: never ran */
    int8_t nice;           /* -20..19 */
    uint8_t level;         /* MLFQ queue, 0 the top (always 0 under rr) */
    uint64_t user_ticks;   /* clock ticks charged while in user mode */
    uint64_t system_ticks; /* ... while in the kernel */
    uint64_t switches;     /* times it was switched in */
    uint32_t threads;      /* live threads of its process */
    uint32_t reserved;
    char name[16]; /* the process's program name */
    /* What the kernel's Process record points at, as small ids (a table
     * slot + 1, never an address; 0: none, a zombie). Two rows with the
     * same id share that object. */
    uint32_t address_space;
    uint32_t files; /* the open-file table */
    uint32_t fs;    /* the fs context: the cwd */
    /* The thread's slot in the thread table = its kernel stack's slot. */
    uint32_t kernel_stack;
    /* The user pc and sp saved at the thread's last entry to the kernel;
     * only for threads of the caller's own process (0 otherwise), as
     * Linux shows a task's registers only to who may trace it. */
    uint64_t user_pc;
    uint64_t user_sp;
    uint32_t process_size; /* sizeof the kernel's Process record */
    uint32_t thread_size;  /* ... and of its Thread record */
    char thread_name[16];  /* the thread's own name (prctl PR_SET_NAME); "": none */
};

/* Rows enough for every thread and every zombie (NTHREAD + NPROC). */
#define WEFT_PROCINFO_MAX 192

#endif
