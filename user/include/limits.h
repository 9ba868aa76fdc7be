/* Sizes of integer types and system limits (<limits.h>). */
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN 0 /* char is unsigned on RISC-V */
#define CHAR_MAX 255
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-2147483647 - 1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MIN (-9223372036854775807L - 1)
#define LONG_MAX 9223372036854775807L
#define ULONG_MAX 18446744073709551615UL
#define LLONG_MIN (-9223372036854775807LL - 1)
#define LLONG_MAX 9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL
#define SSIZE_MAX LONG_MAX

/* Weft's kernel limits (kernel/param.h). */
#define PATH_MAX 128  /* MAXPATH */
#define ARG_MAX 4096  /* MAXARGLEN: total bytes of exec arguments */
#define OPEN_MAX 64   /* NOFILE: open files per process */
#define NAME_MAX 14   /* a directory entry's name */
#define PAGE_SIZE 4096

#endif
