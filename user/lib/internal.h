/* Private to the Weft C library: the raw system-call stubs generated
 * from abi/weft/syscalls.def (syscalls.S), and helpers shared
 * between the library's files. Programs include the public headers. */
#ifndef _WEFT_LIB_INTERNAL_H
#define _WEFT_LIB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* The raw stubs, __sys_<name>: >= 0, or -errno. */
#include <weft/syscalls.h>

/* A raw result as POSIX wants it: -errno becomes -1 with errno set. */
long __syscall_ret(long r);

/* stdio: write out every stream's buffer (exit calls it). */
void __stdio_flush_all(void);

/* The formatting engine behind the printf family. */
#include "format.h"

#endif
