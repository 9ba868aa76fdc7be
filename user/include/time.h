/* Clocks and sleeping (<time.h>).
 *
 * CLOCK_MONOTONIC counts from boot (the RISC-V time CSR, 10 MHz);
 * CLOCK_REALTIME is wall-clock time from the machine's real-time clock;
 * the CPU-time clocks count the ticks a thread (or process) has run.
 * nanosleep sleeps in whole clock ticks (100 per second), rounding up;
 * it is a cancellation point (pthread_cancel). */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NULL
#define NULL ((void*)0)
#endif

struct timespec {
    time_t tv_sec;
    long tv_nsec; /* 0 .. 999999999 */
};

typedef int clockid_t;
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2 /* CPU time of all the process's threads */
#define CLOCK_THREAD_CPUTIME_ID 3  /* CPU time of the calling thread */

/* 0, or -1 with errno (EINVAL: unknown clock; EFAULT). */
int clock_gettime(clockid_t clock, struct timespec* ts);
/* Sleep for *req; 0, or -1 with errno EINTR (and *rem, if not NULL,
 * the time left) or EINVAL (tv_nsec out of range). */
int nanosleep(const struct timespec* req, struct timespec* rem);
/* Seconds since the epoch (CLOCK_REALTIME), also stored in *t if not NULL. */
time_t time(time_t* t);

#ifdef __cplusplus
}
#endif

#endif
