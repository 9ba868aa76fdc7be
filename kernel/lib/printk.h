// printk: formatted output to the console, whole lines kept together
// across harts by one lock. See format.h for the conversions. Declared
// here, for every layer; the code, which writes to the UART, is in
// drivers/printk.cpp (docs/layers.md).
#pragma once

#include "lib/format.h"

void printk(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char* fmt, va_list args);
// Print without taking the lock (panic uses it: the lock may be held).
void printk_unlocked(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// Bytes as they are (the console device's write), under the same lock.
void printk_write(const char* buf, usize n);
