// Atomic<T>: a value shared between harts without a lock, on the
// compiler's __atomic builtins (sequentially consistent unless said).
// Used for reference counts and flags read under foreign locks.
#pragma once

template <typename T> class Atomic {
public:
    constexpr Atomic(T value = T()) : value_(value) {}
    Atomic(const Atomic&) = delete;
    Atomic& operator=(const Atomic&) = delete;

    T load() const { return __atomic_load_n(&value_, __ATOMIC_SEQ_CST); }
    void store(T v) { __atomic_store_n(&value_, v, __ATOMIC_SEQ_CST); }
    T fetch_add(T d) { return __atomic_fetch_add(&value_, d, __ATOMIC_SEQ_CST); }
    T fetch_sub(T d) { return __atomic_fetch_sub(&value_, d, __ATOMIC_SEQ_CST); }

    operator T() const { return load(); }
    Atomic& operator=(T v) {
        store(v);
        return *this;
    }

private:
    T value_;
};
