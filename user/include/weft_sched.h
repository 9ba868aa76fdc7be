/* Weft's scheduler seen from user space (docs/scheduling.md):
 *   - procinfo: a snapshot of every thread, what ps and top print;
 *   - the scheduling trace: start it, run something, stop it, read the
 *     events every hart recorded (what the trace program does);
 *   - sched_getcpu: the hart the caller runs on.
 * The structure layouts are the kernel's (docs/abi.md). */
#ifndef _WEFT_SCHED_H
#define _WEFT_SCHED_H

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- procinfo */

/* One thread, or one zombie process (tid 0, state 'Z': it has exited
 * and its parent has not waited for it yet). 120 bytes. */
struct weft_procinfo {
    int pid;
    int tid;
    int ppid;                   /* 0 for init */
    char state;                 /* 'R' running, 'r' runnable, 'S' sleeping,
                                   'Z' zombie process, 'E' being created */
    signed char hart;           /* the hart it last ran on; -1: never ran */
    signed char nice;           /* -20..19 */
    unsigned char level;        /* MLFQ queue, 0 the top (always 0 under rr) */
    unsigned long user_ticks;   /* clock ticks charged while in user mode */
    unsigned long system_ticks; /* ... while in the kernel */
    unsigned long switches;     /* times it was switched in */
    unsigned int threads;       /* live threads of its process */
    unsigned int reserved;
    char name[16]; /* the process's program name */
    /* What the kernel's Process record points at, as small ids (a table
     * slot + 1, never an address; 0: none, a zombie). Two rows with the
     * same id share that object. */
    unsigned int address_space;
    unsigned int files; /* the open-file table */
    unsigned int fs;    /* the fs context: the cwd */
    /* The thread's slot in the thread table = its kernel stack's slot. */
    unsigned int kernel_stack;
    /* The user pc and sp saved at the thread's last entry to the kernel;
     * only for threads of the caller's own process (0 otherwise). */
    unsigned long user_pc;
    unsigned long user_sp;
    unsigned int process_size; /* sizeof the kernel's Process record */
    unsigned int thread_size;  /* ... and of its Thread record */
    char thread_name[16];      /* the thread's own name (prctl PR_SET_NAME); "": none */
};

/* Rows enough for every thread and every zombie (NTHREAD + NPROC). */
#define WEFT_PROCINFO_MAX 192

/* Fill rows[0..max-1], process by process; the number of rows, or -1
 * with errno (EFAULT, EINVAL). A full buffer means there may be more. */
int procinfo(struct weft_procinfo* rows, int max);

/* ---------------------------------------------------------------- the trace */

/* One scheduling event. 24 bytes. */
struct weft_trace_event {
    unsigned long time; /* the time CSR: WEFT_TIME_HZ (10 MHz) counts per second */
    unsigned int tid;
    unsigned int pid;
    unsigned char event;  /* WEFT_EV_* */
    unsigned char hart;   /* the hart that recorded it */
    unsigned char reason; /* WEFT_WHY_*: why a thread was switched out, or
                             what an upcall is for */
    unsigned char level;  /* the thread's MLFQ level */
    unsigned int arg;     /* WEFT_EV_WAKE, WEFT_EV_CREATE: the tid that did it */
};

#define WEFT_EV_IN 1     /* tid starts running on hart */
#define WEFT_EV_OUT 2    /* tid stops running on hart (reason says why) */
#define WEFT_EV_WAKE 3   /* tid becomes runnable again */
#define WEFT_EV_CREATE 4 /* tid is new */
#define WEFT_EV_UPCALL 5 /* an activation upcall to tid */

#define WEFT_WHY_NONE 0
#define WEFT_WHY_YIELD 1   /* it called sched_yield */
#define WEFT_WHY_PREEMPT 2 /* its quantum ran out */
#define WEFT_WHY_BLOCK 3   /* it went to sleep */
#define WEFT_WHY_EXIT 4    /* it ended */
/* An upcall's reason: its first event (docs/activations.md). */
#define WEFT_WHY_SA_NEWPROC 5   /* a virtual processor was added */
#define WEFT_WHY_SA_BLOCKED 6   /* an activation blocked: this one takes its VP */
#define WEFT_WHY_SA_UNBLOCKED 7 /* a blocked activation's call finished */
#define WEFT_WHY_SA_PREEMPTED 8 /* only preempted contexts (a quantum ran out) */

/* Each hart keeps this many events; later ones are counted as dropped. */
#define WEFT_TRACE_EVENTS_PER_HART 4096

/* Clear every hart's buffer and start recording; 0. */
int sched_trace_start(void);
/* Stop recording; 0. */
int sched_trace_stop(void);
/* Copy up to max events into buf, hart by hart, each hart's in the order
 * recorded; the number copied, or -1 with errno (EBUSY: still
 * recording; EFAULT). WEFT_TRACE_EVENTS_PER_HART * harts is enough. */
long sched_trace_read(struct weft_trace_event* buf, long max);
/* Events lost since the start because a hart's buffer was full. */
long sched_trace_dropped(void);

/* The words of the text trace format: "in", "out", "wake", "create",
 * "upcall"; "-", "yield", "preempt", "block", "exit", and for upcalls
 * "newproc", "blocked", "unblocked", "preempted". "?" if unknown. */
const char* sched_trace_event_name(unsigned event);
const char* sched_trace_reason_name(unsigned reason);

/* ---------------------------------------------------------------- harts */

/* The hart the calling thread is running on (it may move right after). */
int sched_getcpu(void);

#ifdef __cplusplus
}
#endif

#endif
