// Bounded C-string helpers (host-testable: no C-linkage names here).
#include "lib/string.h"

namespace kstr {

int compare(const char* a, const char* b, usize n) {
    for (usize i = 0; i < n; i++) {
        auto x = static_cast<u8>(a[i]), y = static_cast<u8>(b[i]);
        if (x != y) return x - y;
        if (x == 0) return 0;
    }
    return 0;
}

usize copy(char* dst, const char* src, usize cap) {
    if (cap == 0) return 0;
    usize i = 0;
    for (; i + 1 < cap && src[i]; i++)
        dst[i] = src[i];
    dst[i] = 0;
    return i;
}

usize length(const char* s, usize max) {
    usize n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

bool starts_with(const char* s, const char* prefix) {
    for (; *prefix; s++, prefix++) {
        if (*s != *prefix) return false;
    }
    return true;
}

} // namespace kstr
