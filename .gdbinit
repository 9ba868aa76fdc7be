# gdb-multiarch reads this file when started in the repository root.
# Start QEMU waiting for gdb in one terminal:   make qemu-gdb
# then, in another terminal, in this directory: gdb-multiarch
# gdb refuses to run a .gdbinit it does not trust; allow this one with
#   echo "add-auto-load-safe-path $(pwd)/.gdbinit" >> ~/.gdbinit
# (see README.md, "Debugging with gdb").
set architecture riscv:rv64
file build/kernel/kernel.elf
# The port is the Makefile's GDBPORT.
target remote :26000
