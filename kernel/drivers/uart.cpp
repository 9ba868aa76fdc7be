#include "drivers/uart.h"
#include "arch/arch.h"
#include "drivers/console.h"
#include "lib/panic.h"

namespace {

// 16550 registers, one byte each (see the National Semiconductor data sheet).
enum Reg : u64 {
    RHR = 0, // receive holding (read)
    THR = 0, // transmit holding (write)
    IER = 1, // interrupt enable
    FCR = 2, // FIFO control
    LCR = 3, // line control
    LSR = 5, // line status
};
constexpr u8 IER_RX_ENABLE = 1 << 0;
constexpr u8 FCR_FIFO_ENABLE = 1 << 0;
constexpr u8 FCR_FIFO_CLEAR = 3 << 1;
constexpr u8 LCR_EIGHT_BITS = 3;
constexpr u8 LCR_BAUD_LATCH = 1 << 7;
constexpr u8 LSR_RX_READY = 1 << 0;
constexpr u8 LSR_TX_IDLE = 1 << 5;

volatile u8& reg(Reg r) {
    return *reinterpret_cast<volatile u8*>(memlayout::UART0 + r);
}

} // namespace

namespace uart {

void init() {
    reg(IER) = 0;
    reg(LCR) = LCR_BAUD_LATCH; // divisor latch: 38.4K baud
    reg(Reg(0)) = 0x03;
    reg(Reg(1)) = 0x00;
    reg(LCR) = LCR_EIGHT_BITS; // 8 data bits, no parity, latch off
    reg(FCR) = FCR_FIFO_ENABLE | FCR_FIFO_CLEAR;
    reg(IER) = IER_RX_ENABLE;
}

void putc_sync(char c) {
    while ((reg(LSR) & LSR_TX_IDLE) == 0) {
    }
    reg(THR) = static_cast<u8>(c);
}

void handle_interrupt() {
    while (reg(LSR) & LSR_RX_READY)
        console::input(static_cast<char>(reg(RHR)));
}

} // namespace uart
