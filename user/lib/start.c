/* The C runtime's first C code, called by crt0.S. Shared by the Weft
 * library and the xv6 compatibility library (each provides exit).
 *
 * 1. Thread-local storage for the main thread. RISC-V uses TLS variant
 *    I: tp points at the start of the thread's TLS block, and the linker
 *    resolved every __thread variable to an offset from tp. The block is
 *    a copy of the .tdata image followed by zeroed .tbss; user.ld
 *    reserves the main thread's block (__main_tls) in .bss, so this
 *    needs no allocation. Until tp is set no __thread variable (errno!)
 *    may be touched.
 * 2. Static constructors (.init_array), for C++ programs that have them.
 * 3. exit(main(argc, argv)).
 */

extern char __tls_image[];
extern char __tls_image_end[];
extern char __main_tls[];
extern void (*__init_array_start[])(int, char**);
extern void (*__init_array_end[])(int, char**);

extern int main(int argc, char** argv);
extern void exit(int status) __attribute__((noreturn));

void __weft_start(int argc, char** argv) __attribute__((noreturn));

void __weft_start(int argc, char** argv) {
    /* .tbss is already zero: it lies in .bss, which the kernel zeroes.
       A volatile byte copy, so the compiler emits no memcpy call. (Two
       pointers, not a size symbol: the compiler may assume the address
       of an array is never 0, and would then copy at least one byte.) */
    volatile char* dst = __main_tls;
    for (const char* src = __tls_image; src < __tls_image_end; src++)
        *dst++ = *src;
    __asm__ volatile("mv tp, %0" ::"r"(__main_tls) : "memory");

    for (void (**f)(int, char**) = __init_array_start; f < __init_array_end; f++)
        (*f)(argc, argv);

    exit(main(argc, argv));
}
