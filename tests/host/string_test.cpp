// kstr: the kernel's bounded C-string helpers.
#include <gtest/gtest.h>

#include "lib/string.h"

namespace {

TEST(KstrCompare, EqualAndOrdered) {
    EXPECT_EQ(kstr::compare("abc", "abc", 10), 0);
    EXPECT_LT(kstr::compare("abc", "abd", 10), 0);
    EXPECT_GT(kstr::compare("abd", "abc", 10), 0);
    EXPECT_LT(kstr::compare("ab", "abc", 10), 0); // a prefix sorts first
    EXPECT_GT(kstr::compare("abc", "ab", 10), 0);
    EXPECT_EQ(kstr::compare("", "", 10), 0);
}

TEST(KstrCompare, StopsAfterNCharacters) {
    EXPECT_EQ(kstr::compare("abcX", "abcY", 3), 0);
    EXPECT_NE(kstr::compare("abcX", "abcY", 4), 0);
    EXPECT_EQ(kstr::compare("x", "y", 0), 0);
}

TEST(KstrCompare, ComparesBytesAsUnsigned) {
    EXPECT_GT(kstr::compare("\xff", "a", 1), 0);
    EXPECT_LT(kstr::compare("a", "\x80", 1), 0);
}

TEST(KstrCopy, CopiesAndTerminates) {
    char dst[8];
    memset(dst, 'x', sizeof dst);
    EXPECT_EQ(kstr::copy(dst, "weft", sizeof dst), 4u);
    EXPECT_STREQ(dst, "weft");
    EXPECT_EQ(kstr::copy(dst, "", sizeof dst), 0u);
    EXPECT_STREQ(dst, "");
}

TEST(KstrCopy, TruncatesToCapacity) {
    char dst[5];
    memset(dst, 'x', sizeof dst);
    EXPECT_EQ(kstr::copy(dst, "truncated", sizeof dst), 4u);
    EXPECT_STREQ(dst, "trun");
    char exact[5];
    EXPECT_EQ(kstr::copy(exact, "four", sizeof exact), 4u);
    EXPECT_STREQ(exact, "four");
}

TEST(KstrCopy, CapacityOneAndZero) {
    char dst[2] = {'x', 'y'};
    EXPECT_EQ(kstr::copy(dst, "abc", 1), 0u);
    EXPECT_EQ(dst[0], '\0');
    EXPECT_EQ(dst[1], 'y');
    dst[0] = 'x';
    EXPECT_EQ(kstr::copy(dst, "abc", 0), 0u);
    EXPECT_EQ(dst[0], 'x'); // nothing written at all
}

TEST(KstrLength, StopsAtNulOrMax) {
    EXPECT_EQ(kstr::length("", 10), 0u);
    EXPECT_EQ(kstr::length("hello", 10), 5u);
    EXPECT_EQ(kstr::length("hello", 3), 3u);
    EXPECT_EQ(kstr::length("hello", 0), 0u);
    const char unterminated[4] = {'a', 'b', 'c', 'd'};
    EXPECT_EQ(kstr::length(unterminated, 4), 4u);
}

TEST(KstrStartsWith, Prefixes) {
    EXPECT_TRUE(kstr::starts_with("selftest=kalloc", "selftest="));
    EXPECT_TRUE(kstr::starts_with("abc", ""));
    EXPECT_TRUE(kstr::starts_with("abc", "abc"));
    EXPECT_FALSE(kstr::starts_with("ab", "abc"));
    EXPECT_FALSE(kstr::starts_with("xbc", "abc"));
    EXPECT_FALSE(kstr::starts_with("", "a"));
}

} // namespace
