/* sysconf: system limits asked at run time. Included by <unistd.h>. */
#ifndef _SYS_SYSCONF_H
#define _SYS_SYSCONF_H

#ifdef __cplusplus
extern "C" {
#endif

#define _SC_CLK_TCK 2
#define _SC_OPEN_MAX 4
#define _SC_PAGESIZE 30
#define _SC_PAGE_SIZE _SC_PAGESIZE
#define _SC_THREAD_KEYS_MAX 74
#define _SC_THREAD_STACK_MIN 75
#define _SC_THREAD_THREADS_MAX 76
#define _SC_NPROCESSORS_CONF 83
#define _SC_NPROCESSORS_ONLN 84
#define _SC_PHYS_PAGES 85
#define _SC_AVPHYS_PAGES 86

/* The value, or -1 with errno EINVAL for an unknown name. */
long sysconf(int name);

#ifdef __cplusplus
}
#endif

#endif
