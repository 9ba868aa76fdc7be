// Mounting the root file system (see fs.h).
#include "fs/fs.h"
#include "fs/buf.h"
#include "fs/log.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/string.h"

namespace {
// Written once by init(), read-only afterwards: no lock.
constinit fs::SuperBlock the_superblock{};
} // namespace

namespace fs {

const SuperBlock& superblock() {
    return the_superblock;
}

void init() {
    Buf* b = bread(ROOTDEV, SUPERBLOCK_BLOCK);
    memmove(&the_superblock, b->data, sizeof(SuperBlock));
    brelse(b);

    const SuperBlock& sb = the_superblock;
    if (sb.magic != FS_MAGIC) panic("fs: no Weft file system on the disk (magic %x)", sb.magic);
    if (sb.size == 0 || sb.logstart >= sb.inodestart || sb.inodestart >= sb.bmapstart ||
        sb.bmapstart >= sb.size)
        panic("fs: superblock makes no sense (size %u)", sb.size);

    log_init(ROOTDEV, sb);
    printk("fs: %u blocks (%u for data), %u inodes, log of %u blocks\n", sb.size, sb.nblocks,
           sb.ninodes, sb.nlog);
}

} // namespace fs
