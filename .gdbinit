# gdb-multiarch reads this file when started in the repository root.
# Start QEMU waiting for gdb in one terminal:   make qemu-gdb   (or DEBUG=1)
# then, in another terminal, in this directory: gdb-multiarch
# gdb refuses to run a .gdbinit it does not trust; allow this one with
#   echo "add-auto-load-safe-path $(pwd)/.gdbinit" >> ~/.gdbinit
# (see README.md, "Debugging with gdb").
set architecture riscv:rv64
# The kernel make qemu-gdb booted and the port QEMU waits on (one per
# user): make qemu-gdb writes them to build/qemu-gdb.gdb.
source build/qemu-gdb.gdb
