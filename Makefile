# Weft: build the kernel, the user programs, mkfs and the disk image.
#
#   make              everything (build/kernel/kernel.elf, build/fs.img)
#   make qemu         boot in QEMU, console on this terminal (CPUS=N, default 2)
#   make qemu-gdb     the same, waiting for gdb-multiarch (see .gdbinit);
#                     DEBUG=1 builds without optimisation, in build-debug/
#   make test         host unit tests + the pytest suite in QEMU
#                     (SEED=N replays a seed, TESTS= picks tests; docs/testing.md)
#   make stress       every suite many times, at 1, 2 and 4 harts, under
#                     many seeds; a table of failures (STRESS_K=5 rounds)
#   make bench        the benchmarks, printed as a table
#   make clean
#
# Missing tools (cross compiler, QEMU, pytest, gdb-multiarch, clangd) are
# installed by scripts/install-deps.sh, which every make run calls first
# (it checks the tools themselves and does nothing when all are there).
# Rule for this file: no variable may run a tool when make reads it (the
# tool may not be installed yet); use `=` and evaluate in recipes.

CROSS    ?= riscv64-linux-gnu-
CXX      := $(CROSS)g++
CC       := $(CROSS)gcc
OBJDUMP  := $(CROSS)objdump
HOSTCXX  ?= g++
QEMU     ?= qemu-system-riscv64
PYTEST   ?= /usr/bin/python3 -m pytest

# DEBUG=1: a build for gdb, in a directory of its own (the optimised
# build in build/, which the tests use, stays as it is). User programs
# are built without optimisation (-O0), so every local can be printed.
# The kernel gets -Og, GCC's level for debugging: at -O0 GCC would emit
# a static constructor (empty, registering a destructor that never
# runs) for the process table, and kernel.ld refuses any.
DEBUG    ?=
ifneq ($(filter-out 0,$(strip $(DEBUG))),)
BUILD    := build-debug
KERNEL_OPT := -Og
USER_OPT := -O0
else
BUILD    := build
KERNEL_OPT := -O2
USER_OPT := -O2
endif
.DEFAULT_GOAL := all
CPUS     ?= 2
MEM      ?= 128M
BOOTARGS ?=
ICOUNT   ?=
SEED     ?=
TESTS    ?= tests
STRESS_K ?= 5
TEST_JOBS ?= 2

# Install what is missing before anything needs it. Every rule that runs
# a tool has `| deps` (order-only: it never forces a rebuild).
deps:
	@scripts/install-deps.sh

# $(call once,NAME,COMMAND,PACKAGE): a variable whose value is COMMAND's
# output, computed at its first use (in a recipe, after `deps` has run),
# then kept. Empty output stops make with a message naming PACKAGE.
once = $(eval $(1) := $$(or $$(shell $(2)),$$(error cannot get $(1) from '$(2)': install the Debian package $(3) (scripts/install-deps.sh))))

all: $(BUILD)/kernel/kernel.elf $(BUILD)/fs.img $(BUILD)/mkfs/fsread compile_commands.json

# ---------------------------------------------------------------- kernel
# The kernel never uses floating point (rv64imac, soft-float ABI): user
# FP registers then only need saving at the user/kernel boundary
# (trampoline.S, which alone is assembled with F and D).
KERNEL_ARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
KERNEL_CXXFLAGS := -std=c++20 -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics \
	-fno-use-cxa-atexit -nostdlib -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables $(KERNEL_OPT) -g -Wall -Wextra -Werror -Wno-missing-field-initializers \
	$(KERNEL_ARCH) -Ikernel -Iabi -isystem kernel/arch/riscv/include-fix -MMD -MP
KERNEL_ASFLAGS := -march=rv64gc_zicsr_zifencei -mabi=lp64 -mcmodel=medany -g -Ikernel -MMD -MP

KERNEL_CPP := $(shell find kernel -name '*.cpp' | sort)
KERNEL_ASM := $(shell find kernel -name '*.S' | sort)
KERNEL_OBJ := $(KERNEL_CPP:%.cpp=$(BUILD)/%.o) $(KERNEL_ASM:%.S=$(BUILD)/%.o)

$(BUILD)/kernel/%.o: kernel/%.cpp | deps
	@mkdir -p $(dir $@)
	$(CXX) $(KERNEL_CXXFLAGS) -c $< -o $@

$(BUILD)/kernel/%.o: kernel/%.S | deps
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

$(BUILD)/kernel/kernel.elf: $(KERNEL_OBJ) kernel/kernel.ld
	$(CXX) $(KERNEL_CXXFLAGS) -static -no-pie -Wl,--build-id=none -Wl,-T,kernel/kernel.ld \
	  -o $@ $(KERNEL_OBJ)
	$(OBJDUMP) -S $@ > $(BUILD)/kernel/kernel.asm

# ---------------------------------------------------------------- user space
include user/user.mk

# ---------------------------------------------------------------- mkfs and the disk image
HOST_CXXFLAGS := -std=c++20 -O2 -g -Wall -Wextra -Werror -Ikernel -MMD -MP

$(BUILD)/mkfs/%: mkfs/%.cpp kernel/fs/layout.h | deps
	@mkdir -p $(dir $@)
	$(HOSTCXX) $(HOST_CXXFLAGS) -o $@ $<

$(BUILD)/fs.img: $(BUILD)/mkfs/mkfs $(USER_PROGRAMS) $(USER_FILES)
	$(BUILD)/mkfs/mkfs $@ $(USER_PROGRAMS) $(USER_FILES)

# ---------------------------------------------------------------- QEMU
QEMUOPTS = -machine virt -bios none -kernel $(BUILD)/kernel/kernel.elf -m $(MEM) -smp $(CPUS) \
	-nographic -global virtio-mmio.force-legacy=false \
	-drive file=$(BUILD)/fs.img,if=none,format=raw,id=disk0 \
	-device virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0
ifneq ($(strip $(BOOTARGS)),)
QEMUOPTS += -append "$(BOOTARGS)"
endif
# ICOUNT=1: guest time counts instructions, not host time (tests/weft.py
# ICOUNT_OPTIONS; docs/testing.md says what that makes reproducible).
ifneq ($(filter-out 0,$(strip $(ICOUNT))),)
QEMUOPTS += -icount shift=auto,sleep=off
endif

qemu: all | deps
	@echo "*** Weft in QEMU: $(CPUS) harts. Quit with Ctrl-A then x."
	$(QEMU) $(QEMUOPTS)

# One port per user (26000 + uid % 10000), so that two users of one
# machine do not collide. build/qemu-gdb.gdb tells gdb (through .gdbinit)
# which kernel this is and where QEMU waits for it.
GDBPORT ?= $(shell echo $$((26000 + $$(id -u) % 10000)))
qemu-gdb: all | deps
	@mkdir -p build
	@printf '%s\n' '# Written by make qemu-gdb; read by .gdbinit.' \
	  'file $(BUILD)/kernel/kernel.elf' 'target remote :$(GDBPORT)' > build/qemu-gdb.gdb
	@echo "*** QEMU waits for gdb: run 'gdb-multiarch' in this directory (it attaches to :$(GDBPORT))"
	$(QEMU) $(QEMUOPTS) -S -gdb tcp::$(GDBPORT)

# ---------------------------------------------------------------- tests
HOST_TESTS := $(sort $(wildcard tests/host/*.cpp))
HOST_LIB_SRC := kernel/lib/format.cpp kernel/lib/string.cpp kernel/lib/fdt.cpp kernel/lib/errno.cpp

$(BUILD)/host/unit_tests: $(HOST_TESTS) $(HOST_LIB_SRC) $(wildcard kernel/lib/*.h) | deps
	@mkdir -p $(dir $@)
	$(HOSTCXX) -std=c++20 -O1 -g -Wall -Wextra -Werror -Ikernel -Itests/host -o $@ \
	  $(HOST_TESTS) $(HOST_LIB_SRC) -lgtest -lgtest_main -pthread

$(BUILD)/host/virt.dtb: | deps
	@mkdir -p $(dir $@)
	$(QEMU) -machine virt,dumpdtb=$@ -smp 3 -m 256M -bios none -nographic >/dev/null 2>&1 || true
	@test -s $@

host-test: $(BUILD)/host/unit_tests $(BUILD)/host/virt.dtb
	WEFT_DTB=$(BUILD)/host/virt.dtb $(BUILD)/host/unit_tests --gtest_brief=1

# SEED=N: the jitter seed of every boot (else one at random, printed in
# the header); ICOUNT=1 as for make qemu. TEST_JOBS test modules run at
# once (pytest-xdist; a module's tests stay together on one boot);
# TEST_JOBS=0 runs them one after another.
test: all host-test | deps
	WEFT_BUILD=$(BUILD) WEFT_NO_BUILD=1 $(if $(strip $(ICOUNT)),WEFT_ICOUNT=$(ICOUNT)) \
	  $(PYTEST) -q -n $(TEST_JOBS) --dist loadfile $(TESTS) $(if $(strip $(SEED)),--seed $(SEED))

stress: all | deps
	WEFT_BUILD=$(BUILD) /usr/bin/python3 scripts/stress.py --rounds $(STRESS_K) \
	  $(if $(strip $(SEED)),--seed $(SEED))

bench: all | deps
	WEFT_BUILD=$(BUILD) /usr/bin/python3 scripts/bench.py

# ---------------------------------------------------------------- clangd
compile_commands.json: Makefile scripts/compile_commands.py $(KERNEL_CPP) | deps
	@/usr/bin/python3 scripts/compile_commands.py "$(CXX) $(KERNEL_CXXFLAGS)" \
	  "$(CC) -std=gnu17 $(USER_CFLAGS)" "$(CXX) $(USER_CXXONLY) $(USER_CFLAGS)" > $@

clean:
	rm -rf $(BUILD) compile_commands.json

.PHONY: all deps qemu qemu-gdb test host-test stress bench clean
.DELETE_ON_ERROR:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
