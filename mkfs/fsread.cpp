// fsread: copy one file out of a Weft disk image, on the host.
//
//   fsread IMAGE /path/in/image > out
//
// For getting what a program wrote inside QEMU (a scheduler trace, a
// log) after QEMU has exited: the file's bytes go to stdout. Follows the
// path from the root directory, then the file's direct, single-indirect
// and double-indirect blocks (kernel/fs/layout.h); a hole reads as zeros.
//
// The log: if the image holds a committed transaction not yet installed
// (the machine stopped between the commit and the install), it is applied
// in memory first, as the kernel does at boot and as fsck does, so the
// file reads as the kernel would see it. The image itself is not changed.
//
// Errors are one line on stderr and exit status 1 (2 for bad usage).
#include "fs/layout.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace fs;

namespace {

class Image {
public:
    explicit Image(std::vector<u8> bytes) : bytes_(std::move(bytes)) {}

    // Read the superblock and replay a committed log; an error message or "".
    std::string open();
    // The inode number at path (absolute), or 0 with *error set.
    u32 lookup(const std::string& path, std::string* error) const;
    // Write inode inum's bytes to out; an error message or "".
    std::string copy_out(u32 inum, std::FILE* out) const;

private:
    usize nblocks_in_image() const { return bytes_.size() / BSIZE; }
    const u8* block(u32 b) const { return &bytes_[static_cast<usize>(b) * BSIZE]; }
    u8* block(u32 b) { return &bytes_[static_cast<usize>(b) * BSIZE]; }
    bool valid_inum(u32 inum) const { return inum >= 1 && inum < sb_.ninodes; }
    const DiskInode& inode(u32 inum) const {
        return reinterpret_cast<const DiskInode*>(block(inode_block(inum, sb_)))[inum % IPB];
    }
    // The disk block holding block bn of inode inum: 0 for a hole; an
    // address outside the image sets *bad.
    u32 file_block(u32 inum, u32 bn, bool* bad) const;
    // Entry `name` of directory dir: its inode number, or 0.
    u32 find_entry(u32 dir, const std::string& name) const;

    std::vector<u8> bytes_;
    SuperBlock sb_{};
};

std::string Image::open() {
    if (nblocks_in_image() < 2) return "too small to hold a file system";
    std::memcpy(&sb_, block(SUPERBLOCK_BLOCK), sizeof sb_);
    if (sb_.magic != FS_MAGIC) return "not a Weft file system (bad magic number)";
    if (sb_.size > nblocks_in_image() || sb_.logstart + sb_.nlog > sb_.size || sb_.nlog < 2 ||
        inode_block(sb_.ninodes - 1, sb_) >= sb_.size)
        return "the superblock's areas do not fit in the image";

    // A committed transaction waiting in the log: install it (in memory).
    LogHeader header;
    std::memcpy(&header, block(sb_.logstart), sizeof header);
    if (header.n > sb_.nlog - 1) return "the log header counts more blocks than the log holds";
    for (u32 i = 0; i < header.n; i++) {
        if (header.block[i] >= sb_.size) return "the log names a block outside the image";
        std::memcpy(block(header.block[i]), block(sb_.logstart + 1 + i), BSIZE);
    }
    return "";
}

u32 Image::file_block(u32 inum, u32 bn, bool* bad) const {
    const DiskInode& d = inode(inum);
    auto checked = [&](u32 b) -> u32 {
        if (b >= sb_.size) {
            *bad = true;
            return 0;
        }
        return b;
    };
    auto entry = [&](u32 table, u32 i) -> u32 {
        table = checked(table);
        if (table == 0) return 0;
        return checked(reinterpret_cast<const u32*>(block(table))[i]);
    };
    if (bn < NDIRECT) return checked(d.addrs[bn]);
    bn -= NDIRECT;
    if (bn < NINDIRECT) return entry(d.addrs[INDIRECT_SLOT], bn);
    bn -= NINDIRECT;
    if (bn < NDINDIRECT)
        return entry(entry(d.addrs[DINDIRECT_SLOT], bn / NINDIRECT), bn % NINDIRECT);
    *bad = true;
    return 0;
}

u32 Image::find_entry(u32 dir, const std::string& name) const {
    if (name.size() > DIRSIZ) return 0;
    const DiskInode& d = inode(dir);
    for (u32 off = 0; off + sizeof(DirEntry) <= d.size; off += sizeof(DirEntry)) {
        bool bad = false;
        u32 b = file_block(dir, off / BSIZE, &bad);
        if (b == 0) continue;
        DirEntry de;
        std::memcpy(&de, block(b) + off % BSIZE, sizeof de);
        if (de.inum != 0 && std::string(de.name, strnlen(de.name, DIRSIZ)) == name) return de.inum;
    }
    return 0;
}

u32 Image::lookup(const std::string& path, std::string* error) const {
    if (path.empty() || path[0] != '/') {
        *error = "the path must start with /";
        return 0;
    }
    u32 inum = ROOTINO;
    std::string walked;
    usize pos = 0;
    while (pos < path.size()) {
        usize slash = path.find('/', pos);
        if (slash == std::string::npos) slash = path.size();
        std::string name = path.substr(pos, slash - pos);
        pos = slash + 1;
        if (name.empty()) continue; // "//" or a trailing "/"
        if (inode(inum).type != InodeType::Directory) {
            *error = (walked.empty() ? "/" : walked) + " is not a directory";
            return 0;
        }
        walked += "/" + name;
        u32 next = find_entry(inum, name);
        if (!valid_inum(next) || inode(next).type == InodeType::Free) {
            *error = "no such file";
            return 0;
        }
        inum = next;
    }
    return inum;
}

std::string Image::copy_out(u32 inum, std::FILE* out) const {
    const DiskInode& d = inode(inum);
    if (d.type == InodeType::Directory) return "is a directory";
    if (d.type != InodeType::File) return "not a regular file";
    if (d.size > MAXFILE * BSIZE) return "its size is past the largest file: the inode is damaged";
    static const u8 zeros[BSIZE] = {};
    for (u32 off = 0; off < d.size; off += BSIZE) {
        bool bad = false;
        u32 b = file_block(inum, off / BSIZE, &bad);
        if (bad) return "a block address outside the image: the inode is damaged";
        usize n = d.size - off < BSIZE ? d.size - off : BSIZE;
        if (std::fwrite(b ? block(b) : zeros, 1, n, out) != n) return "cannot write the output";
    }
    return "";
}

} // namespace

int main(int argc, char* argv[]) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: fsread IMAGE /path/in/image > out\n");
        return 2;
    }
    const char* image_path = argv[1];
    const char* path = argv[2];
    std::ifstream in(image_path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fsread: cannot read %s: %s\n", image_path, std::strerror(errno));
        return 1;
    }
    Image image(
        std::vector<u8>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    if (std::string e = image.open(); !e.empty()) {
        std::fprintf(stderr, "fsread: %s: %s\n", image_path, e.c_str());
        return 1;
    }
    std::string error;
    u32 inum = image.lookup(path, &error);
    if (inum == 0) {
        std::fprintf(stderr, "fsread: %s: %s\n", path, error.c_str());
        return 1;
    }
    if (std::string e = image.copy_out(inum, stdout); !e.empty()) {
        std::fprintf(stderr, "fsread: %s: %s\n", path, e.c_str());
        return 1;
    }
    if (std::fflush(stdout) != 0) {
        std::fprintf(stderr, "fsread: writing the output: %s\n", std::strerror(errno));
        return 1;
    }
    return 0;
}
