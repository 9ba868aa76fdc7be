#include "lib/format.h"

namespace {

struct Spec {
    bool left = false;    // '-': pad on the right
    bool zero = false;    // '0': pad numbers with zeros
    usize width = 0;      // minimum field width
    isize precision = -1; // for %s: maximum characters
    int longs = 0;        // 'l' counts 1, 'z' 2: any at all means a 64-bit argument
};

class Counter {
public:
    explicit Counter(FormatSink& sink) : sink_(sink) {}
    void put(char c) {
        sink_.put(c);
        count_++;
    }
    void repeat(char c, usize n) {
        for (usize i = 0; i < n; i++)
            put(c);
    }
    usize count() const { return count_; }

private:
    FormatSink& sink_;
    usize count_ = 0;
};

void put_string(Counter& out, const char* s, const Spec& spec) {
    if (!s) s = "(null)";
    usize len = 0;
    while (s[len] && (spec.precision < 0 || len < static_cast<usize>(spec.precision)))
        len++;
    usize pad = spec.width > len ? spec.width - len : 0;
    if (!spec.left) out.repeat(' ', pad);
    for (usize i = 0; i < len; i++)
        out.put(s[i]);
    if (spec.left) out.repeat(' ', pad);
}

void put_number(Counter& out, u64 value, bool negative, unsigned base, bool upper, const Spec& spec,
                const char* prefix = "") {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    usize n = 0;
    do {
        buf[n++] = digits[value % base];
        value /= base;
    } while (value != 0);

    usize prefix_len = 0;
    while (prefix[prefix_len])
        prefix_len++;
    usize len = n + (negative ? 1 : 0) + prefix_len;
    usize pad = spec.width > len ? spec.width - len : 0;

    if (!spec.left && !spec.zero) out.repeat(' ', pad);
    if (negative) out.put('-');
    for (usize i = 0; i < prefix_len; i++)
        out.put(prefix[i]);
    if (!spec.left && spec.zero) out.repeat('0', pad);
    while (n > 0)
        out.put(buf[--n]);
    if (spec.left) out.repeat(' ', pad);
}

// What follows a '%' up to the conversion letter: flags, width,
// precision, length. Returns where the conversion letter is. (args by
// reference: '*' takes a width or precision from it.)
const char* parse_spec(const char* p, Spec& spec, va_list& args) {
    for (;; p++) {
        if (*p == '-')
            spec.left = true;
        else if (*p == '0')
            spec.zero = true;
        else
            break;
    }
    if (*p == '*') {
        int w = va_arg(args, int);
        if (w < 0) {
            spec.left = true;
            w = -w;
        }
        spec.width = static_cast<usize>(w);
        p++;
    } else {
        while (*p >= '0' && *p <= '9')
            spec.width = spec.width * 10 + static_cast<usize>(*p++ - '0');
    }
    if (*p == '.') {
        p++;
        spec.precision = 0;
        if (*p == '*') {
            spec.precision = va_arg(args, int);
            p++;
        } else {
            while (*p >= '0' && *p <= '9')
                spec.precision = spec.precision * 10 + (*p++ - '0');
        }
    }
    while (*p == 'l' || *p == 'z') {
        spec.longs += (*p == 'z') ? 2 : 1;
        p++;
    }
    return p;
}

// Print conversion c of its argument. false if c is no conversion we know.
bool put_conversion(Counter& out, char c, const Spec& spec, va_list& args) {
    auto next_signed = [&]() -> i64 {
        return spec.longs ? va_arg(args, i64) : static_cast<i64>(va_arg(args, int));
    };
    auto next_unsigned = [&]() -> u64 {
        return spec.longs ? va_arg(args, u64) : static_cast<u64>(va_arg(args, unsigned));
    };
    switch (c) {
    case 'd':
    case 'i': {
        i64 v = next_signed();
        u64 magnitude = v < 0 ? 0 - static_cast<u64>(v) : static_cast<u64>(v);
        put_number(out, magnitude, v < 0, 10, false, spec);
        return true;
    }
    case 'u':
        put_number(out, next_unsigned(), false, 10, false, spec);
        return true;
    case 'x':
    case 'X':
        put_number(out, next_unsigned(), false, 16, c == 'X', spec);
        return true;
    case 'o':
        put_number(out, next_unsigned(), false, 8, false, spec);
        return true;
    case 'p':
        put_number(out, reinterpret_cast<uptr>(va_arg(args, void*)), false, 16, false, spec, "0x");
        return true;
    case 'c': {
        char str[2] = {static_cast<char>(va_arg(args, int)), 0};
        Spec whole = spec;
        whole.precision = -1;
        put_string(out, str, whole);
        return true;
    }
    case 's':
        put_string(out, va_arg(args, const char*), spec);
        return true;
    case '%':
        out.put('%');
        return true;
    default:
        return false;
    }
}

} // namespace

usize vformat(FormatSink& sink, const char* fmt, va_list args) {
    Counter out(sink);
    va_list ap; // a copy the helpers can take by reference on every ABI
    va_copy(ap, args);
    for (const char* p = fmt; *p; p++) {
        if (*p != '%') {
            out.put(*p);
            continue;
        }
        const char* start = p;
        Spec spec;
        p = parse_spec(p + 1, spec, ap);
        if (*p == '\0') { // a lone '%' at the end: print it and stop
            out.put('%');
            break;
        }
        if (!put_conversion(out, *p, spec, ap)) // unknown: print it as written
            for (const char* q = start; q <= p; q++)
                out.put(*q);
    }
    va_end(ap);
    return out.count();
}

namespace {
class BufferSink final : public FormatSink {
public:
    BufferSink(char* buf, usize cap) : buf_(buf), cap_(cap) {}
    void put(char c) override {
        if (len_ + 1 < cap_) buf_[len_] = c;
        len_++;
    }
    void finish() {
        if (cap_ > 0) buf_[len_ < cap_ ? len_ : cap_ - 1] = 0;
    }

private:
    char* buf_;
    usize cap_;
    usize len_ = 0;
};
} // namespace

usize format_to_buffer(char* buf, usize cap, const char* fmt, ...) {
    BufferSink sink(buf, cap);
    va_list args;
    va_start(args, fmt);
    usize n = vformat(sink, fmt, args);
    va_end(args);
    sink.finish();
    return n;
}
