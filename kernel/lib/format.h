// printf-style formatting into any character sink, shared by printk and
// by snprintf-like helpers. Host-compilable, so it has unit tests.
//
// Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-', '0',
// a field width (number or '*'), a precision for %s, and the length
// modifiers l, ll, z. Unknown conversions print as written.
#pragma once

#include "lib/types.h"
#include <cstdarg>

// Where formatted characters go. put() is called once per character.
class FormatSink {
public:
    virtual void put(char c) = 0;

protected:
    ~FormatSink() = default;
};

// Format into sink; returns the number of characters produced.
usize vformat(FormatSink& sink, const char* fmt, va_list args);

// Format into buf (capacity cap, always NUL-terminated when cap > 0);
// returns the length the full output would have had.
usize format_to_buffer(char* buf, usize cap, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));
