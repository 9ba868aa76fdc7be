/* Weft-specific system calls (not POSIX). */
#ifndef _WEFT_H
#define _WEFT_H

#ifdef __cplusplus
extern "C" {
#endif

/* What sysinfo reports; the layout is the kernel's (docs/abi.md). */
struct weft_sysinfo {
    unsigned long free_pages, total_pages;
    unsigned long processes, threads;
    unsigned long uptime_ticks, harts;
    /* Pages of user memory promised (docs/memory.md "Out of memory"),
     * and the most that may be; WEFT_NO_COMMIT_LIMIT under overcommit=always. */
    unsigned long committed_pages, commit_limit_pages;
    /* The scheduler the boot options chose: "rr" or "mlfq", the quantum
     * in clock ticks, and 0 under preempt=off (docs/scheduling.md). */
    char sched_policy[8];
    unsigned int quantum_ticks;
    unsigned int preemptive;
};
#define WEFT_NO_COMMIT_LIMIT (~0UL)

#define WEFT_HZ 100 /* clock ticks per second */

/* Stop the machine (QEMU exits). Returns only on failure (-1, errno). */
int poweroff(void);
/* Fill *info; 0, or -1 with errno (EFAULT). */
int sysinfo(struct weft_sysinfo* info);
/* Clock ticks since boot. */
long uptime(void);
/* Sleep for a number of clock ticks. */
int sleep_ticks(long ticks);

/* The RISC-V time CSR: a counter at 10 MHz, the same on every hart. */
static inline unsigned long rdtime(void) {
    unsigned long t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}
#define WEFT_TIME_HZ 10000000UL

#ifdef __cplusplus
}
#endif

#endif
