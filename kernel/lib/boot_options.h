// Kernel boot options: the command line QEMU passes with -append
// (make qemu BOOTARGS="..."), as space-separated key=value words.
//   selftest=kalloc,ticks,fault,jitter   run kernel self-tests instead of init
//   sched=rr|mlfq quantum=N preempt=on|off   the scheduler (scheduler.cpp)
//   jitter=SEED|off   vary each hart's timer interval reproducibly (timer.cpp)
//   overcommit=always|strict   always: no commit limit on user memory (mm/commit.h)
//
// Bad input never stops the boot: whoever reads an option checks its
// value and, if it is wrong, prints one line "boot: ..." naming the
// problem and the default used instead. report_unknown() does the same
// for keys nobody reads (its list of known keys is in boot_options.cpp).
#pragma once

#include "lib/result.h"
#include "lib/types.h"

namespace boot_options {
void init(const char* command_line);
const char* command_line();
// Does key's value, a comma-separated list, contain item?
bool has(const char* key, const char* item);
// The value of key up to the next space (not NUL-terminated there: parse
// it, do not print it), or null.
const char* value(const char* key);
// Is key present at all?
bool present(const char* key);

// Longest value or item copy() and item() hand out, with its NUL.
inline constexpr usize MAX_WORD = 32;
// key's value, NUL-terminated in buf (cut to fit); "" if key is absent.
void copy(const char* key, char (&buf)[MAX_WORD]);
// Item number index (0, 1, ...) of key's comma-separated value into buf;
// false when there is no such item.
bool item(const char* key, usize index, char (&buf)[MAX_WORD]);
// key's value as a decimal number: ENOENT if key is absent, EINVAL if
// the value is not all digits, ERANGE if it does not fit in 64 bits.
Result<u64> number(const char* key);

// Print "boot: unknown option 'KEY', ignored" for each key that is not
// one of the kernel's options.
void report_unknown();
} // namespace boot_options
