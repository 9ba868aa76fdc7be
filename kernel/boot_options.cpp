#include "boot_options.h"
#include "lib/fdt.h"
#include "lib/string.h"

namespace {
constinit char line[fdt::MAX_BOOTARGS] = {};

// The value of key in the command line (up to the next space), or null.
const char* find_value(const char* key) {
    usize key_len = strlen(key);
    for (const char* p = line; *p;) {
        while (*p == ' ')
            p++;
        if (kstr::compare(p, key, key_len) == 0 && p[key_len] == '=') return p + key_len + 1;
        if (kstr::compare(p, key, key_len) == 0 && (p[key_len] == ' ' || p[key_len] == 0))
            return p + key_len;
        while (*p && *p != ' ')
            p++;
    }
    return nullptr;
}
} // namespace

namespace boot_options {

void init(const char* command_line) {
    kstr::copy(line, command_line, sizeof line);
}
const char* command_line() {
    return line;
}
bool present(const char* key) {
    return find_value(key) != nullptr;
}
const char* value(const char* key) {
    return find_value(key);
}

bool has(const char* key, const char* item) {
    const char* v = find_value(key);
    if (!v) return false;
    usize n = strlen(item);
    while (*v && *v != ' ') {
        if (kstr::compare(v, item, n) == 0 && (v[n] == ',' || v[n] == ' ' || v[n] == 0))
            return true;
        while (*v && *v != ',' && *v != ' ')
            v++;
        if (*v == ',') v++;
    }
    return false;
}

} // namespace boot_options
