// The device switch (see device.h): one table entry per major number.
#include "fs/device.h"
#include "drivers/console.h"
#include "param.h"

namespace {

struct Driver {
    Result<usize> (*read)(UserPtr<u8> user_dst, usize n);
    Result<usize> (*write)(UserPtr<u8> user_src, usize n);
};

// Read-only after boot: no lock.
constinit Driver drivers[NDEV] = {
    {},                              // 0: none
    {console::read, console::write}, // CONSOLE
};
static_assert(device::CONSOLE == 1);

const Driver* driver(u16 major) {
    if (major >= NDEV || !drivers[major].read || !drivers[major].write) return nullptr;
    return &drivers[major];
}

} // namespace

namespace device {

bool exists(u16 major) {
    return driver(major) != nullptr;
}

Result<usize> read(u16 major, UserPtr<u8> user_dst, usize n) {
    const Driver* d = driver(major);
    if (!d) return Errno::ENXIO;
    return d->read(user_dst, n);
}

Result<usize> write(u16 major, UserPtr<u8> user_src, usize n) {
    const Driver* d = driver(major);
    if (!d) return Errno::ENXIO;
    return d->write(user_src, n);
}

} // namespace device
