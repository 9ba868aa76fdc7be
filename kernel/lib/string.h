// Byte and C-string helpers. memset/memcpy/memmove/memcmp have C linkage
// because the compiler itself emits calls to them.
#pragma once

#include "lib/types.h"

extern "C" {
void* memset(void* dst, int c, usize n);
void* memcpy(void* dst, const void* src, usize n);
void* memmove(void* dst, const void* src, usize n);
int memcmp(const void* a, const void* b, usize n);
usize strlen(const char* s);
}

namespace kstr {
// Compare at most n characters, like strncmp.
int compare(const char* a, const char* b, usize n);
// Copy src into dst of capacity cap, always NUL-terminating; returns the
// length copied.
usize copy(char* dst, const char* src, usize cap);
// Length of s, stopping at max.
usize length(const char* s, usize max);
// Does s start with prefix?
bool starts_with(const char* s, const char* prefix);
} // namespace kstr
