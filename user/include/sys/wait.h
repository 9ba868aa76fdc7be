/* Waiting for children (<sys/wait.h>), Linux's status encoding:
 *   exited with code c:   (c & 0xff) << 8
 *   killed by signal s:   s
 *   stopped by signal s:  (s << 8) | 0x7f   (only with WUNTRACED)
 * docs/abi.md ("waitpid"), docs/signals.md. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WIFEXITED(s) (((s)&0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s)&0x7f) != 0 && ((s)&0x7f) != 0x7f)
#define WTERMSIG(s) ((s)&0x7f)
#define WIFSTOPPED(s) (((s)&0xff) == 0x7f)
#define WSTOPSIG(s) WEXITSTATUS(s)
#define WCOREDUMP(s) ((s)&0x80) /* Weft writes no core dumps: always 0 */

#define WNOHANG 1   /* do not sleep: 0 if no child has changed state yet */
#define WUNTRACED 2 /* also report children that have stopped */
#define WSTOPPED WUNTRACED

/* Wait for a child to change state (exit; or stop, with WUNTRACED):
 *   pid > 0   that child        pid == -1  any child
 *   pid == 0  any child in the caller's process group
 *   pid < -1  any child in process group -pid
 * Its pid, with *status filled in (if status is not NULL); 0 with
 * WNOHANG when none has changed yet; -1 with errno ECHILD (no such
 * child), EINTR (a handled signal arrived), EINVAL (bad options). */
pid_t waitpid(pid_t pid, int* status, int options);
/* waitpid(-1, status, 0). */
pid_t wait(int* status);

#ifdef __cplusplus
}
#endif

#endif
