// SleepLock: sleep while another thread holds it (see sleeplock.h).
#include "proc/sleeplock.h"
#include "proc/cpu.h"
#include "proc/thread.h"

void SleepLock::acquire() {
    SpinlockGuard guard(guard_);
    while (locked_)
        waiters_.sleep(guard_);
    locked_ = true;
    holder_tid_ = current_thread()->tid;
}

void SleepLock::release() {
    SpinlockGuard guard(guard_);
    locked_ = false;
    holder_tid_ = 0;
    waiters_.wake_all();
}

bool SleepLock::holding() const {
    // A racy read is fine: only the holder can make this true for itself.
    return locked_ && holder_tid_ == current_thread()->tid;
}
