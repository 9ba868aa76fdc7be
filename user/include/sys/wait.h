/* Waiting for children (<sys/wait.h>); Linux's status encoding:
 * exited with code c: (c & 0xff) << 8; killed by signal s: s. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WIFEXITED(s) (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s) ((s) & 0x7f)

#define WNOHANG 1

/* Wait for any child to end: its pid, status (if not NULL) filled in.
 * ECHILD when there is none. */
pid_t wait(int* status);
/* Wait for child pid (or any child if pid is -1). Weft's kernel only
 * waits for any child: statuses of other children that end meanwhile
 * are kept and handed out by later calls. options must be 0. */
pid_t waitpid(pid_t pid, int* status, int options);

#ifdef __cplusplus
}
#endif

#endif
