// The device switch: character devices by major number. A device inode
// (type Device) names a driver by its major number; reads and writes of
// an open device file go to that driver, which copies to or from user
// memory itself.
//
//   major 1: the console (drivers/console.h), minor ignored
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

namespace device {
inline constexpr u16 CONSOLE = 1;

// Is there a driver for major?
bool exists(u16 major);
// ENXIO without a driver.
Result<usize> read(u16 major, UserPtr<u8> user_dst, usize n);
Result<usize> write(u16 major, UserPtr<u8> user_src, usize n);
} // namespace device
