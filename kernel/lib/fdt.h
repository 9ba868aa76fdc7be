// Reading the flattened device tree (FDT) QEMU hands the kernel at boot
// (a1 on entry): how much RAM there is, how many harts, and the kernel
// command line (-append). Only what the kernel needs, read-only.
// Format: the Devicetree Specification, chapter 5 (big-endian tokens).
// Host-compilable: unit tests parse a DTB dumped from QEMU itself.
#pragma once

#include "lib/types.h"

namespace fdt {

inline constexpr usize MAX_BOOTARGS = 256;

struct BootInfo {
    u64 memory_base = 0;
    u64 memory_size = 0;
    usize harts = 0;                  // cpu@N nodes under /cpus
    u64 timebase_frequency = 0;       // ticks per second of the time CSR
    char bootargs[MAX_BOOTARGS] = {}; // /chosen/bootargs, "" if none
};

// Parse the blob; false if it is not a valid FDT.
bool read_boot_info(const void* blob, BootInfo& info);

} // namespace fdt
