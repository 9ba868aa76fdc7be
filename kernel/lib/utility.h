// move/forward without <utility>: libstdc++'s <utility> and <atomic>
// drag hosted headers (and errno macros) into a freestanding build.
#pragma once

#include <type_traits>

namespace kstd {
template <typename T> constexpr std::remove_reference_t<T>&& move(T&& value) {
    return static_cast<std::remove_reference_t<T>&&>(value);
}
template <typename T> constexpr T&& forward(std::remove_reference_t<T>& value) {
    return static_cast<T&&>(value);
}
} // namespace kstd

// A global whose destructor must never run (and never be registered:
// the kernel has no static constructors or destructors). Wrap kernel
// tables of objects with non-trivial destructors (RefPtr members) in it.
template <typename T> union NeverDestroyed {
    constexpr NeverDestroyed() : value() {}
    ~NeverDestroyed() {}
    T value;
};
