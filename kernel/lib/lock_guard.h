// LockGuard<Lock>: holds a lock for the rest of the scope. Any lock with
// acquire() and release() (Spinlock, SleepLock); spelled SpinlockGuard
// and SleepLockGuard beside their locks.
//
//   SpinlockGuard guard(table_lock);   // acquired here, released at scope end
#pragma once

template <typename Lock> class LockGuard {
public:
    explicit LockGuard(Lock& lock) : lock_(lock) { lock_.acquire(); }
    ~LockGuard() { lock_.release(); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;
    Lock& lock() { return lock_; }

private:
    Lock& lock_;
};
