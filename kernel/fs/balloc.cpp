// Disk block allocation through the free bitmap (see balloc.h).
#include "fs/balloc.h"
#include "fs/buf.h"
#include "fs/fs.h"
#include "fs/log.h"
#include "lib/panic.h"
#include "lib/string.h"

namespace {

// Zero block b through the log, so a crash cannot leave old data in it.
void bzero(u32 dev, u32 b) {
    Buf* buf = bread(dev, b);
    memset(buf->data, 0, fs::BSIZE);
    log_write(buf);
    brelse(buf);
}

} // namespace

Result<u32> balloc(u32 dev) {
    const fs::SuperBlock& sb = fs::superblock();
    for (u32 base = 0; base < sb.size; base += fs::BPB) {
        Buf* bitmap = bread(dev, fs::bitmap_block(base, sb));
        for (u32 bit = 0; bit < fs::BPB && base + bit < sb.size; bit++) {
            u8 mask = static_cast<u8>(1u << (bit % 8));
            if ((bitmap->data[bit / 8] & mask) == 0) {
                bitmap->data[bit / 8] |= mask;
                log_write(bitmap);
                brelse(bitmap);
                bzero(dev, base + bit);
                return base + bit;
            }
        }
        brelse(bitmap);
    }
    return Errno::ENOSPC;
}

void bfree(u32 dev, u32 b) {
    const fs::SuperBlock& sb = fs::superblock();
    if (b >= sb.size) panic("bfree: block %u outside the disk", b);
    Buf* bitmap = bread(dev, fs::bitmap_block(b, sb));
    u32 bit = b % fs::BPB;
    u8 mask = static_cast<u8>(1u << (bit % 8));
    if ((bitmap->data[bit / 8] & mask) == 0) panic("bfree: block %u is already free", b);
    bitmap->data[bit / 8] &= static_cast<u8>(~mask);
    log_write(bitmap);
    brelse(bitmap);
}
