#!/bin/sh
# Install the Debian packages Weft needs, only those that are missing.
#
#   scripts/install-deps.sh           install what is missing
#   scripts/install-deps.sh --check   only say what is missing (exit 1 if any)
#
# Each need is checked by looking at the thing itself (the command, the
# Python module, the header), never by a stamp file or the package
# database alone, so a tool removed since the last run is noticed.
# Idempotent: when everything is present it prints nothing and does
# nothing. The Makefile runs it before every build.
set -e

# need PACKAGE TEST...   PACKAGE is wanted unless the test command succeeds.
missing=""
need() {
    pkg="$1"
    shift
    if ! "$@" >/dev/null 2>&1; then
        case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
    fi
}
# Found without importing it (importing matplotlib takes half a second).
py() { /usr/bin/python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$1') is None)"; }

need make                   command -v make
need g++                    command -v g++
need g++-riscv64-linux-gnu  command -v riscv64-linux-gnu-g++
need g++-riscv64-linux-gnu  command -v riscv64-linux-gnu-gcc
need binutils-riscv64-linux-gnu command -v riscv64-linux-gnu-objcopy
need qemu-system-misc       command -v qemu-system-riscv64
need gdb-multiarch          command -v gdb-multiarch
need clangd                 command -v clangd
need libgtest-dev           test -f /usr/include/gtest/gtest.h
need python3                test -x /usr/bin/python3
need python3-pytest         py pytest
need python3-pytest-xdist   py xdist
need python3-matplotlib     py matplotlib
need util-linux             command -v setpriv

if [ -z "$missing" ]; then
    exit 0
fi
if [ "${1:-}" = "--check" ]; then
    echo "install-deps: missing:$missing"
    exit 1
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086  # one word per package
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "install-deps: done"
