/* Private to the C library: a thread-local-storage block for a thread
 * the library makes (pthread_create, uthread, sa), all made the same
 * way (docs/threads.md, "Thread-local storage"): a copy of the ELF TLS image (.tdata) followed by
 * zeroes
 * (.tbss), aligned to __tls_align; tp points at its start.
 *
 *   void* mem = malloc(__tls_block_bytes());
 *   void* tp  = __tls_block_init(mem);   // the value for tp
 *
 * Each user-level thread gets its own block, so errno and every other
 * __thread variable are per thread, and the library's recursive locks
 * (thread_hooks.h), which name their owner by tp, see different owners. */
#ifndef _WEFT_TLS_BLOCK_H
#define _WEFT_TLS_BLOCK_H

#include <stddef.h>

/* Bytes to allocate for one block, alignment slack included. */
size_t __tls_block_bytes(void);
/* Fill the block at mem (any alignment); the aligned address for tp. */
void* __tls_block_init(void* mem);

#endif
