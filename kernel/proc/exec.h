// exec: replace the calling process's program with an ELF file.
//
// All checks and allocation happen on a new address space first; only
// when the new image is complete does it replace the old one. So a
// failing exec (ENOENT, ENOEXEC, E2BIG, ENOMEM...) leaves the caller
// exactly as it was.
#pragma once

#include "lib/result.h"

// argv: kernel strings, null-terminated array. Returns argc, which the
// system call leaves in a0 for the new program.
Result<u64> exec_from_kernel(const char* path, const char* const* argv);
