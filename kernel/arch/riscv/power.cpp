#include "arch/riscv/power.h"
#include "arch/riscv/memlayout.h"
#include "lib/panic.h"

// QEMU's "sifive,test" device: writing FINISHER_PASS stops the machine
// with exit status 0; FINISHER_FAIL | code << 16 with a failure status.
namespace {
constexpr u32 FINISHER_PASS = 0x5555;
constexpr u32 FINISHER_FAIL = 0x3333;
volatile u32& test_device() {
    return *reinterpret_cast<volatile u32*>(memlayout::TEST_DEVICE);
}
} // namespace

namespace power {

void off() {
    test_device() = FINISHER_PASS;
    halt_this_hart();
}

void fail(u16 exit_code) {
    test_device() = FINISHER_FAIL | (u32(exit_code) << 16);
    halt_this_hart();
}

} // namespace power
