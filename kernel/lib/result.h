// Result<T>: a value or an error, returned by every fallible kernel
// function. TRY(expr) unwraps a Result or returns its error from the
// enclosing function; it is the only control-flow macro in the kernel.
//
//   Result<Inode*> lookup(...);
//   Inode* ip = TRY(lookup(path));        // returns the Errno on failure
//
// Result<void> carries only success or an error.
#pragma once

#include "lib/errno.h"
#include "lib/types.h"
#include "lib/utility.h"
#include <new>

template <typename T> class [[nodiscard]] Result {
public:
    Result(const T& value) : has_value_(true) { new (&value_) T(value); }
    Result(T&& value) : has_value_(true) { new (&value_) T(kstd::move(value)); }
    Result(Errno error) : has_value_(false), error_(error) {}

    Result(Result&& other) : has_value_(other.has_value_), error_(other.error_) {
        if (has_value_) new (&value_) T(kstd::move(other.value_));
    }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result() {
        if (has_value_) value_.~T();
    }

    bool is_error() const { return !has_value_; }
    Errno error() const { return error_; }
    T& value() { return value_; }
    const T& value() const { return value_; }
    T release_value() { return kstd::move(value_); }

private:
    bool has_value_;
    Errno error_ = Errno::EINVAL;
    union {
        T value_;
    };
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Errno error) : has_error_(true), error_(error) {}

    bool is_error() const { return has_error_; }
    Errno error() const { return error_; }
    void release_value() {}

private:
    bool has_error_ = false;
    Errno error_ = Errno::EINVAL;
};

// Success value for functions returning Result<void>.
inline Result<void> ok() {
    return Result<void>();
}

#define TRY(expr)                                                                                  \
    ({                                                                                             \
        auto _try_result = (expr);                                                                 \
        if (_try_result.is_error()) return _try_result.error();                                    \
        _try_result.release_value();                                                               \
    })
