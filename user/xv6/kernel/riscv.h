// xv6 compatibility root: the page-size helpers xv6 user programs use.
#ifndef XV6_KERNEL_RISCV_H
#define XV6_KERNEL_RISCV_H

#define PGSIZE 4096 // bytes per page
#define PGSHIFT 12  // bits of offset within a page

#define PGROUNDUP(sz) (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

#endif
