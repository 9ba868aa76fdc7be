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

/* struct weft_procinfo, WEFT_PROCINFO_MAX: the kernel's layout. */
#include <weft/procinfo.h>

/* Fill rows[0..max-1], process by process; the number of rows, or -1
 * with errno (EFAULT, EINVAL). A full buffer means there may be more. */
int procinfo(struct weft_procinfo* rows, int max);

/* ---------------------------------------------------------------- the trace */

/* struct weft_trace_event, WEFT_EV_*, WEFT_WHY_*, WEFT_TRACE_EVENTS_PER_HART:
 * the kernel's layout and values. */
#include <weft/sched_trace.h>

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
