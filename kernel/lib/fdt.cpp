#include "lib/fdt.h"
#include "lib/string.h"

namespace {

constexpr u32 FDT_MAGIC = 0xd00dfeed;
constexpr u32 FDT_BEGIN_NODE = 1;
constexpr u32 FDT_END_NODE = 2;
constexpr u32 FDT_PROP = 3;
constexpr u32 FDT_NOP = 4;
constexpr u32 FDT_END = 9;

u32 be32(const void* p) {
    const auto* b = static_cast<const u8*>(p);
    return (u32(b[0]) << 24) | (u32(b[1]) << 16) | (u32(b[2]) << 8) | u32(b[3]);
}

u64 read_cells(const u8* p, u32 cells) {
    u64 v = 0;
    for (u32 i = 0; i < cells; i++)
        v = (v << 32) | be32(p + 4 * i);
    return v;
}

bool name_is(const char* node, const char* base) {
    // "memory@80000000" is named "memory"; "cpus" is "cpus".
    usize n = strlen(base);
    return kstr::compare(node, base, n) == 0 && (node[n] == 0 || node[n] == '@');
}

} // namespace

namespace fdt {

bool read_boot_info(const void* blob, BootInfo& info) {
    const auto* base = static_cast<const u8*>(blob);
    if (be32(base) != FDT_MAGIC) return false;
    const u8* structs = base + be32(base + 8);
    const char* strings = reinterpret_cast<const char*>(base + be32(base + 12));
    u32 struct_size = be32(base + 36);

    // The path from the root to the current node, by name.
    constexpr int MAX_DEPTH = 8;
    const char* path[MAX_DEPTH] = {};
    int depth = -1;
    u32 address_cells = 2, size_cells = 1; // the root's, which /memory uses

    const u8* p = structs;
    const u8* end = structs + struct_size;
    while (p < end) {
        u32 token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char* name = reinterpret_cast<const char*>(p);
            depth++;
            if (depth < MAX_DEPTH) path[depth] = name;
            if (depth == 2 && name_is(path[1], "cpus") && name_is(name, "cpu")) info.harts++;
            p += (strlen(name) + 1 + 3) & ~usize(3);
        } else if (token == FDT_END_NODE) {
            depth--;
        } else if (token == FDT_PROP) {
            u32 len = be32(p);
            const char* prop = strings + be32(p + 4);
            const u8* data = p + 8;
            p += 8 + ((len + 3) & ~u32(3));
            if (depth == 0 && kstr::compare(prop, "#address-cells", 15) == 0)
                address_cells = be32(data);
            if (depth == 0 && kstr::compare(prop, "#size-cells", 12) == 0) size_cells = be32(data);
            if (depth == 1 && name_is(path[1], "memory") && kstr::compare(prop, "reg", 4) == 0 &&
                info.memory_size == 0) {
                info.memory_base = read_cells(data, address_cells);
                info.memory_size = read_cells(data + 4 * address_cells, size_cells);
            }
            if (depth == 1 && name_is(path[1], "chosen") && kstr::compare(prop, "bootargs", 9) == 0)
                kstr::copy(info.bootargs, reinterpret_cast<const char*>(data),
                           len < MAX_BOOTARGS ? len + 1 : MAX_BOOTARGS);
            if (depth == 1 && name_is(path[1], "cpus") &&
                kstr::compare(prop, "timebase-frequency", 19) == 0)
                info.timebase_frequency = read_cells(data, len / 4);
        } else if (token == FDT_NOP) {
            continue;
        } else if (token == FDT_END) {
            break;
        } else {
            return false;
        }
    }
    return info.memory_size != 0;
}

} // namespace fdt
