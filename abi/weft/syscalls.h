/* The raw system-call entry points of user/lib/syscalls.S, one per line of
 * <weft/syscalls.def>, declared from the same list: __sys_<name> puts the
 * call's number in a7 and traps; each returns the kernel's raw result,
 * >= 0 or -errno (the POSIX wrappers turn that into -1 and errno).
 * For the C library (both roots) and the odd test that must bypass it;
 * a program calls read(), not __sys_read(). C only needs the names of
 * the structures a call points at, declared here. */
#ifndef WEFT_ABI_SYSCALLS_H
#define WEFT_ABI_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct k_sigaction;
struct rlimit;
struct sa_config;
struct timespec;
struct weft_procinfo;
struct weft_sysinfo;
struct weft_trace_event;

#define SYSCALL(number, name, params) long __sys_##name params;
#define SYSCALL_NORETURN(number, name, params) __attribute__((noreturn)) void __sys_##name params;
#include <weft/syscalls.def>
#undef SYSCALL

#ifdef __cplusplus
}
#endif

#endif
