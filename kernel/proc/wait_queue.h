// WaitQueue: where threads wait for a condition to become true.
// The condition is guarded by a spinlock the sleeper holds; sleep()
// releases it while asleep and takes it back before returning, so a
// wakeup between "check" and "sleep" cannot be lost. Always re-check:
//
//   SpinlockGuard guard(pipe_lock);
//   while (pipe.empty()) pipe.readable.sleep(pipe_lock);
//   ...
//   pipe.readable.wake_all();          // also with pipe_lock held
//
// Underneath this is xv6's sleep/wakeup on a channel (the queue's
// address): wake_all() looks at every thread, which is simple and
// small enough for NTHREAD threads.
#pragma once

#include "lib/result.h"

class Spinlock;

class WaitQueue {
public:
    constexpr WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    // Sleep until woken; held is released meanwhile and re-acquired.
    void sleep(Spinlock& held);
    // As sleep(), but EINTR when the thread is asked to stop (its
    // process was killed); check before sleeping and after waking.
    Result<void> sleep_interruptible(Spinlock& held);
    // As sleep_interruptible(), and ETIMEDOUT once clock::ticks()
    // reaches deadline_tick.
    Result<void> sleep_until(Spinlock& held, u64 deadline_tick);
    // Wake every thread sleeping here. Call with the condition's lock held.
    void wake_all();

private:
    char unused_ = 0; // gives the queue a distinct address: its channel
};

// The raw channel interface (for wakeups keyed by an object's address).
void sleep_on(const void* channel, Spinlock& held);
void wakeup(const void* channel);
// Interruptible, with an optional deadline (0: none): EINTR, ETIMEDOUT.
Result<void> sleep_on_until(const void* channel, Spinlock& held, u64 deadline_tick);
// Wake at most n sleepers on channel; how many were woken.
usize wakeup_n(const void* channel, usize n);
// The clock (hart 0, every tick): wake timed sleepers whose deadline passed.
void wake_expired_sleepers(u64 now);

// True when the current thread should abandon a blocking call (EINTR):
// its process was killed, it must exit, or someone interrupted it.
bool current_thread_interrupted();
