// The 16550 UART on QEMU's virt machine: the console's wire.
// Output is synchronous (polls until the transmitter is free), which is
// simple and fast enough under QEMU; input arrives by interrupt and is
// handed to the console line discipline.
#pragma once

namespace uart {
void init();
// Send one byte, waiting for the transmitter. Callers serialize (printk lock).
void putc_sync(char c);
// Interrupt handler: drain received bytes into console_input().
void handle_interrupt();
} // namespace uart
