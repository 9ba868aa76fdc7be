// Kernel boot options: the command line QEMU passes with -append
// (make qemu BOOTARGS="..."), as space-separated key=value words.
//   selftest=kalloc,ticks,fault   run kernel self-tests instead of init
//   sched=rr|mlfq quantum=N preempt=off   the scheduler (scheduler.cpp)
//   overcommit=always   no commit limit on user memory (mm/commit.h)
#pragma once

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
} // namespace boot_options
