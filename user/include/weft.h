/* Weft-specific system calls (not POSIX). */
#ifndef _WEFT_H
#define _WEFT_H

#ifdef __cplusplus
extern "C" {
#endif

/* struct weft_sysinfo, WEFT_NO_COMMIT_LIMIT: the kernel's layout. */
#include <weft/sysinfo.h>

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
