// Result<T> and TRY: errors are values; TRY unwraps or returns the error.
#include <gtest/gtest.h>

#include <memory>

#include "host_errno.h"
#include "lib/result.h"

namespace {

Result<int> parse_digit(char c) {
    if (c < '0' || c > '9') return Errno::EINVAL;
    return c - '0';
}

// Two digits through TRY: the first failure is returned unchanged.
Result<int> parse_two(const char* s) {
    int tens = TRY(parse_digit(s[0]));
    int ones = TRY(parse_digit(s[1]));
    return tens * 10 + ones;
}

Result<void> check_positive(int v) {
    if (v <= 0) return Errno::ERANGE;
    return ok();
}

Result<int> positive_twice(int v) {
    TRY(check_positive(v));
    return v * 2;
}

int steps_taken = 0;
Result<void> step(Errno fail_with) {
    steps_taken++;
    if (fail_with != Errno{}) return fail_with;
    return ok();
}
Result<void> three_steps(int failing_step) {
    steps_taken = 0;
    TRY(step(failing_step == 1 ? Errno::EIO : Errno{}));
    TRY(step(failing_step == 2 ? Errno::ENOSPC : Errno{}));
    TRY(step(failing_step == 3 ? Errno::EFAULT : Errno{}));
    return ok();
}

TEST(Result, HoldsAValue) {
    Result<int> r = parse_digit('7');
    ASSERT_FALSE(r.is_error());
    EXPECT_EQ(r.value(), 7);
    r.value() = 8;
    EXPECT_EQ(r.release_value(), 8);
}

TEST(Result, HoldsAnError) {
    Result<int> r = parse_digit('x');
    ASSERT_TRUE(r.is_error());
    EXPECT_EQ(r.error(), Errno::EINVAL);
}

TEST(Result, TryUnwrapsValues) {
    Result<int> r = parse_two("42");
    ASSERT_FALSE(r.is_error());
    EXPECT_EQ(r.value(), 42);
}

TEST(Result, TryPropagatesTheFirstError) {
    EXPECT_EQ(parse_two("x2").error(), Errno::EINVAL);
    EXPECT_EQ(parse_two("4y").error(), Errno::EINVAL);
}

TEST(Result, TryStopsAtTheFailingStep) {
    Result<void> r = three_steps(2);
    ASSERT_TRUE(r.is_error());
    EXPECT_EQ(r.error(), Errno::ENOSPC);
    EXPECT_EQ(steps_taken, 2);

    EXPECT_FALSE(three_steps(0).is_error());
    EXPECT_EQ(steps_taken, 3);
    EXPECT_EQ(three_steps(1).error(), Errno::EIO);
    EXPECT_EQ(steps_taken, 1);
}

TEST(Result, VoidSuccessAndError) {
    Result<void> good = check_positive(3);
    EXPECT_FALSE(good.is_error());
    Result<void> bad = check_positive(-3);
    ASSERT_TRUE(bad.is_error());
    EXPECT_EQ(bad.error(), Errno::ERANGE);
    EXPECT_FALSE(ok().is_error());
}

TEST(Result, TryOfVoidInAValueFunction) {
    EXPECT_EQ(positive_twice(5).value(), 10);
    EXPECT_EQ(positive_twice(0).error(), Errno::ERANGE);
}

Result<std::unique_ptr<int>> make_box(int v) {
    if (v < 0) return Errno::ENOMEM;
    return std::make_unique<int>(v);
}

Result<int> unbox_plus_one(int v) {
    std::unique_ptr<int> box = TRY(make_box(v));
    return *box + 1;
}

TEST(Result, MoveOnlyValues) {
    Result<std::unique_ptr<int>> r = make_box(9);
    ASSERT_FALSE(r.is_error());
    std::unique_ptr<int> box = r.release_value();
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(*box, 9);

    Result<std::unique_ptr<int>> moved(make_box(4));
    EXPECT_EQ(*moved.value(), 4);
    Result<std::unique_ptr<int>> again(std::move(moved));
    EXPECT_EQ(*again.value(), 4);

    EXPECT_EQ(unbox_plus_one(1).value(), 2);
    EXPECT_EQ(unbox_plus_one(-1).error(), Errno::ENOMEM);
}

// The value's destructor runs exactly once, and never for an error.
struct Counted {
    static inline int alive = 0;
    Counted() { alive++; }
    Counted(const Counted&) { alive++; }
    Counted(Counted&&) { alive++; }
    ~Counted() { alive--; }
};

TEST(Result, DestroysItsValueExactlyOnce) {
    Counted::alive = 0;
    {
        Result<Counted> r{Counted{}};
        EXPECT_EQ(Counted::alive, 1);
        Result<Counted> moved(std::move(r));
        EXPECT_EQ(Counted::alive, 2); // moved-from value still lives in r
    }
    EXPECT_EQ(Counted::alive, 0);
    {
        Result<Counted> err(Errno::EAGAIN);
        EXPECT_EQ(Counted::alive, 0);
    }
    EXPECT_EQ(Counted::alive, 0);
}

TEST(Errno, LinuxValuesAndNames) {
    EXPECT_EQ(static_cast<int>(Errno::EPERM), 1);
    EXPECT_EQ(static_cast<int>(Errno::ENOENT), 2);
    EXPECT_EQ(static_cast<int>(Errno::EFAULT), 14);
    EXPECT_EQ(static_cast<int>(Errno::EINVAL), 22);
    EXPECT_EQ(static_cast<int>(Errno::ENOSYS), 38);
    EXPECT_STREQ(errno_name(Errno::ENOENT), "ENOENT");
    EXPECT_STREQ(errno_name(Errno::ETIMEDOUT), "ETIMEDOUT");
    EXPECT_STREQ(errno_name(static_cast<Errno>(999)), "E?");
}

} // namespace
