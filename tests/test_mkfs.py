"""The host tools: mkfs builds an image that fsck finds clean, puts each
file where it was asked to, and fsck reports each kind of damage done to
a copy of a good image. No QEMU here: the image is read back by a small
Python reader of kernel/fs/layout.h (kept deliberately independent of the
C++ code, so a mistake shared by mkfs and fsck still shows).
"""

import os
import struct
import subprocess

import pytest

from weft import BUILD, BUILD_DIR, ROOT

MKFS = BUILD / "mkfs" / "mkfs"
FSCK = BUILD / "mkfs" / "fsck"

# kernel/fs/layout.h
BSIZE = 1024
FS_MAGIC = 0x57656674
ROOTINO = 1
NDIRECT = 11
NINDIRECT = BSIZE // 4
DINODE_SIZE = 64
IPB = BSIZE // DINODE_SIZE
BPB = BSIZE * 8
DIRENT_SIZE = 16
T_DIR, T_FILE, T_DEVICE = 1, 2, 3


@pytest.fixture(scope="module", autouse=True)
def tools():
    subprocess.run(
        ["make", "-s", f"BUILD={BUILD_DIR}", f"{BUILD_DIR}/mkfs/mkfs", f"{BUILD_DIR}/mkfs/fsck"],
        cwd=ROOT,
        check=False,
    )
    if not (MKFS.exists() and FSCK.exists()):
        pytest.skip("mkfs/fsck not built")


class Image:
    """Read-only view of an image, enough to find files and damage it."""

    def __init__(self, path):
        self.path = path
        self.data = bytearray(path.read_bytes())
        (self.magic, self.size, self.nblocks, self.ninodes, self.nlog, self.logstart,
         self.inodestart, self.bmapstart) = struct.unpack_from("<8I", self.data, BSIZE)

    def save(self):
        self.path.write_bytes(bytes(self.data))

    def inode_offset(self, inum):
        return (self.inodestart + inum // IPB) * BSIZE + (inum % IPB) * DINODE_SIZE

    def inode(self, inum):
        fields = struct.unpack_from("<HHHHI13I", self.data, self.inode_offset(inum))
        return {"type": fields[0], "major": fields[1], "minor": fields[2], "nlink": fields[3],
                "size": fields[4], "addrs": list(fields[5:])}

    def set_inode_field(self, inum, name, value):
        offsets = {"type": 0, "nlink": 6, "size": 8}
        fmt = "<I" if name == "size" else "<H"
        struct.pack_into(fmt, self.data, self.inode_offset(inum) + offsets[name], value)

    def set_addr(self, inum, i, block):
        struct.pack_into("<I", self.data, self.inode_offset(inum) + 12 + 4 * i, block)

    def table(self, block):
        return struct.unpack_from(f"<{NINDIRECT}I", self.data, block * BSIZE)

    def file_block(self, ip, bn):
        if bn < NDIRECT:
            return ip["addrs"][bn]
        bn -= NDIRECT
        if bn < NINDIRECT:
            return self.table(ip["addrs"][NDIRECT])[bn]
        bn -= NINDIRECT
        middle = self.table(ip["addrs"][NDIRECT + 1])[bn // NINDIRECT]
        return self.table(middle)[bn % NINDIRECT]

    def read(self, inum):
        ip = self.inode(inum)
        out = bytearray()
        for bn in range((ip["size"] + BSIZE - 1) // BSIZE):
            b = self.file_block(ip, bn)
            out += self.data[b * BSIZE:(b + 1) * BSIZE]
        return bytes(out[:ip["size"]])

    def entries(self, dir_inum):
        raw = self.read(dir_inum)
        for off in range(0, len(raw), DIRENT_SIZE):
            inum, name = struct.unpack_from("<H14s", raw, off)
            if inum:
                yield name.rstrip(b"\0").decode(), inum, off

    def lookup(self, path):
        inum = ROOTINO
        for part in [p for p in path.split("/") if p]:
            found = [i for n, i, _ in self.entries(inum) if n == part]
            if not found:
                return None
            inum = found[0]
        return inum

    def set_entry_inum(self, dir_inum, name, value):
        for n, _, off in self.entries(dir_inum):
            if n == name:
                ip = self.inode(dir_inum)
                b = self.file_block(ip, off // BSIZE)
                struct.pack_into("<H", self.data, b * BSIZE + off % BSIZE, value)
                return
        raise KeyError(name)

    def flip_bitmap_bit(self, block):
        offset = (self.bmapstart + block // BPB) * BSIZE + (block % BPB) // 8
        self.data[offset] ^= 1 << (block % 8)


def mkfs(image, *files):
    return subprocess.run([str(MKFS), str(image), *map(str, files)], capture_output=True,
                          text=True, timeout=60)


def fsck(image):
    return subprocess.run([str(FSCK), str(image)], capture_output=True, text=True, timeout=60)


@pytest.fixture
def inputs(tmp_path):
    small = tmp_path / "hello.txt"
    small.write_bytes(b"hello, weft\n")
    # Past the direct and single-indirect blocks: uses the double-indirect block.
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom((NDIRECT + NINDIRECT + 40) * BSIZE + 123))
    return small, big


@pytest.fixture
def good_image(tmp_path, inputs):
    small, big = inputs
    image = tmp_path / "fs.img"
    result = mkfs(image, small, big, f"etc/motd={small}")
    assert result.returncode == 0, result.stderr
    return image


def test_fresh_image_is_clean(good_image):
    result = fsck(good_image)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("fsck: clean")


def test_image_has_the_standard_directories_and_console(good_image):
    img = Image(good_image)
    assert img.magic == FS_MAGIC
    for d in ["/bin", "/dev", "/tmp", "/etc"]:
        assert img.inode(img.lookup(d))["type"] == T_DIR, d
    console = img.inode(img.lookup("/dev/console"))
    assert (console["type"], console["major"], console["minor"]) == (T_DEVICE, 1, 0)


def test_files_land_in_bin_or_at_their_destination(good_image, inputs):
    small, big = inputs
    img = Image(good_image)
    assert img.read(img.lookup("/bin/hello.txt")) == small.read_bytes()
    assert img.read(img.lookup("/etc/motd")) == small.read_bytes()
    # Read back through the double-indirect block.
    assert img.read(img.lookup("/bin/big.bin")) == big.read_bytes()


def test_root_links_count_subdirectories(good_image):
    img = Image(good_image)
    # The root's own ".." plus one ".." per subdirectory (bin, dev, tmp, etc).
    assert img.inode(ROOTINO)["nlink"] == 5


def damage_and_check(image, damage, expected):
    img = Image(image)
    damage(img)
    img.save()
    result = fsck(image)
    assert result.returncode == 1, result.stdout
    assert expected in result.stdout, result.stdout
    return result


def test_fsck_reports_a_block_marked_free_but_in_use(good_image):
    def damage(img):
        ip = img.inode(img.lookup("/bin/hello.txt"))
        img.flip_bitmap_bit(ip["addrs"][0])

    damage_and_check(good_image, damage, "in use but marked free")


def test_fsck_reports_a_wrong_link_count(good_image):
    def damage(img):
        inum = img.lookup("/bin/hello.txt")
        img.set_inode_field(inum, "nlink", 3)

    damage_and_check(good_image, damage, "link count 3, but 1 directory entries")


def test_fsck_reports_an_entry_naming_a_free_inode(good_image):
    def damage(img):
        free = next(i for i in range(2, img.ninodes) if img.inode(i)["type"] == 0)
        img.set_entry_inum(img.lookup("/bin"), "hello.txt", free)

    result = damage_and_check(good_image, damage, "names free inode")
    # The file it named is now unreachable, too.
    assert "not reachable" in result.stdout


def test_fsck_reports_a_block_used_twice(good_image):
    def damage(img):
        a = img.lookup("/bin/hello.txt")
        b = img.lookup("/etc/motd")
        img.set_addr(b, 0, img.inode(a)["addrs"][0])

    damage_and_check(good_image, damage, "used twice")


def test_fsck_reports_a_wrong_dotdot(good_image):
    def damage(img):
        img.set_entry_inum(img.lookup("/etc"), "..", img.lookup("/bin"))

    damage_and_check(good_image, damage, 'not ".."')


def test_fsck_reports_a_bad_superblock(good_image):
    def damage(img):
        struct.pack_into("<I", img.data, BSIZE, 0x12345678)

    damage_and_check(good_image, damage, "bad magic")


def test_fsck_replays_a_committed_log(good_image):
    """A transaction committed but not installed is what the kernel would
    replay at boot: fsck replays it too (in memory) and checks the result."""
    img = Image(good_image)
    inum = img.lookup("/bin/hello.txt")
    inode_block = img.inodestart + inum // IPB
    # Log a copy of the inode block with the nlink field damaged...
    block = bytearray(img.data[inode_block * BSIZE:(inode_block + 1) * BSIZE])
    struct.pack_into("<H", block, (inum % IPB) * DINODE_SIZE + 6, 7)
    img.data[(img.logstart + 1) * BSIZE:(img.logstart + 2) * BSIZE] = block
    struct.pack_into("<II", img.data, img.logstart * BSIZE, 1, inode_block)
    img.save()
    result = fsck(good_image)
    assert "replaying 1 logged blocks" in result.stdout
    assert "link count 7" in result.stdout


def test_mkfs_rejects_bad_arguments(tmp_path):
    result = mkfs(tmp_path / "x.img")
    assert result.returncode == 0  # an image with no files is fine
    result = subprocess.run([str(MKFS)], capture_output=True, text=True)  # no image: usage
    assert result.returncode != 0 and "usage" in result.stderr
    result = mkfs(tmp_path / "y.img", tmp_path / "missing")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot read" in result.stderr
    long_name = tmp_path / ("n" * 20)
    long_name.write_bytes(b"x")
    result = mkfs(tmp_path / "z.img", long_name)
    assert result.returncode != 0 and "bad name" in result.stderr


def test_mkfs_rejects_a_duplicate_name(tmp_path, inputs):
    small, _ = inputs
    result = mkfs(tmp_path / "d.img", small, small)
    assert result.returncode != 0 and "exists twice" in result.stderr


def test_fsck_rejects_bad_arguments(tmp_path):
    result = subprocess.run([str(FSCK)], capture_output=True, text=True)
    assert result.returncode == 2 and "usage" in result.stderr
    result = fsck(tmp_path / "missing.img")
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_fsck_of_the_built_image_is_clean():
    image = BUILD / "fs.img"
    if not image.exists():
        pytest.skip("no fs.img built")
    result = fsck(image)  # fsck only reads the image
    assert result.returncode == 0, result.stdout
