#include "arch/riscv/rtc.h"

namespace rtc {

u64 nanoseconds_since_epoch() {
    // Reading TIME_LOW latches the high half, so read low first.
    auto* regs = reinterpret_cast<volatile u32*>(BASE);
    u64 low = regs[0];
    u64 high = regs[1];
    return (high << 32) | low;
}

} // namespace rtc
