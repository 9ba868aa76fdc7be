/* Empty on purpose. The kernel is built for the soft-float ABI (lp64)
 * so it never touches floating-point registers, but Debian's cross
 * toolchain ships glibc headers only for lp64d, and libstdc++'s
 * freestanding headers (<cstdint>, <atomic>, ...) still include glibc's
 * <features.h>, which wants this file. It only lists unimplemented libc
 * functions, none of which the kernel uses. */
