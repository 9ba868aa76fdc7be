// The C memory and string functions the compiler may call on its own.
#include "lib/string.h"

// Written byte by byte on purpose: clear, and the compiler would turn a
// cleverer loop back into a call to the function being defined.
extern "C" {

void* memset(void* dst, int c, usize n) {
    auto* d = static_cast<volatile u8*>(dst);
    for (usize i = 0; i < n; i++)
        d[i] = static_cast<u8>(c);
    return dst;
}

void* memmove(void* dst, const void* src, usize n) {
    auto* d = static_cast<volatile u8*>(dst);
    const auto* s = static_cast<const u8*>(src);
    if (d < s) {
        for (usize i = 0; i < n; i++)
            d[i] = s[i];
    } else {
        for (usize i = n; i > 0; i--)
            d[i - 1] = s[i - 1];
    }
    return dst;
}

void* memcpy(void* dst, const void* src, usize n) {
    return memmove(dst, src, n);
}

int memcmp(const void* a, const void* b, usize n) {
    const auto* x = static_cast<const u8*>(a);
    const auto* y = static_cast<const u8*>(b);
    for (usize i = 0; i < n; i++) {
        if (x[i] != y[i]) return x[i] - y[i];
    }
    return 0;
}

usize strlen(const char* s) {
    usize n = 0;
    while (s[n])
        n++;
    return n;
}
}
