/* Unnamed POSIX semaphores (<semaphore.h>): a counter threads wait on,
 * a 32-bit word plus futex. Unlike pthread_*, these return 0 or -1 with
 * errno, as POSIX says. sem_wait and sem_timedwait are cancellation
 * points. */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    unsigned int value;   /* the count; waiters sleep on it while it is 0 */
    unsigned int waiters; /* threads asleep (or about to be): post wakes one */
} sem_t;

#define SEM_VALUE_MAX 0x7fffffff
#define SEM_FAILED ((sem_t*)0)

int sem_init(sem_t* s, int pshared, unsigned int value); /* EINVAL above SEM_VALUE_MAX */
int sem_destroy(sem_t* s);
int sem_wait(sem_t* s);
int sem_trywait(sem_t* s); /* EAGAIN when the count is 0 */
/* deadline: absolute CLOCK_REALTIME; ETIMEDOUT, EINVAL (bad tv_nsec). */
int sem_timedwait(sem_t* s, const struct timespec* deadline);
int sem_post(sem_t* s); /* EOVERFLOW at SEM_VALUE_MAX */
int sem_getvalue(sem_t* s, int* value);

#ifdef __cplusplus
}
#endif

#endif
