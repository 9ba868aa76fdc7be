/* The scheduling trace (the sched_trace system call, docs/scheduling.md):
 * one event as each hart records it, and what its numbers mean. User
 * programs see it through <weft_sched.h>. Part of the abi/ include root
 * (abi/README.md). */
#ifndef WEFT_ABI_SCHED_TRACE_H
#define WEFT_ABI_SCHED_TRACE_H

#include <stdint.h>

/* One scheduling event. 24 bytes. */
struct weft_trace_event {
    uint64_t time; /* the time CSR: WEFT_TIME_HZ (10 MHz) counts per second */
    uint32_t tid;
    uint32_t pid;
    uint8_t event;  /* WEFT_EV_* */
    uint8_t hart;   /* the hart that recorded it */
    uint8_t reason; /* WEFT_WHY_*: why a thread was switched out, or
                       what an upcall is for */
    uint8_t level;  /* the thread's MLFQ level */
    uint32_t arg;   /* WEFT_EV_WAKE, WEFT_EV_CREATE: the tid that did it */
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

#endif
