// panic: a kernel invariant is broken. Prints the message, the hart, the
// trap registers and a backtrace, stops every hart, never returns.
// Only for kernel bugs: nothing a user program does may reach it.
// Declared here, for every layer; the code is in proc/panic.cpp, which
// can reach the harts it stops (docs/layers.md).
#pragma once

#include "lib/types.h"

[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Set once a panic started: other harts stop at their next trap, and
// printk stops taking its lock so the panic message always gets out.
extern volatile bool panicked;

// Stop this hart for good (interrupts off, wfi forever).
[[noreturn]] void halt_this_hart();

#define KASSERT(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__);            \
    } while (0)
