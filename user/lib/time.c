/* Clocks and sleeping (<time.h>), and the deadline arithmetic behind
 * every timed wait of the threads library. */
#include <time.h>

#include "internal.h"
#include "pthread_internal.h"

#define NANOS_PER_SECOND 1000000000L

int clock_gettime(clockid_t clock, struct timespec* ts) {
    return (int)__syscall_ret(__sys_clock_gettime(clock, ts));
}

int nanosleep(const struct timespec* req, struct timespec* rem) {
    __cancel_point();
    return (int)__syscall_ret(__cancel_point_result(__sys_nanosleep(req, rem)));
}

time_t time(time_t* t) {
    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) < 0) return (time_t)-1;
    if (t) *t = now.tv_sec;
    return now.tv_sec;
}

long __deadline_to_relative(clockid_t clock, const struct timespec* deadline,
                            struct timespec* rel) {
    if (deadline->tv_nsec < 0 || deadline->tv_nsec >= NANOS_PER_SECOND) return -EINVAL;
    struct timespec now;
    long r = __sys_clock_gettime(clock, &now);
    if (r < 0) return r;
    rel->tv_sec = deadline->tv_sec - now.tv_sec;
    rel->tv_nsec = deadline->tv_nsec - now.tv_nsec;
    if (rel->tv_nsec < 0) {
        rel->tv_nsec += NANOS_PER_SECOND;
        rel->tv_sec--;
    }
    if (rel->tv_sec < 0 || (rel->tv_sec == 0 && rel->tv_nsec == 0)) return -ETIMEDOUT;
    return 0;
}
