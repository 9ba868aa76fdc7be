// xv6 compatibility root: the integer types xv6 user programs use.
// Include this first, as xv6 programs do.
#ifndef XV6_KERNEL_TYPES_H
#define XV6_KERNEL_TYPES_H

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;

typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef unsigned long uint64;

typedef uint64 pde_t;

#endif
