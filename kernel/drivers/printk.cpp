// printk: formatted kernel output, written straight to the UART (polling,
// so it works with interrupts off and in a panic).
#include "lib/printk.h"
#include "drivers/uart.h"
#include "lib/panic.h"
#include "lib/spinlock.h"

namespace {

constinit Spinlock printk_lock("printk", LockRank::Printk);

class ConsoleSink final : public FormatSink {
public:
    void put(char c) override { uart::putc_sync(c); }
};

} // namespace

void vprintk(const char* fmt, va_list args) {
    ConsoleSink sink;
    if (panicked) {
        vformat(sink, fmt, args);
        return;
    }
    SpinlockGuard guard(printk_lock);
    vformat(sink, fmt, args);
}

void printk(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void printk_unlocked(const char* fmt, ...) {
    ConsoleSink sink;
    va_list args;
    va_start(args, fmt);
    vformat(sink, fmt, args);
    va_end(args);
}

void printk_write(const char* buf, usize n) {
    SpinlockGuard guard(printk_lock);
    for (usize i = 0; i < n; i++)
        uart::putc_sync(buf[i]);
}
