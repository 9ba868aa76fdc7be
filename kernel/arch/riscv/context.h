// Context: the registers swtch() saves when one kernel thread of control
// gives the CPU to another. Only callee-saved registers are needed: the
// caller of swtch has already saved the rest, as for any function call.
#pragma once

#include "lib/types.h"
#include <cstddef>

struct Context {
    u64 ra; // where swtch "returns" to in the thread switched to
    u64 sp;
    u64 s[12]; // s0..s11
};

// Save the current registers in *from, load *to, and continue there.
// Defined in swtch.S.
extern "C" void swtch(Context* from, Context* to);

static_assert(offsetof(Context, ra) == 0);
static_assert(offsetof(Context, sp) == 8);
static_assert(offsetof(Context, s) == 16);
