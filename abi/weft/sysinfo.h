/* What the sysinfo system call reports (docs/abi.md); user programs see
 * it through <weft.h>. Part of the abi/ include root (abi/README.md). */
#ifndef WEFT_ABI_SYSINFO_H
#define WEFT_ABI_SYSINFO_H

#include <stdint.h>

struct weft_sysinfo {
    uint64_t free_pages, total_pages;
    uint64_t processes, threads;
    uint64_t uptime_ticks, harts;
    /* Pages of user memory promised (docs/memory.md "Out of memory"),
     * and the most that may be; WEFT_NO_COMMIT_LIMIT under overcommit=always. */
    uint64_t committed_pages, commit_limit_pages;
    /* The scheduler the boot options chose: "rr" or "mlfq", the quantum
     * in clock ticks, and 0 under preempt=off (docs/scheduling.md). */
    char sched_policy[8];
    uint32_t quantum_ticks;
    uint32_t preemptive;
};
#define WEFT_NO_COMMIT_LIMIT (~0UL)

#endif
