// fdt::read_boot_info on a device tree dumped from QEMU itself
// (make host-test runs: qemu-system-riscv64 -machine virt,dumpdtb=...
// -smp 3 -m 256M, and passes the file in WEFT_DTB).
#include <gtest/gtest.h>

#include "lib/fdt.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

std::vector<unsigned char> load_dtb() {
    const char* path = std::getenv("WEFT_DTB");
    if (!path || !*path) return {};
    std::ifstream in(path, std::ios::binary);
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

class Fdt : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::getenv("WEFT_DTB")) GTEST_SKIP() << "WEFT_DTB not set (make host-test sets it)";
        blob_ = load_dtb();
        ASSERT_GT(blob_.size(), 40u) << "cannot read the DTB in WEFT_DTB";
    }
    std::vector<unsigned char> blob_;
};

TEST_F(Fdt, ReadsQemuVirtBootInfo) {
    fdt::BootInfo info;
    ASSERT_TRUE(fdt::read_boot_info(blob_.data(), info));
    EXPECT_EQ(info.harts, 3u);
    EXPECT_EQ(info.memory_base, 0x80000000ull);
    EXPECT_EQ(info.memory_size, 256ull << 20);
    EXPECT_EQ(info.timebase_frequency, 10000000ull);
    EXPECT_STREQ(info.bootargs, ""); // dumped without -append
}

TEST_F(Fdt, RejectsABlobWithoutTheMagic) {
    blob_[0] ^= 0xff;
    fdt::BootInfo info;
    EXPECT_FALSE(fdt::read_boot_info(blob_.data(), info));
}

TEST(FdtNoFile, RejectsZeros) {
    alignas(8) unsigned char zeros[64] = {};
    fdt::BootInfo info;
    EXPECT_FALSE(fdt::read_boot_info(zeros, info));
}

} // namespace
