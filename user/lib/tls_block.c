/* A TLS block for a user-level thread (see tls_block.h). */
#include "tls_block.h"

#include <stdint.h>
#include <string.h>

extern char __tls_image[];
extern char __tls_image_end[];

/* __tls_size and __tls_align are absolute symbols (user.ld): their
 * "addresses" are the numbers. lla, so the compiler assumes nothing. */
static size_t tls_size(void) {
    size_t v;
    __asm__("lla %0, __tls_size" : "=r"(v));
    return v;
}
static size_t tls_align(void) {
    size_t v;
    __asm__("lla %0, __tls_align" : "=r"(v));
    return v;
}

size_t __tls_block_bytes(void) {
    return tls_size() + tls_align();
}

void* __tls_block_init(void* mem) {
    size_t align = tls_align();
    char* tls = (char*)(((uintptr_t)mem + align - 1) & ~(uintptr_t)(align - 1));
    size_t image = (size_t)(__tls_image_end - __tls_image);
    memcpy(tls, __tls_image, image);
    memset(tls + image, 0, tls_size() - image);
    return tls;
}
