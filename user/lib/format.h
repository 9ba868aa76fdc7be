/* The one formatting engine of user space (format.c): behind Weft's
 * printf family (stdio.c) and the xv6 root's printf (user/xv6/lib). It
 * calls out(c, arg) per character and returns how many it produced.
 * Conversions: see <stdio.h>. */
#ifndef _WEFT_LIB_FORMAT_H
#define _WEFT_LIB_FORMAT_H

/* How %p prints: "0x" and the digits the value needs (glibc's way), or
 * "0x" and all 16 digits (xv6's way: programs written for xv6 print
 * page-table entries with it and expect the fixed width). */
enum __pointer_style { __POINTERS_SHORT, __POINTERS_FULL };

int __vformat_styled(void (*out)(char c, void* arg), void* arg, const char* fmt,
                     __builtin_va_list ap, enum __pointer_style pointers);
/* __vformat_styled with __POINTERS_SHORT. */
int __vformat(void (*out)(char c, void* arg), void* arg, const char* fmt, __builtin_va_list ap);

#endif
