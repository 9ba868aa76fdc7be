// fsck: check a Weft disk image on the host.
//
//   fsck IMAGE
//
// Checks, in order:
//   1. the superblock: magic number, and areas (log, inodes, bitmap,
//      data) that fit in the image without overlapping;
//   2. the log: a committed transaction still waiting in it is replayed
//      (in memory only), as the kernel would at boot, before the rest;
//   3. every allocated inode: a known type, a size within the largest
//      file, and blocks inside the data area, each used only once;
//   4. the directory tree from the root: "." and ".." first and pointing
//      at the directory itself and at its parent, entries naming
//      allocated inodes, each directory named by exactly one entry;
//   5. every allocated inode is reachable from the root, and its link
//      count equals the entries naming it (a directory's "." not counted);
//   6. the free bitmap marks exactly the blocks in use (the metadata
//      areas and every block of a reachable or unreachable inode).
// Prints "fsck: clean" and exits 0, or one line per problem and exits 1.
// Exits 2 on bad arguments or an unreadable image.
#include "fs/layout.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

using namespace fs;

namespace {

constexpr usize MAX_REPORTED = 200; // problems printed before we only count them

class Checker {
public:
    explicit Checker(std::vector<u8> bytes) : bytes_(std::move(bytes)) {}

    int run();

private:
    // A problem: one line on stdout.
    void problem(const char* fmt, ...) __attribute__((format(printf, 2, 3)));

    usize nblocks_in_image() const { return bytes_.size() / BSIZE; }
    const u8* block(u32 b) const { return &bytes_[static_cast<usize>(b) * BSIZE]; }
    u8* block(u32 b) { return &bytes_[static_cast<usize>(b) * BSIZE]; }
    const DiskInode& inode(u32 inum) const {
        return reinterpret_cast<const DiskInode*>(block(inode_block(inum, sb_)))[inum % IPB];
    }

    bool check_superblock();
    void replay_log();
    void check_inode_blocks(u32 inum);
    bool claim(u32 b, u32 inum, const char* what);
    void walk_tree();
    void check_directory(u32 dir, u32 parent);
    void check_links();
    void check_bitmap();

    // The disk block holding block bn of inode inum (0: a hole, or an
    // address outside the data area, already reported).
    u32 file_block(u32 inum, u32 bn) const;

    std::vector<u8> bytes_;
    SuperBlock sb_{};
    u32 datastart_ = 0;
    usize problems_ = 0;
    std::vector<u32> owner_;    // per block: the inode using it (0: none)
    std::vector<u32> names_;    // per inode: entries naming it (but ".")
    std::vector<bool> reached_; // per inode: found in the tree
};

void Checker::problem(const char* fmt, ...) {
    if (problems_++ >= MAX_REPORTED) return;
    va_list args;
    va_start(args, fmt);
    std::vprintf(fmt, args);
    va_end(args);
    std::printf("\n");
}

bool Checker::check_superblock() {
    if (nblocks_in_image() < 2) {
        problem("superblock: the image is only %zu bytes", bytes_.size());
        return false;
    }
    std::memcpy(&sb_, block(SUPERBLOCK_BLOCK), sizeof(sb_));
    if (sb_.magic != FS_MAGIC) {
        problem("superblock: bad magic number %#x (expected %#x)", sb_.magic, FS_MAGIC);
        return false;
    }
    bool ok = true;
    if (sb_.size > nblocks_in_image()) {
        problem("superblock: size %u blocks, but the image holds only %zu", sb_.size,
                nblocks_in_image());
        return false;
    }
    u32 ninodeblocks = static_cast<u32>((sb_.ninodes + IPB - 1) / IPB);
    u32 nbitmap = static_cast<u32>((sb_.size + BPB - 1) / BPB);
    if (sb_.logstart < 2) ok = false, problem("superblock: log starts at block %u", sb_.logstart);
    if (sb_.nlog < 2 || sb_.nlog - 1 > LOGSIZE)
        ok = false, problem("superblock: log of %u blocks (1 to %zu + header)", sb_.nlog, LOGSIZE);
    if (sb_.ninodes < 2) ok = false, problem("superblock: only %u inodes", sb_.ninodes);
    if (sb_.logstart + sb_.nlog > sb_.inodestart)
        ok = false, problem("superblock: the log overlaps the inodes");
    if (sb_.inodestart + ninodeblocks > sb_.bmapstart)
        ok = false, problem("superblock: the inodes overlap the bitmap");
    if (sb_.bmapstart + nbitmap > sb_.size)
        ok = false, problem("superblock: the bitmap does not fit in the image");
    datastart_ = sb_.bmapstart + nbitmap;
    if (ok && sb_.nblocks != sb_.size - datastart_)
        problem("superblock: nblocks %u, but the data area has %u blocks", sb_.nblocks,
                sb_.size - datastart_);
    return ok;
}

void Checker::replay_log() {
    LogHeader header;
    std::memcpy(&header, block(sb_.logstart), sizeof(header));
    if (header.n == 0) return;
    if (header.n > sb_.nlog - 1) {
        problem("log: header counts %u blocks, the log holds %u", header.n, sb_.nlog - 1);
        return;
    }
    std::printf("fsck: replaying %u logged blocks, as the kernel will at boot\n", header.n);
    for (u32 i = 0; i < header.n; i++) {
        if (header.block[i] >= sb_.size) {
            problem("log: entry %u names block %u outside the image", i, header.block[i]);
            continue;
        }
        std::memcpy(block(header.block[i]), block(sb_.logstart + 1 + i), BSIZE);
    }
}

// Record that inode inum uses block b; false if b cannot be used.
bool Checker::claim(u32 b, u32 inum, const char* what) {
    if (b < datastart_ || b >= sb_.size) {
        problem("inode %u: %s block %u is outside the data area [%u, %u)", inum, what, b,
                datastart_, sb_.size);
        return false;
    }
    if (owner_[b] != 0) {
        problem("block %u is used twice: by inode %u and inode %u", b, owner_[b], inum);
        return false;
    }
    owner_[b] = inum;
    return true;
}

void Checker::check_inode_blocks(u32 inum) {
    const DiskInode& d = inode(inum);
    if (d.size > MAXFILE * BSIZE)
        problem("inode %u: size %u is past the largest file", inum, d.size);
    for (usize i = 0; i < NDIRECT; i++)
        if (d.addrs[i]) claim(d.addrs[i], inum, "data");
    if (u32 t = d.addrs[INDIRECT_SLOT]; t && claim(t, inum, "indirect")) {
        const u32* entries = reinterpret_cast<const u32*>(block(t));
        for (usize i = 0; i < NINDIRECT; i++)
            if (entries[i]) claim(entries[i], inum, "data");
    }
    if (u32 top = d.addrs[DINDIRECT_SLOT]; top && claim(top, inum, "double-indirect")) {
        const u32* middles = reinterpret_cast<const u32*>(block(top));
        for (usize i = 0; i < NINDIRECT; i++) {
            if (!middles[i] || !claim(middles[i], inum, "indirect")) continue;
            const u32* entries = reinterpret_cast<const u32*>(block(middles[i]));
            for (usize j = 0; j < NINDIRECT; j++)
                if (entries[j]) claim(entries[j], inum, "data");
        }
    }
}

u32 Checker::file_block(u32 inum, u32 bn) const {
    const DiskInode& d = inode(inum);
    auto valid = [&](u32 b) { return b >= datastart_ && b < sb_.size ? b : 0; };
    auto entry = [&](u32 table, u32 i) -> u32 {
        if (!valid(table)) return 0;
        return valid(reinterpret_cast<const u32*>(block(table))[i]);
    };
    if (bn < NDIRECT) return valid(d.addrs[bn]);
    bn -= NDIRECT;
    if (bn < NINDIRECT) return entry(d.addrs[INDIRECT_SLOT], bn);
    bn -= NINDIRECT;
    if (bn < NDINDIRECT)
        return entry(entry(d.addrs[DINDIRECT_SLOT], bn / NINDIRECT), bn % NINDIRECT);
    return 0;
}

void Checker::check_directory(u32 dir, u32 parent) {
    const DiskInode& d = inode(dir);
    if (d.size % sizeof(DirEntry) != 0)
        problem("directory %u: size %u is not a multiple of %zu", dir, d.size, sizeof(DirEntry));
    u32 count = d.size / sizeof(DirEntry);
    if (count < 2) problem("directory %u: no room for \".\" and \"..\"", dir);

    for (u32 i = 0; i < count; i++) {
        u32 off = i * sizeof(DirEntry);
        u32 b = file_block(dir, off / BSIZE);
        DirEntry de{};
        if (b) std::memcpy(&de, block(b) + off % BSIZE, sizeof(de));
        std::string name(de.name, strnlen(de.name, DIRSIZ));

        if (i == 0 && (name != "." || de.inum != dir))
            problem("directory %u: first entry is \"%s\" -> %u, not \".\" -> %u", dir, name.c_str(),
                    de.inum, dir);
        if (i == 1 && (name != ".." || de.inum != parent))
            problem("directory %u: second entry is \"%s\" -> %u, not \"..\" -> %u", dir,
                    name.c_str(), de.inum, parent);
        if (de.inum == 0) continue;
        if (de.inum >= sb_.ninodes) {
            problem("directory %u: entry \"%s\" names inode %u, past the last (%u)", dir,
                    name.c_str(), de.inum, sb_.ninodes - 1);
            continue;
        }
        if (inode(de.inum).type == InodeType::Free) {
            problem("directory %u: entry \"%s\" names free inode %u", dir, name.c_str(), de.inum);
            continue;
        }
        if (i >= 2 && (name == "." || name == ".."))
            problem("directory %u: extra \"%s\" entry at offset %u", dir, name.c_str(), off);
        if (i == 0) continue; // "." is not a link
        names_[de.inum]++;
        if (i == 1) continue; // ".." leads back up, not down
        if (inode(de.inum).type == InodeType::Directory && reached_[de.inum]) {
            problem("directory %u: entry \"%s\" names directory %u, already named elsewhere", dir,
                    name.c_str(), de.inum);
            continue;
        }
        reached_[de.inum] = true;
    }
}

void Checker::walk_tree() {
    if (inode(ROOTINO).type != InodeType::Directory) {
        problem("inode %u (the root) is not a directory", ROOTINO);
        return;
    }
    reached_[ROOTINO] = true;
    // Breadth first; each directory is queued once, when first named.
    std::deque<std::pair<u32, u32>> queue{{ROOTINO, ROOTINO}}; // (dir, parent)
    std::vector<bool> queued(sb_.ninodes, false);
    queued[ROOTINO] = true;
    while (!queue.empty()) {
        auto [dir, parent] = queue.front();
        queue.pop_front();
        check_directory(dir, parent);
        // Its subdirectories (entries 2.. that are directories).
        const DiskInode& d = inode(dir);
        for (u32 off = 2 * sizeof(DirEntry); off + sizeof(DirEntry) <= d.size;
             off += sizeof(DirEntry)) {
            u32 b = file_block(dir, off / BSIZE);
            if (!b) continue;
            DirEntry de;
            std::memcpy(&de, block(b) + off % BSIZE, sizeof(de));
            if (de.inum == 0 || de.inum >= sb_.ninodes || queued[de.inum]) continue;
            if (inode(de.inum).type != InodeType::Directory) continue;
            queued[de.inum] = true;
            queue.push_back({de.inum, dir});
        }
    }
}

void Checker::check_links() {
    static const char* type_names[] = {"free", "directory", "file", "device"};
    for (u32 inum = 1; inum < sb_.ninodes; inum++) {
        const DiskInode& d = inode(inum);
        if (d.type == InodeType::Free || static_cast<u16>(d.type) > 3)
            continue; // (unknown: reported)
        const char* type = type_names[static_cast<u16>(d.type)];
        if (!reached_[inum]) {
            problem("inode %u (%s, %u links) is allocated but not reachable from the root", inum,
                    type, d.nlink);
            continue;
        }
        if (d.nlink != names_[inum])
            problem("inode %u (%s): link count %u, but %u directory entries name it", inum, type,
                    d.nlink, names_[inum]);
    }
}

void Checker::check_bitmap() {
    for (u32 b = 0; b < sb_.size; b++) {
        bool marked = block(bitmap_block(b, sb_))[(b % BPB) / 8] & (1 << (b % 8));
        bool used = b < datastart_ || owner_[b] != 0;
        if (used && !marked) {
            if (b < datastart_)
                problem("bitmap: metadata block %u is marked free", b);
            else
                problem("bitmap: block %u (inode %u) is in use but marked free", b, owner_[b]);
        } else if (!used && marked) {
            problem("bitmap: block %u is marked in use but no inode uses it", b);
        }
    }
}

int Checker::run() {
    if (!check_superblock()) return 1;
    replay_log();

    owner_.assign(sb_.size, 0);
    names_.assign(sb_.ninodes, 0);
    reached_.assign(sb_.ninodes, false);
    for (u32 inum = 1; inum < sb_.ninodes; inum++) {
        u16 type = static_cast<u16>(inode(inum).type);
        if (type > static_cast<u16>(InodeType::Device)) {
            problem("inode %u: unknown type %u", inum, type);
            continue;
        }
        if (type != 0) check_inode_blocks(inum);
    }
    walk_tree();
    check_links();
    check_bitmap();

    if (problems_ == 0) {
        std::printf("fsck: clean\n");
        return 0;
    }
    if (problems_ > MAX_REPORTED)
        std::printf("fsck: ... and %zu more problems\n", problems_ - MAX_REPORTED);
    return 1;
}

} // namespace

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fsck IMAGE\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fsck: cannot read %s: %s\n", argv[1], std::strerror(errno));
        return 2;
    }
    std::vector<u8> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Checker checker(std::move(bytes));
    return checker.run();
}
