# The first instructions of the kernel. QEMU starts every hart here,
# in machine mode, with a0 = hart id and a1 = the device tree's address.
# Each hart takes its own boot stack and calls start() (start.cpp).
#
# Boot stacks: boot_stacks[hart] is BOOT_STACK_GUARD + BOOT_STACK_SIZE
# bytes; the lowest page is a guard that the kernel page table leaves
# unmapped (kvm.cpp), so the stack starts at the top of the block.

.section .text.entry
.global _entry
_entry:
        # sp = boot_stacks + (hartid + 1) * BOOT_STACK_BLOCK
        la      sp, boot_stacks
        li      t0, 20480           # BOOT_STACK_BLOCK: 1 guard + 4 stack pages
        addi    t1, a0, 1
        mul     t0, t0, t1
        add     sp, sp, t0
        mv      s0, zero            # end of the frame-pointer chain
        call    start
spin:
        wfi
        j       spin
