#include "lib/boot_options.h"
#include "lib/fdt.h"
#include "lib/printk.h"
#include "lib/string.h"

namespace {
constinit char line[fdt::MAX_BOOTARGS] = {};

// Every key some part of the kernel reads. A new option goes here too,
// or the boot reports it as unknown.
constexpr const char* KNOWN_KEYS[] = {"selftest", "sched", "quantum", "preempt", "jitter",
                                      "overcommit"};

// Length of the word at p (up to the next space or the end).
usize word_length(const char* p) {
    usize n = 0;
    while (p[n] && p[n] != ' ')
        n++;
    return n;
}

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

// Copy n characters of src into buf as a string, cut to fit.
void copy_word(char (&buf)[boot_options::MAX_WORD], const char* src, usize n) {
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, src, n);
    buf[n] = 0;
}

bool is_known(const char* key, usize len) {
    for (const char* known : KNOWN_KEYS)
        if (strlen(known) == len && kstr::compare(known, key, len) == 0) return true;
    return false;
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

void copy(const char* key, char (&buf)[MAX_WORD]) {
    const char* v = find_value(key);
    copy_word(buf, v ? v : "", v ? word_length(v) : 0);
}

bool item(const char* key, usize index, char (&buf)[MAX_WORD]) {
    const char* v = find_value(key);
    if (!v) return false;
    for (usize i = 0;; i++) {
        usize n = 0;
        while (v[n] && v[n] != ',' && v[n] != ' ')
            n++;
        if (i == index) {
            copy_word(buf, v, n);
            return true;
        }
        if (v[n] != ',') return false;
        v += n + 1;
    }
}

Result<u64> number(const char* key) {
    const char* v = find_value(key);
    if (!v) return Errno::ENOENT;
    usize n = word_length(v);
    if (n == 0) return Errno::EINVAL;
    u64 result = 0;
    for (usize i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') return Errno::EINVAL;
        u64 digit = static_cast<u64>(v[i] - '0');
        if (result > (~0ull - digit) / 10) return Errno::ERANGE;
        result = result * 10 + digit;
    }
    return result;
}

void report_unknown() {
    for (const char* p = line; *p;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        usize n = word_length(p);
        usize key_len = 0;
        while (key_len < n && p[key_len] != '=')
            key_len++;
        if (!is_known(p, key_len))
            printk("boot: unknown option '%.*s', ignored\n", int(key_len), p);
        p += n;
    }
}

} // namespace boot_options
