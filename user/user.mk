# User space: the Weft C library, the xv6 compatibility library and the
# programs, all under $(BUILD)/user/. Included by the top-level Makefile
# (which defines CC, CXX, BUILD, the `deps` target and `once`).
#
# Two include roots that never mix:
#   user/include   Weft's POSIX-style headers     (user/bin, user/tests, user/bench, user/demos)
#   user/xv6       xv6-riscv's user API, at xv6's paths (user/xv6/bin)
# Every program is one .c or .cpp file and becomes /bin/<its name> in
# the disk image, so names must be unique across the directories.

USER_ARCH := -march=rv64gc -mabi=lp64d -mcmodel=medany
# The compiler's own freestanding headers (stddef.h, stdint.h, stdarg.h,
# stdbool.h) only: -nostdinc keeps the host's glibc headers out. Asked
# of the compiler at first use, not when make reads this file: the
# compiler may not be installed yet then.
USER_GCC_INCLUDE = $(call once,USER_GCC_INCLUDE,$(CC) -print-file-name=include 2>/dev/null,g++-riscv64-linux-gnu)$(USER_GCC_INCLUDE)
# Warnings are errors, except an unused parameter: a student's first
# program with `int main(int argc, char** argv)` that ignores argv
# should build (with the warning shown), in both roots.
USER_COMMON = $(USER_ARCH) -ffreestanding -nostdlib -nostdinc -isystem $(USER_GCC_INCLUDE) \
	-static -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns -ftls-model=local-exec $(USER_OPT) -g -Wall -Wextra -Werror -MMD -MP -Iabi \
	-Wno-error=unused-parameter
USER_CXXONLY := -std=c++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics
USER_LDFLAGS := $(USER_ARCH) -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-T,user/user.ld

# For compile_commands.json (clangd). Both roots are listed so that xv6
# programs resolve too; real compiles use exactly one (user_root below).
USER_CFLAGS = $(USER_COMMON) -Iuser/include -Iuser/xv6

# The include root of an object, chosen by where it is built.
user_root = $(if $(filter $(BUILD)/user/xv6/%,$@),-Iuser/xv6,-Iuser/include)

$(BUILD)/user/%.o: user/%.c user/user.mk | deps
	@mkdir -p $(dir $@)
	$(CC) -std=gnu17 $(USER_COMMON) $(user_root) -c $< -o $@

$(BUILD)/user/%.o: user/%.cpp user/user.mk | deps
	@mkdir -p $(dir $@)
	$(CXX) $(USER_CXXONLY) $(USER_COMMON) $(user_root) -c $< -o $@

# Assembly: syscalls.S and the other stubs include abi/weft/syscalls.def.
$(BUILD)/user/%.o: user/%.S user/user.mk | deps
	@mkdir -p $(dir $@)
	$(CC) $(USER_ARCH) -g -Iabi -MMD -MP -c $< -o $@

# ---------------------------------------------------------------- libraries
# Start code shared by both libraries: _start, TLS setup, exit(main()).
USER_CRT := $(BUILD)/user/lib/crt0.o $(BUILD)/user/lib/start.o
USER_STUBS := $(BUILD)/user/lib/syscalls.o

USER_LIB_SRC := $(filter-out user/lib/start.c,$(wildcard user/lib/*.c))
# Assembly of the library proper (sigreturn.S); crt0.S and syscalls.S are above.
USER_LIB_ASM := $(filter-out user/lib/crt0.S user/lib/syscalls.S,$(wildcard user/lib/*.S))
USER_LIB := $(BUILD)/user/lib/libweft.a
$(USER_LIB): $(USER_LIB_SRC:%.c=$(BUILD)/%.o) $(USER_LIB_ASM:%.S=$(BUILD)/%.o) $(USER_STUBS)
	rm -f $@
	$(CROSS)ar rcs $@ $^

XV6_LIB_SRC := $(wildcard user/xv6/lib/*.c)
XV6_LIB := $(BUILD)/user/xv6/lib/libxv6.a
# The formatting engine is shared with Weft's library (user/lib/format.h).
$(XV6_LIB): $(XV6_LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/user/lib/format.o $(USER_STUBS)
	rm -f $@
	$(CROSS)ar rcs $@ $^

# ---------------------------------------------------------------- programs
user_progs = $(patsubst user/%,$(BUILD)/user/%,$(basename $(wildcard $(addprefix user/$(1)/*.,c cpp))))

USER_WEFT_PROGRAMS := $(foreach d,bin tests bench demos,$(call user_progs,$(d)))
USER_XV6_PROGRAMS := $(call user_progs,xv6/bin)
USER_PROGRAMS := $(USER_WEFT_PROGRAMS) $(USER_XV6_PROGRAMS)
USER_FILES :=

user_dup_names := $(shell echo $(notdir $(USER_PROGRAMS)) | tr ' ' '\n' | sort | uniq -d)
ifneq ($(user_dup_names),)
$(error user programs with the same name (each becomes /bin/<name>): $(user_dup_names))
endif

# Each program is linked with debug information into <name>.debug (for
# gdb: add-symbol-file) and copied without it into <name>, which goes
# into the disk image: debug sections would fill the small file system.
$(USER_WEFT_PROGRAMS:%=%.debug): %.debug: %.o $(USER_CRT) $(USER_LIB) user/user.ld
	$(CC) $(USER_LDFLAGS) -o $@ $(USER_CRT) $< $(USER_LIB) -lgcc

$(USER_XV6_PROGRAMS:%=%.debug): %.debug: %.o $(USER_CRT) $(XV6_LIB) user/user.ld
	$(CC) $(USER_LDFLAGS) -o $@ $(USER_CRT) $< $(XV6_LIB) -lgcc

$(USER_PROGRAMS): %: %.debug
	$(CROSS)objcopy --strip-debug $< $@

user: $(USER_PROGRAMS)
.PHONY: user
# Keep the objects of programs: make would otherwise delete them as
# intermediates and relink every time.
.SECONDARY: $(USER_PROGRAMS:%=%.o) $(USER_PROGRAMS:%=%.debug)
