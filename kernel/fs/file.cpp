// Open files of the inode kinds, InodeFile and DeviceFile, and what every
// File shares (see file.h). Pipes are in pipe.cpp.
#include "fs/file.h"
#include "fs/device.h"
#include "fs/log.h"
#include "lib/atomic.h"
#include "lib/panic.h"
#include "lib/pool.h"
#include "param.h"

namespace {

// Open files of every kind, counted against NFILE.
constinit Atomic<usize> open_files{0};

// How many blocks one write transaction may cover. A write of k blocks
// changes at most: the k data blocks, 3 bitmap blocks (FSSIZE 20000
// needs 3; allocations may land in any of them), the inode's block, and
// 3 address tables (single indirect; or the double-indirect root and two
// of its tables). k + 7 <= MAXOPBLOCKS.
constexpr usize WRITE_BLOCKS_PER_OP = 3;
static_assert(WRITE_BLOCKS_PER_OP + 7 <= MAXOPBLOCKS);
static_assert(FSSIZE <= 3 * fs::BPB, "more bitmap blocks: recount WRITE_BLOCKS_PER_OP");

// A regular file or a directory.
class InodeFile final : public File {
public:
    InodeFile(InodeRef&& ip, FileAccess access, AppendMode append)
        : File(access), ip_(kstd::move(ip)), append_(append) {}

    Result<usize> read(UserPtr<u8> user_dst, usize n) override;
    Result<usize> write(UserPtr<u8> user_src, usize n) override;
    Result<void> stat(Stat* st) override;
    void destroy() override;

private:
    InodeRef ip_;
    AppendMode append_;
    u64 offset_ = 0; // guarded by ip_->lock
};

// A device node: bytes go to its driver.
class DeviceFile final : public File {
public:
    DeviceFile(InodeRef&& ip, u16 major, FileAccess access)
        : File(access), ip_(kstd::move(ip)), major_(major) {}

    Result<usize> read(UserPtr<u8> dst, usize n) override { return device::read(major_, dst, n); }
    Result<usize> write(UserPtr<u8> src, usize n) override { return device::write(major_, src, n); }
    Result<void> stat(Stat* st) override;
    void destroy() override;

private:
    InodeRef ip_;
    u16 major_;
};

constinit Pool<InodeFile, NFILE> inode_files("inode_files");
constinit Pool<DeviceFile, NFILE> device_files("device_files");

Result<usize> InodeFile::read(UserPtr<u8> user_dst, usize n) {
    InodeLockGuard guard(ip_);
    usize got = TRY(readi_user(ip_.get(), user_dst, offset_, n));
    offset_ += got;
    return got;
}

// Written in transactions of at most WRITE_BLOCKS_PER_OP blocks each, so
// a large write cannot overflow the log. A crash may thus leave a prefix
// of a large write on disk, but never a half-done block allocation.
Result<usize> InodeFile::write(UserPtr<u8> user_src, usize n) {
    usize done = 0;
    while (done < n) {
        LogOperation op;
        InodeLockGuard guard(ip_);
        if (append_ == AppendMode::AtEnd) offset_ = ip_->size;
        usize chunk = WRITE_BLOCKS_PER_OP * fs::BSIZE - offset_ % fs::BSIZE;
        if (chunk > n - done) chunk = n - done;
        Result<usize> wrote = writei_user(ip_.get(), user_src.offset(done), offset_, chunk);
        if (wrote.is_error()) {
            if (done > 0) break;
            return wrote.error();
        }
        offset_ += wrote.value();
        done += wrote.value();
        if (wrote.value() < chunk) break; // disk full or file at its largest
    }
    return done;
}

Result<void> InodeFile::stat(Stat* st) {
    InodeLockGuard guard(ip_);
    stati(ip_.get(), st);
    return ok();
}

void InodeFile::destroy() {
    LogOperation op; // ~InodeFile drops the inode, which may free it
    inode_files.free(this);
    release_slot();
}

Result<void> DeviceFile::stat(Stat* st) {
    InodeLockGuard guard(ip_);
    stati(ip_.get(), st);
    return ok();
}

void DeviceFile::destroy() {
    LogOperation op; // ~DeviceFile drops the inode, which may free it
    device_files.free(this);
    release_slot();
}

} // namespace

// ---------------------------------------------------------------- File
Result<usize> File::read(UserPtr<u8>, usize) {
    return Errno::EINVAL;
}
Result<usize> File::write(UserPtr<u8>, usize) {
    return Errno::EINVAL;
}
Result<void> File::stat(Stat*) {
    return Errno::EINVAL;
}
void File::destroy() {
    panic("File::destroy: a file kind without destroy()");
}

Result<void> File::reserve_slot() {
    if (open_files.fetch_add(1) >= NFILE) {
        open_files.fetch_sub(1);
        return Errno::ENFILE;
    }
    return ok();
}

void File::release_slot() {
    open_files.fetch_sub(1);
}

Result<RefPtr<File>> open_inode(InodeRef& ip, FileAccess access, AppendMode append) {
    if (!ip->lock.holding()) panic("open_inode: inode %u not locked", ip->inum);
    if (ip->type == InodeType::Device && !device::exists(ip->major)) return Errno::ENXIO;
    TRY(File::reserve_slot());
    // allocate() moves ip into the file only when it has a slot for it.
    File* f = nullptr;
    if (ip->type == InodeType::Device)
        f = device_files.allocate(kstd::move(ip), ip->major, access);
    else
        f = inode_files.allocate(kstd::move(ip), access, append);
    if (!f) {
        File::release_slot();
        return Errno::ENFILE;
    }
    return RefPtr<File>::adopt(f);
}
