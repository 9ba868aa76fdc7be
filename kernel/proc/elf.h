// The parts of the ELF64 format exec needs (System V ABI, gABI 4.1).
#pragma once

#include "lib/types.h"

namespace elf {

inline constexpr u32 MAGIC = 0x464c457f; // "\x7fELF", little-endian
inline constexpr u8 CLASS64 = 2;
inline constexpr u16 TYPE_EXEC = 2;
inline constexpr u16 MACHINE_RISCV = 243;

struct Header {
    u32 magic;
    u8 ident_class;
    u8 ident_rest[11];
    u16 type;
    u16 machine;
    u32 version;
    u64 entry;
    u64 phoff;
    u64 shoff;
    u32 flags;
    u16 ehsize;
    u16 phentsize;
    u16 phnum;
    u16 shentsize;
    u16 shnum;
    u16 shstrndx;

    bool is_riscv64_executable() const {
        return magic == MAGIC && ident_class == CLASS64 && type == TYPE_EXEC &&
               machine == MACHINE_RISCV && phentsize == sizeof(u64) * 7;
    }
};
static_assert(sizeof(Header) == 64);

inline constexpr u32 PT_LOAD = 1;
inline constexpr u32 PT_TLS = 7;
inline constexpr u32 PF_X = 1;
inline constexpr u32 PF_W = 2;
inline constexpr u32 PF_R = 4;

struct ProgramHeader {
    u32 type;
    u32 flags;
    u64 offset;
    u64 vaddr;
    u64 paddr;
    u64 filesz;
    u64 memsz;
    u64 align;
};
static_assert(sizeof(ProgramHeader) == 56);

} // namespace elf
