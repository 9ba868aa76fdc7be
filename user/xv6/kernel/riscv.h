// xv6 compatibility root: the page-size helpers xv6 user programs use.
#ifndef XV6_KERNEL_RISCV_H
#define XV6_KERNEL_RISCV_H

#define PGSIZE 4096 // one page, in bytes
#define PGSHIFT 12  // log2(PGSIZE): the low bits of an address within its page

#define PGROUNDUP(sz) (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

// One bit below Sv39's 39: xv6 keeps user addresses in the lower half.
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

#endif
