// mkfs: build a fresh Weft disk image on the host.
//
//   mkfs IMAGE FILE...
//
// The image (FSSIZE blocks, kernel/param.h) holds the directories /,
// /bin, /dev and /tmp, the console device /dev/console (major 1, minor
// 0), and each FILE: copied to /bin/<basename of FILE>, or, written as
// DEST=SRC, to the path DEST (missing directories on the way are made).
// The format is kernel/fs/layout.h, shared with the kernel and fsck.
//
// The image is built in memory and written out at the end: blocks are
// handed out in order from the start of the data area, and the free
// bitmap is written last, marking every block used so far.
//
// Errors (bad arguments, unreadable FILE, a name too long, a full image)
// print one line on stderr and exit with status 1 (2 for usage).
#include "fs/layout.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace fs;

namespace {

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "mkfs: %s\n", message.c_str());
    std::exit(1);
}

// The on-disk areas, in order (see layout.h).
constexpr u32 NLOG = LOGSIZE + 1; // the header and LOGSIZE blocks
constexpr u32 NINODEBLOCKS = NINODES / IPB + 1;
constexpr u32 NBITMAP = FSSIZE / BPB + 1;
constexpr u32 LOGSTART = 2;
constexpr u32 INODESTART = LOGSTART + NLOG;
constexpr u32 BMAPSTART = INODESTART + NINODEBLOCKS;
constexpr u32 DATASTART = BMAPSTART + NBITMAP;
static_assert(DATASTART < FSSIZE, "no room for data");

class Image {
public:
    Image() : bytes_(FSSIZE * BSIZE, 0) {
        sb_.magic = FS_MAGIC;
        sb_.size = FSSIZE;
        sb_.nblocks = FSSIZE - DATASTART;
        sb_.ninodes = NINODES;
        sb_.nlog = NLOG;
        sb_.logstart = LOGSTART;
        sb_.inodestart = INODESTART;
        sb_.bmapstart = BMAPSTART;
        std::memcpy(block(SUPERBLOCK_BLOCK), &sb_, sizeof(sb_));
    }

    u8* block(u32 b) { return &bytes_[static_cast<usize>(b) * BSIZE]; }
    DiskInode& inode(u32 inum) {
        return reinterpret_cast<DiskInode*>(block(inode_block(inum, sb_)))[inum % IPB];
    }

    u32 alloc_block() {
        if (next_block_ >= FSSIZE)
            fail("the image is full (" + std::to_string(FSSIZE) + " blocks)");
        return next_block_++;
    }

    u32 alloc_inode(InodeType type) {
        if (next_inode_ >= NINODES) fail("out of inodes (" + std::to_string(NINODES) + ")");
        u32 inum = next_inode_++;
        DiskInode& d = inode(inum);
        d = DiskInode{};
        d.type = type;
        return inum;
    }

    // The disk block holding block bn of inode inum, allocated if missing.
    u32 bmap(u32 inum, u32 bn) {
        DiskInode& d = inode(inum);
        if (bn < NDIRECT) return ensure(d.addrs[bn]);
        bn -= NDIRECT;
        if (bn < NINDIRECT) return ensure(table(ensure(d.addrs[INDIRECT_SLOT]))[bn]);
        bn -= NINDIRECT;
        if (bn < NDINDIRECT) {
            u32 middle = ensure(table(ensure(d.addrs[DINDIRECT_SLOT]))[bn / NINDIRECT]);
            return ensure(table(middle)[bn % NINDIRECT]);
        }
        fail("a file is larger than the largest file (" + std::to_string(MAXFILE * BSIZE) +
             " bytes)");
    }

    // Append n bytes to inode inum.
    void append(u32 inum, const void* data, usize n) {
        const u8* p = static_cast<const u8*>(data);
        while (n > 0) {
            u32 off = inode(inum).size;
            u32 b = bmap(inum, off / BSIZE);
            usize chunk = BSIZE - off % BSIZE;
            if (chunk > n) chunk = n;
            std::memcpy(block(b) + off % BSIZE, p, chunk);
            inode(inum).size = static_cast<u32>(off + chunk);
            p += chunk;
            n -= chunk;
        }
    }

    // The inode named name in directory dir, or 0.
    u32 lookup(u32 dir, const std::string& name) {
        u32 size = inode(dir).size;
        for (u32 off = 0; off < size; off += sizeof(DirEntry)) {
            DirEntry de;
            std::memcpy(&de, block(bmap(dir, off / BSIZE)) + off % BSIZE, sizeof(de));
            if (de.inum != 0 && std::strncmp(de.name, name.c_str(), DIRSIZ) == 0) return de.inum;
        }
        return 0;
    }

    void link(u32 dir, const std::string& name, u32 inum) {
        if (name.empty() || name.size() > DIRSIZ)
            fail("bad name '" + name + "' (1 to " + std::to_string(DIRSIZ) + " characters)");
        if (lookup(dir, name)) fail("'" + name + "' exists twice");
        DirEntry de{};
        de.inum = static_cast<u16>(inum);
        std::memcpy(de.name, name.data(), name.size()); // NUL-padded, not terminated when full
        append(dir, &de, sizeof(de));
        inode(inum).nlink++;
    }

    // A new directory name in parent (for the root, parent == 0).
    u32 make_dir(u32 parent, const std::string& name) {
        u32 dir = alloc_inode(InodeType::Directory);
        // "." does not count as a link (see layout.h); ".." does.
        DirEntry dot{};
        dot.inum = static_cast<u16>(dir);
        dot.name[0] = '.';
        append(dir, &dot, sizeof(dot));
        if (parent == 0) {
            link(dir, "..", dir); // the root is its own parent
        } else {
            link(dir, "..", parent);
            link(parent, name, dir);
        }
        return dir;
    }

    // Write the free bitmap and the image file.
    void save(const std::string& path) {
        for (u32 b = 0; b < next_block_; b++)
            block(BMAPSTART + b / BPB)[(b % BPB) / 8] |= 1 << (b % 8);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out) fail("cannot write " + path + ": " + std::strerror(errno));
        out.write(reinterpret_cast<const char*>(bytes_.data()),
                  static_cast<std::streamsize>(bytes_.size()));
        out.close();
        if (!out) fail("cannot write " + path + ": " + std::strerror(errno));
    }

    u32 blocks_used() const { return next_block_; }
    u32 inodes_used() const { return next_inode_ - 1; }

private:
    u32 ensure(u32& slot) {
        if (slot == 0) slot = alloc_block();
        return slot;
    }
    u32* table(u32 b) { return reinterpret_cast<u32*>(block(b)); }

    std::vector<u8> bytes_;
    SuperBlock sb_{};
    u32 next_block_ = DATASTART;
    u32 next_inode_ = ROOTINO; // inode 0 is never used
};

std::vector<u8> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("cannot read " + path + ": " + std::strerror(errno));
    std::vector<u8> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) fail("cannot read " + path + ": " + std::strerror(errno));
    return data;
}

// Split "a//b/c" into {"a", "b", "c"}.
std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : path + "/") {
        if (c != '/') {
            part += c;
        } else if (!part.empty()) {
            parts.push_back(part);
            part.clear();
        }
    }
    return parts;
}

} // namespace

int main(int argc, char* argv[]) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: mkfs IMAGE [FILE | DEST=SRC]...\n");
        return 2;
    }

    Image image;
    u32 root = image.make_dir(0, "");
    if (root != ROOTINO) fail("the root directory must be inode 1");
    u32 bin = image.make_dir(root, "bin");
    u32 dev = image.make_dir(root, "dev");
    image.make_dir(root, "tmp");
    u32 console = image.alloc_inode(InodeType::Device);
    image.inode(console).major = 1;
    image.inode(console).minor = 0;
    image.link(dev, "console", console);

    for (int i = 2; i < argc; i++) {
        std::string arg = argv[i];
        std::string dest, src;
        if (usize eq = arg.find('='); eq != std::string::npos) {
            dest = arg.substr(0, eq);
            src = arg.substr(eq + 1);
        } else {
            src = arg;
        }
        std::vector<u8> data = read_file(src);

        u32 dir = bin;
        std::string name;
        if (dest.empty()) {
            usize slash = src.find_last_of('/');
            name = slash == std::string::npos ? src : src.substr(slash + 1);
        } else {
            std::vector<std::string> parts = split_path(dest);
            if (parts.empty()) fail("bad destination '" + dest + "'");
            dir = root;
            for (usize p = 0; p + 1 < parts.size(); p++) {
                u32 next = image.lookup(dir, parts[p]);
                if (next == 0)
                    next = image.make_dir(dir, parts[p]);
                else if (image.inode(next).type != InodeType::Directory)
                    fail("'" + parts[p] + "' in " + dest + " is not a directory");
                dir = next;
            }
            name = parts.back();
        }
        u32 file = image.alloc_inode(InodeType::File);
        image.link(dir, name, file);
        image.append(file, data.data(), data.size());
    }

    image.save(argv[1]);
    std::printf("mkfs: %s: %u blocks (%u used), %u inodes (%u used)\n", argv[1],
                static_cast<u32>(FSSIZE), image.blocks_used(), NINODES, image.inodes_used());
    return 0;
}
