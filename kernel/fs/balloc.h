// Disk block allocation: the free bitmap (one bit per block of the disk,
// set = in use) in blocks sb.bmapstart onwards. Both functions run inside
// a log operation; the bitmap buffer's sleep lock serializes allocators.
#pragma once

#include "lib/result.h"
#include "lib/types.h"

// A zeroed free block, now marked in use. ENOSPC when the disk is full.
Result<u32> balloc(u32 dev);
// Mark block b free.
void bfree(u32 dev, u32 b);
