// Power off the machine: QEMU exits with status 0 (or the given code).
#pragma once

#include "lib/types.h"

namespace power {
[[noreturn]] void off();
[[noreturn]] void fail(u16 exit_code); // QEMU exits with (exit_code << 1) | 1
} // namespace power
