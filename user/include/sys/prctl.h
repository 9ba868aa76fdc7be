/* Operations on the calling thread (<sys/prctl.h>), Linux's prctl.
 * Weft has two of Linux's options: the thread's name, which ps -T and
 * the scheduler trace show (docs/scheduling.md):
 *
 *   prctl(PR_SET_NAME, "hog 1");   name the calling thread (at most 15
 *                                  characters; a longer name is cut)
 *   prctl(PR_GET_NAME, buf);       char buf[16]: its name, or its
 *                                  process's name if it has none
 *
 * A new thread or process starts with its creator's thread name; exec
 * clears it, so the program's name shows. Under scheduler activations
 * (<sa.h>) the kernel's thread is the activation: PR_SET_NAME names the
 * activation the calling user thread runs on at that moment. */
#ifndef _SYS_PRCTL_H
#define _SYS_PRCTL_H

#ifdef __cplusplus
extern "C" {
#endif

#define PR_SET_NAME 15
#define PR_GET_NAME 16

/* 0, or -1 with errno (EINVAL: another option; EFAULT). */
int prctl(int option, ...);

#ifdef __cplusplus
}
#endif

#endif
