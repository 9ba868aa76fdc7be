#!/bin/sh
# Install the Debian packages Weft needs, only those that are missing.
# Idempotent: running it again when everything is present does nothing.
#   g++-riscv64-linux-gnu  cross compiler for the kernel and user programs
#   qemu-system-misc       qemu-system-riscv64 (the "virt" machine)
#   python3-pytest         the test harness
#   python3-matplotlib     trace timelines (scripts/trace2png.py)
#   gdb-multiarch          make qemu-gdb
#   libgtest-dev           host unit tests of kernel/lib and mkfs
set -e

wanted="g++-riscv64-linux-gnu qemu-system-misc python3-pytest python3-matplotlib gdb-multiarch libgtest-dev g++ make"
missing=""
for pkg in $wanted; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "install-deps: done"
