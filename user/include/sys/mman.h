/* Memory mappings (<sys/mman.h>): anonymous memory only (docs/abi.md,
 * "Memory mapping"; docs/memory.md tells how the kernel does it).
 *
 *   void* p = mmap(NULL, len, PROT_READ | PROT_WRITE,
 *                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
 *   if (p == MAP_FAILED) ...errno...
 *
 * Pages appear, zeroed, on first touch. MAP_PRIVATE memory is
 * copy-on-write across fork; MAP_SHARED memory stays shared with the
 * children forked after the mmap. munmap and mprotect take any
 * page-aligned range, even across or inside regions. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2 /* implies PROT_READ */
#define PROT_EXEC 0x4

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10     /* exactly at addr, replacing what was mapped there */
#define MAP_ANONYMOUS 0x20 /* required: there are no file mappings (ENODEV) */
#define MAP_ANON MAP_ANONYMOUS
#define MAP_NORESERVE 0x4000 /* accepted, ignored */
#define MAP_STACK 0x20000    /* accepted, ignored */

#define MAP_FAILED ((void*)-1)

/* The mapping's address, or MAP_FAILED with errno: EINVAL (len 0,
 * unaligned MAP_FIXED addr, unknown flags, not exactly one of
 * MAP_SHARED/MAP_PRIVATE), ENODEV (a file mapping), ENOMEM (no room,
 * no memory, too many regions). */
void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset);
/* 0, or -1 with errno EINVAL (unaligned addr, len 0, the program image,
 * heap or main stack). Unmapping nothing is not an error. */
int munmap(void* addr, size_t len);
/* 0, or -1 with errno: EINVAL (unaligned addr, bad prot), ENOMEM (part
 * of the range is not mapped). */
int mprotect(void* addr, size_t len, int prot);

#ifdef __cplusplus
}
#endif

#endif
