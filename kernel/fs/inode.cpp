// The inode table and the inode operations (see inode.h): allocation,
// reference counting, locking, the block map of a file (bmap) and
// reading and writing file contents.
#include "fs/inode.h"
#include "fs/balloc.h"
#include "fs/buf.h"
#include "fs/fs.h"
#include "fs/log.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/user_memory.h"
#include "param.h"

using fs::BSIZE;
using fs::NDIRECT;
using fs::NINDIRECT;

namespace {

constinit Spinlock itable_lock("inode_table", LockRank::Inode); // guards dev, inum, ref
constinit Inode itable[NINODE];

// The disk inode of ip inside buffer b (which holds ip's inode block).
fs::DiskInode* disk_inode(Buf* b, u32 inum) {
    return reinterpret_cast<fs::DiskInode*>(b->data) + inum % fs::IPB;
}

// ---------------------------------------------------------------- block map
// bmap() either only looks a block up (reads: a missing block is a hole,
// read as zeros) or allocates missing blocks (writes, inside a log
// operation).
enum class BmapMode { Lookup, Allocate };

// Make sure *slot holds a block number, allocating a zeroed block if
// mode allows. 0 when it is missing and mode is Lookup.
Result<u32> ensure_block(u32 dev, u32* slot, BmapMode mode) {
    if (*slot == 0 && mode == BmapMode::Allocate) *slot = TRY(balloc(dev));
    return *slot;
}

// Entry index of the address table in block table (0 if table is 0).
Result<u32> table_entry(u32 dev, u32 table, u32 index, BmapMode mode) {
    if (table == 0) return 0u;
    Buf* b = bread(dev, table);
    u32* entries = reinterpret_cast<u32*>(b->data);
    u32 before = entries[index];
    Result<u32> r = ensure_block(dev, &entries[index], mode);
    if (!r.is_error() && entries[index] != before) log_write(b);
    brelse(b);
    return r;
}

// The disk block holding block bn of ip's contents (ip locked); 0 for a
// hole in Lookup mode. Changes ip->addrs when it allocates: the caller
// calls iupdate().
Result<u32> bmap(Inode* ip, u32 bn, BmapMode mode) {
    if (bn < NDIRECT) return ensure_block(ip->dev, &ip->addrs[bn], mode);
    bn -= NDIRECT;

    if (bn < NINDIRECT) {
        u32 table = TRY(ensure_block(ip->dev, &ip->addrs[fs::INDIRECT_SLOT], mode));
        return table_entry(ip->dev, table, bn, mode);
    }
    bn -= NINDIRECT;

    if (bn < fs::NDINDIRECT) {
        u32 top = TRY(ensure_block(ip->dev, &ip->addrs[fs::DINDIRECT_SLOT], mode));
        u32 middle = TRY(table_entry(ip->dev, top, bn / NINDIRECT, mode));
        return table_entry(ip->dev, middle, bn % NINDIRECT, mode);
    }
    return Errno::EFBIG;
}

// Free every block listed in address table `table`, and the table
// itself; depth 2 frees the tables it lists first (double indirect).
void free_table(u32 dev, u32 table, int depth) {
    Buf* b = bread(dev, table);
    const u32* entries = reinterpret_cast<const u32*>(b->data);
    for (usize i = 0; i < NINDIRECT; i++) {
        if (entries[i] == 0) continue;
        if (depth > 1)
            free_table(dev, entries[i], depth - 1);
        else
            bfree(dev, entries[i]);
    }
    brelse(b);
    bfree(dev, table);
}

// ---------------------------------------------------------------- moving bytes
// Where readi/writei move bytes from or to: kernel memory, or user
// memory of the current process when kernel is null.
struct Memory {
    u8* kernel;
    UserPtr<u8> user;
};

Result<void> copy_out(Memory dst, usize done, const u8* src, usize n) {
    if (!dst.kernel) return copy_to_user(dst.user.offset(done), src, n);
    memmove(dst.kernel + done, src, n);
    return ok();
}

Result<void> copy_in(u8* dst, Memory src, usize done, usize n) {
    if (!src.kernel) return copy_from_user(dst, src.user.offset(done), n);
    memmove(dst, src.kernel + done, n);
    return ok();
}

Result<usize> read_inode(Inode* ip, Memory dst, u64 offset, usize n) {
    if (!ip->lock.holding()) panic("readi: inode %u not locked", ip->inum);
    if (offset >= ip->size) return 0ul;
    if (n > ip->size - offset) n = ip->size - offset;

    usize done = 0;
    while (done < n) {
        u32 block = TRY(bmap(ip, static_cast<u32>(offset / BSIZE), BmapMode::Lookup));
        usize start = offset % BSIZE;
        usize chunk = BSIZE - start;
        if (chunk > n - done) chunk = n - done;
        Result<void> copied = ok();
        if (block == 0) { // a hole
            static constexpr u8 zeros[BSIZE] = {};
            copied = copy_out(dst, done, zeros, chunk);
        } else {
            Buf* b = bread(ip->dev, block);
            copied = copy_out(dst, done, b->data + start, chunk);
            brelse(b);
        }
        if (copied.is_error()) return copied.error();
        done += chunk;
        offset += chunk;
    }
    return done;
}

Result<usize> write_inode(Inode* ip, Memory src, u64 offset, usize n) {
    if (!ip->lock.holding()) panic("writei: inode %u not locked", ip->inum);
    if (offset > ip->size) return Errno::EINVAL;
    if (offset >= MAX_FILE_BYTES) return Errno::EFBIG;
    if (n > MAX_FILE_BYTES - offset) n = MAX_FILE_BYTES - offset;

    usize done = 0;
    Errno error = Errno::EINVAL;
    while (done < n) {
        Result<u32> block = bmap(ip, static_cast<u32>(offset / BSIZE), BmapMode::Allocate);
        if (block.is_error()) {
            error = block.error();
            break;
        }
        usize start = offset % BSIZE;
        usize chunk = BSIZE - start;
        if (chunk > n - done) chunk = n - done;
        Buf* b = bread(ip->dev, block.value());
        Result<void> copied = copy_in(b->data + start, src, done, chunk);
        if (copied.is_error()) {
            brelse(b);
            error = copied.error();
            break;
        }
        log_write(b);
        brelse(b);
        done += chunk;
        offset += chunk;
    }
    if (offset > ip->size) ip->size = static_cast<u32>(offset);
    // Even without growing, bmap() may have added blocks to ip->addrs.
    iupdate(ip);
    if (done == 0 && n > 0) return error;
    return done;
}

} // namespace

// ---------------------------------------------------------------- the table
namespace {

// What to do when (dev, inum) already has a referenced table slot.
enum class IfInUse { Share, Refuse };

// A referenced slot for (dev, inum): the one in use (IfInUse::Share,
// another reference), or a fresh one (valid == false). ENFILE when every
// slot is in use; EBUSY for IfInUse::Refuse when the inode is in use.
Result<Inode*> reference(u32 dev, u32 inum, IfInUse if_in_use) {
    SpinlockGuard guard(itable_lock);
    Inode* empty = nullptr;
    for (Inode& ip : itable) {
        if (ip.ref > 0 && ip.dev == dev && ip.inum == inum) {
            if (if_in_use == IfInUse::Refuse) return Errno::EBUSY;
            ip.ref++;
            return &ip;
        }
        if (!empty && ip.ref == 0) empty = &ip;
    }
    if (!empty) return Errno::ENFILE;
    empty->dev = dev;
    empty->inum = inum;
    empty->ref = 1;
    // No one holds its lock (ref was 0): valid may change under the table lock.
    empty->valid = false;
    return empty;
}

} // namespace

Result<InodeRef> iget(u32 dev, u32 inum) {
    return InodeRef(TRY(reference(dev, inum, IfInUse::Share)));
}

InodeRef idup(Inode* ip) {
    SpinlockGuard guard(itable_lock);
    ip->ref++;
    return InodeRef(ip);
}

void ilock(Inode* ip) {
    if (!ip || ip->ref < 1) panic("ilock: inode not referenced");
    ip->lock.acquire();
    if (ip->valid) return;

    const fs::SuperBlock& sb = fs::superblock();
    if (ip->inum == 0 || ip->inum >= sb.ninodes) panic("ilock: bad inode number %u", ip->inum);
    Buf* b = bread(ip->dev, fs::inode_block(ip->inum, sb));
    const fs::DiskInode* d = disk_inode(b, ip->inum);
    ip->type = d->type;
    ip->major = d->major;
    ip->minor = d->minor;
    ip->nlink = d->nlink;
    ip->size = d->size;
    memmove(ip->addrs, d->addrs, sizeof(ip->addrs));
    brelse(b);
    ip->valid = true;
    if (ip->type == InodeType::Free) panic("ilock: inode %u is not allocated", ip->inum);
}

void iunlock(Inode* ip) {
    if (!ip || !ip->lock.holding() || ip->ref < 1) panic("iunlock: inode not locked");
    ip->lock.release();
}

void iput(Inode* ip) {
    SpinlockGuard guard(itable_lock);
    if (ip->ref == 1 && ip->valid && ip->nlink == 0) {
        // The last reference to an inode no directory names: free it.
        // ref == 1 means no other thread holds or waits for ip->lock, so
        // acquiring it cannot sleep for long. No one can take a new
        // reference meanwhile: no directory entry leads to the inode, and
        // ialloc() does not hand out an inode number that still has a
        // referenced slot, even after its disk inode below says Free.
        itable_lock.release();
        ip->lock.acquire();
        itrunc(ip);
        ip->type = InodeType::Free;
        iupdate(ip);
        ip->valid = false;
        ip->lock.release();
        itable_lock.acquire();
        // Had anyone referenced it meanwhile, our decrement below might be
        // the last one of its next life, which would then never be freed.
        if (ip->ref != 1) panic("iput: inode %u referenced while being freed", ip->inum);
    }
    if (ip->ref < 1) panic("iput: inode %u not referenced", ip->inum);
    ip->ref--;
}

// ---------------------------------------------------------------- on disk
Result<InodeRef> ialloc(u32 dev, InodeType type) {
    const fs::SuperBlock& sb = fs::superblock();
    for (u32 inum = 1; inum < sb.ninodes; inum++) {
        Buf* b = bread(dev, fs::inode_block(inum, sb));
        fs::DiskInode* d = disk_inode(b, inum);
        if (d->type != InodeType::Free) {
            brelse(b);
            continue;
        }
        // Free on disk, but maybe not yet in memory: iput() marks an inode
        // free before it drops its last reference. Sharing that slot would
        // merge our references into the dying one's count, and the freeing
        // iput's decrement could then end our file's life without freeing
        // it (an orphan: no links, blocks still allocated). So an inode
        // number with a referenced slot is skipped. The reference is taken
        // while b is locked, so no other ialloc() can claim inum meanwhile.
        Result<Inode*> ip = reference(dev, inum, IfInUse::Refuse);
        if (ip.is_error()) {
            brelse(b);
            if (ip.error() == Errno::EBUSY) continue;
            return ip.error();
        }
        *d = fs::DiskInode{};
        d->type = type;
        log_write(b); // claimed on disk
        brelse(b);
        return InodeRef(ip.value());
    }
    return Errno::ENOSPC;
}

void iupdate(Inode* ip) {
    if (!ip->lock.holding()) panic("iupdate: inode %u not locked", ip->inum);
    Buf* b = bread(ip->dev, fs::inode_block(ip->inum, fs::superblock()));
    fs::DiskInode* d = disk_inode(b, ip->inum);
    d->type = ip->type;
    d->major = ip->major;
    d->minor = ip->minor;
    d->nlink = ip->nlink;
    d->size = ip->size;
    memmove(d->addrs, ip->addrs, sizeof(ip->addrs));
    log_write(b);
    brelse(b);
}

void itrunc(Inode* ip) {
    if (!ip->lock.holding()) panic("itrunc: inode %u not locked", ip->inum);
    for (usize i = 0; i < NDIRECT; i++) {
        if (ip->addrs[i]) bfree(ip->dev, ip->addrs[i]);
        ip->addrs[i] = 0;
    }
    if (ip->addrs[fs::INDIRECT_SLOT]) free_table(ip->dev, ip->addrs[fs::INDIRECT_SLOT], 1);
    if (ip->addrs[fs::DINDIRECT_SLOT]) free_table(ip->dev, ip->addrs[fs::DINDIRECT_SLOT], 2);
    ip->addrs[fs::INDIRECT_SLOT] = 0;
    ip->addrs[fs::DINDIRECT_SLOT] = 0;
    ip->size = 0;
    iupdate(ip);
}

void stati(Inode* ip, Stat* st) {
    if (!ip->lock.holding()) panic("stati: inode %u not locked", ip->inum);
    *st = Stat{};
    st->st_dev = ip->dev;
    st->st_ino = ip->inum;
    switch (ip->type) {
    case InodeType::Directory:
        st->st_mode = S_IFDIR | 0755;
        break;
    case InodeType::Device:
        st->st_mode = S_IFCHR | 0644;
        break;
    default:
        st->st_mode = S_IFREG | 0644;
        break;
    }
    st->st_nlink = ip->nlink;
    st->st_size = ip->size;
    if (ip->type == InodeType::Device) st->st_rdev = (static_cast<u32>(ip->major) << 8) | ip->minor;
}

Result<usize> readi(Inode* ip, void* kernel_dst, u64 offset, usize n) {
    return read_inode(ip, Memory{static_cast<u8*>(kernel_dst), {}}, offset, n);
}

Result<usize> readi_user(Inode* ip, UserPtr<u8> user_dst, u64 offset, usize n) {
    return read_inode(ip, Memory{nullptr, user_dst}, offset, n);
}

Result<usize> writei(Inode* ip, const void* kernel_src, u64 offset, usize n) {
    return write_inode(ip, Memory{const_cast<u8*>(static_cast<const u8*>(kernel_src)), {}}, offset,
                       n);
}

Result<usize> writei_user(Inode* ip, UserPtr<u8> user_src, u64 offset, usize n) {
    return write_inode(ip, Memory{nullptr, user_src}, offset, n);
}
