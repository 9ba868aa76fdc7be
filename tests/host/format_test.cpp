// vformat / format_to_buffer: the printf subset printk uses.
#include <gtest/gtest.h>

#include "lib/format.h"

#include <climits>
#include <cstdint>
#include <string>

namespace {

class StringSink final : public FormatSink {
public:
    void put(char c) override { text += c; }
    std::string text;
};

// No format attribute on purpose: these tests also feed vformat
// conversions the compiler would reject (unknown ones, a trailing '%').
std::string fmt(const char* f, ...) {
    StringSink sink;
    va_list args;
    va_start(args, f);
    usize n = vformat(sink, f, args);
    va_end(args);
    EXPECT_EQ(n, sink.text.size()) << "vformat's count for \"" << f << "\"";
    return sink.text;
}

TEST(Format, PlainTextAndPercent) {
    EXPECT_EQ(fmt(""), "");
    EXPECT_EQ(fmt("hello"), "hello");
    EXPECT_EQ(fmt("100%%"), "100%");
    EXPECT_EQ(fmt("%%d"), "%d");
}

TEST(Format, SignedDecimal) {
    EXPECT_EQ(fmt("%d", 0), "0");
    EXPECT_EQ(fmt("%d", 42), "42");
    EXPECT_EQ(fmt("%i", -42), "-42");
    EXPECT_EQ(fmt("%d", INT_MAX), "2147483647");
    EXPECT_EQ(fmt("%d", INT_MIN), "-2147483648");
}

TEST(Format, UnsignedHexOctal) {
    EXPECT_EQ(fmt("%u", 0u), "0");
    EXPECT_EQ(fmt("%u", UINT_MAX), "4294967295");
    EXPECT_EQ(fmt("%x", 0xbeefu), "beef");
    EXPECT_EQ(fmt("%X", 0xbeefu), "BEEF");
    EXPECT_EQ(fmt("%x", 0u), "0");
    EXPECT_EQ(fmt("%o", 8u), "10");
    EXPECT_EQ(fmt("%o", 0755u), "755");
}

TEST(Format, CharactersAndStrings) {
    EXPECT_EQ(fmt("%c", 'A'), "A");
    EXPECT_EQ(fmt("[%c%c]", 'o', 'k'), "[ok]");
    EXPECT_EQ(fmt("%s", "weft"), "weft");
    EXPECT_EQ(fmt("%s", ""), "");
    EXPECT_EQ(fmt("%s", static_cast<const char*>(nullptr)), "(null)");
    EXPECT_EQ(fmt("%s=%d", "x", 3), "x=3");
}

TEST(Format, Pointers) {
    EXPECT_EQ(fmt("%p", reinterpret_cast<void*>(0x80001000ul)), "0x80001000");
    EXPECT_EQ(fmt("%p", static_cast<void*>(nullptr)), "0x0");
    EXPECT_EQ(fmt("%18p", reinterpret_cast<void*>(0x1234ul)), "            0x1234");
    EXPECT_EQ(fmt("%018p", reinterpret_cast<void*>(0x1234ul)), "0x0000000000001234");
}

TEST(Format, WidthPadsOnTheLeft) {
    EXPECT_EQ(fmt("%5d", 42), "   42");
    EXPECT_EQ(fmt("%5d", -42), "  -42");
    EXPECT_EQ(fmt("%2d", 12345), "12345"); // never truncates numbers
    EXPECT_EQ(fmt("%6s", "abc"), "   abc");
    EXPECT_EQ(fmt("%3c", 'x'), "  x");
    EXPECT_EQ(fmt("%4x", 0xffu), "  ff");
}

TEST(Format, MinusPadsOnTheRight) {
    EXPECT_EQ(fmt("%-5d|", 42), "42   |");
    EXPECT_EQ(fmt("%-5d|", -42), "-42  |");
    EXPECT_EQ(fmt("%-6s|", "abc"), "abc   |");
    EXPECT_EQ(fmt("%-3c|", 'x'), "x  |");
    EXPECT_EQ(fmt("%-05d|", 42), "42   |"); // '-' wins over '0'
}

TEST(Format, ZeroPadsNumbersAfterTheSign) {
    EXPECT_EQ(fmt("%05d", 42), "00042");
    EXPECT_EQ(fmt("%05d", -42), "-0042");
    EXPECT_EQ(fmt("%08x", 0xbeefu), "0000beef");
    EXPECT_EQ(fmt("%03u", 7u), "007");
}

TEST(Format, StarWidth) {
    EXPECT_EQ(fmt("%*d", 4, 7), "   7");
    EXPECT_EQ(fmt("%*d|", -4, 7), "7   |"); // a negative width means '-'
    EXPECT_EQ(fmt("%*s", 3, "a"), "  a");
}

TEST(Format, PrecisionLimitsStrings) {
    EXPECT_EQ(fmt("%.3s", "abcdef"), "abc");
    EXPECT_EQ(fmt("%.10s", "abc"), "abc");
    EXPECT_EQ(fmt("%.0s|", "abc"), "|");
    EXPECT_EQ(fmt("%5.2s|", "abc"), "   ab|");
    EXPECT_EQ(fmt("%-5.2s|", "abc"), "ab   |");
    EXPECT_EQ(fmt("%.*s", 2, "abc"), "ab");
    // Precision lets %s print a buffer that is not NUL-terminated.
    const char unterminated[3] = {'x', 'y', 'z'};
    EXPECT_EQ(fmt("%.3s", unterminated), "xyz");
}

TEST(Format, LengthModifiers) {
    EXPECT_EQ(fmt("%ld", -1234567890123l), "-1234567890123");
    EXPECT_EQ(fmt("%ld", LONG_MIN), "-9223372036854775808");
    EXPECT_EQ(fmt("%lu", ULONG_MAX), "18446744073709551615");
    EXPECT_EQ(fmt("%lx", 0xdeadbeefcafeul), "deadbeefcafe");
    EXPECT_EQ(fmt("%lld", LLONG_MAX), "9223372036854775807");
    EXPECT_EQ(fmt("%llx", 0xffffffffffffffffull), "ffffffffffffffff");
    EXPECT_EQ(fmt("%zu", SIZE_MAX), "18446744073709551615");
    EXPECT_EQ(fmt("%zx", static_cast<size_t>(4096)), "1000");
    EXPECT_EQ(fmt("%016lx", 0x80000000ul), "0000000080000000");
    // Without l, only the low 32 bits of the argument count.
    EXPECT_EQ(fmt("%x %d", 0xffffffffu, -1), "ffffffff -1");
}

TEST(Format, UnknownConversionsPrintAsWritten) {
    EXPECT_EQ(fmt("%q"), "%q");
    EXPECT_EQ(fmt("a%5qb"), "a%5qb");
    EXPECT_EQ(fmt("%y%d", 3), "%y3"); // consumes no argument
}

TEST(Format, TrailingPercentPrintsItself) {
    EXPECT_EQ(fmt("50%"), "50%");
}

TEST(Format, MixedConversions) {
    EXPECT_EQ(fmt("hart %lu: %d ticks (%s)", 3ul, 57, "ok"), "hart 3: 57 ticks (ok)");
    EXPECT_EQ(fmt("[%-4s|%4s|%04d]", "ab", "cd", 7), "[ab  |  cd|0007]");
}

TEST(FormatToBuffer, FitsAndTerminates) {
    char buf[32];
    memset(buf, 'x', sizeof buf);
    EXPECT_EQ(format_to_buffer(buf, sizeof buf, "pid %d", 12), 6u);
    EXPECT_STREQ(buf, "pid 12");
}

TEST(FormatToBuffer, TruncatesButReportsTheFullLength) {
    char buf[6];
    memset(buf, 'x', sizeof buf);
    EXPECT_EQ(format_to_buffer(buf, sizeof buf, "hello, %s", "world"), 12u);
    EXPECT_STREQ(buf, "hello");

    char exact[6];
    EXPECT_EQ(format_to_buffer(exact, sizeof exact, "%s", "12345"), 5u);
    EXPECT_STREQ(exact, "12345");
    EXPECT_EQ(format_to_buffer(exact, sizeof exact, "%s", "123456"), 6u);
    EXPECT_STREQ(exact, "12345");
}

TEST(FormatToBuffer, CapacityOneHoldsOnlyTheTerminator) {
    char buf[2] = {'x', 'y'};
    EXPECT_EQ(format_to_buffer(buf, 1, "%d", 123), 3u);
    EXPECT_EQ(buf[0], '\0');
    EXPECT_EQ(buf[1], 'y'); // nothing written past the capacity
}

TEST(FormatToBuffer, CapacityZeroWritesNothing) {
    char buf[1] = {'x'};
    EXPECT_EQ(format_to_buffer(buf, 0, "%s", "abc"), 3u);
    EXPECT_EQ(buf[0], 'x');
}

} // namespace
