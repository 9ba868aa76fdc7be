// Driver for the virtio block device (see virtio_disk.h), following the
// virtio 1.x specification: the MMIO transport (section 4.2), split
// virtqueues (2.7) and the block device (5.2).
//
// One virtqueue carries every request. The driver puts a chain of three
// descriptors in the descriptor table:
//   [request header: type, sector] -> [the buffer's data] -> [one status byte]
// publishes the chain's head in the available ring and notifies the
// device. The device does the transfer, writes the status byte, puts the
// head in the used ring and raises an interrupt; the interrupt handler
// marks the request done and wakes the thread waiting for it.
#include "drivers/virtio_disk.h"
#include "arch/arch.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "mm/page_alloc.h"
#include "proc/wait_queue.h"

namespace {

// ---------------------------------------------------------------- MMIO registers
namespace reg {
constexpr u64 MAGIC_VALUE = 0x000; // "virt"
constexpr u64 VERSION = 0x004;     // 2: the modern interface
constexpr u64 DEVICE_ID = 0x008;   // 2: block device
constexpr u64 DEVICE_FEATURES = 0x010;
constexpr u64 DEVICE_FEATURES_SEL = 0x014;
constexpr u64 DRIVER_FEATURES = 0x020;
constexpr u64 DRIVER_FEATURES_SEL = 0x024;
constexpr u64 QUEUE_SEL = 0x030;
constexpr u64 QUEUE_NUM_MAX = 0x034;
constexpr u64 QUEUE_NUM = 0x038;
constexpr u64 QUEUE_READY = 0x044;
constexpr u64 QUEUE_NOTIFY = 0x050;
constexpr u64 INTERRUPT_STATUS = 0x060;
constexpr u64 INTERRUPT_ACK = 0x064;
constexpr u64 STATUS = 0x070;
constexpr u64 QUEUE_DESC_LOW = 0x080;
constexpr u64 QUEUE_DESC_HIGH = 0x084;
constexpr u64 QUEUE_DRIVER_LOW = 0x090; // the available ring
constexpr u64 QUEUE_DRIVER_HIGH = 0x094;
constexpr u64 QUEUE_DEVICE_LOW = 0x0a0; // the used ring
constexpr u64 QUEUE_DEVICE_HIGH = 0x0a4;
} // namespace reg

constexpr u32 MAGIC = 0x74726976;
constexpr u32 DEVICE_ID_BLOCK = 2;

// Device status bits, set by the driver in this order during init.
constexpr u32 STATUS_ACKNOWLEDGE = 1;
constexpr u32 STATUS_DRIVER = 2;
constexpr u32 STATUS_DRIVER_OK = 4;
constexpr u32 STATUS_FEATURES_OK = 8;

// Feature bit 32 (bit 0 of the second feature word): the device speaks
// virtio 1.x. A modern device refuses drivers that do not accept it.
// We take no other feature: plain reads and writes need none.
constexpr u32 FEATURE_WORD1_VERSION_1 = 1u << 0;

volatile u32& mmio(u64 offset) {
    return *reinterpret_cast<volatile u32*>(memlayout::VIRTIO0 + offset);
}

// ---------------------------------------------------------------- the virtqueue
// Descriptors in the queue: each request takes three.
constexpr u16 NUM = 16;

struct VirtqDesc {
    u64 addr; // physical address (the kernel's direct map: VA == PA)
    u32 len;
    u16 flags;
    u16 next;
};
constexpr u16 VIRTQ_DESC_F_NEXT = 1;  // the chain continues at next
constexpr u16 VIRTQ_DESC_F_WRITE = 2; // the device writes this buffer

struct VirtqAvail { // written by the driver
    u16 flags;
    u16 idx; // where the driver puts the next entry (mod NUM); only grows
    u16 ring[NUM];
    u16 used_event;
};

struct VirtqUsedElem {
    u32 id; // head of the finished chain
    u32 len;
};

struct VirtqUsed { // written by the device
    u16 flags;
    u16 idx; // where the device puts the next entry (mod NUM); only grows
    VirtqUsedElem ring[NUM];
    u16 avail_event;
};

static_assert(sizeof(VirtqDesc) * NUM <= riscv::PGSIZE);
static_assert(sizeof(VirtqUsed) <= riscv::PGSIZE);

// The header of a block request (virtio 5.2.6).
constexpr u32 VIRTIO_BLK_T_IN = 0;  // read from the disk
constexpr u32 VIRTIO_BLK_T_OUT = 1; // write to the disk
struct BlkRequest {
    u32 type;
    u32 reserved;
    u64 sector; // in 512-byte sectors
};
constexpr u8 VIRTIO_BLK_S_OK = 0;

enum class Direction { Read, Write };

// One in-flight request, indexed by the head descriptor of its chain.
struct Request {
    bool done = true;    // set by the interrupt handler
    u8 status = 0;       // written by the device
    WaitQueue completed; // the submitting thread sleeps here
    alignas(16) BlkRequest header{};
};

struct Disk {
    // Three pages from page_alloc, set up by init().
    VirtqDesc* desc = nullptr;
    VirtqAvail* avail = nullptr;
    volatile VirtqUsed* used = nullptr;

    bool free[NUM] = {};   // descriptor i is unused
    u16 used_seen = 0;     // used-ring entries handled so far
    Request requests[NUM]; // by head descriptor
    WaitQueue descriptors_freed;
};

constinit Spinlock disk_lock("virtio_disk", LockRank::Disk); // guards disk
constinit Disk disk;

// ---------------------------------------------------------------- descriptors
// disk_lock held for all of these.
int alloc_desc_locked() {
    disk_lock.assert_held();
    for (u16 i = 0; i < NUM; i++) {
        if (disk.free[i]) {
            disk.free[i] = false;
            return i;
        }
    }
    return -1;
}

void free_desc_locked(u16 i) {
    disk_lock.assert_held();
    if (disk.free[i]) panic("virtio_disk: descriptor %u freed twice", i);
    disk.desc[i] = VirtqDesc{};
    disk.free[i] = true;
}

void free_chain_locked(u16 head) {
    disk_lock.assert_held();
    for (;;) {
        u16 flags = disk.desc[head].flags;
        u16 next = disk.desc[head].next;
        free_desc_locked(head);
        if (!(flags & VIRTQ_DESC_F_NEXT)) break;
        head = next;
    }
    disk.descriptors_freed.wake_all();
}

// Three descriptors, or false (and none taken) if fewer are free.
bool alloc3_locked(u16 idx[3]) {
    disk_lock.assert_held();
    for (int i = 0; i < 3; i++) {
        int d = alloc_desc_locked();
        if (d < 0) {
            for (int j = 0; j < i; j++)
                free_desc_locked(idx[j]);
            return false;
        }
        idx[i] = static_cast<u16>(d);
    }
    return true;
}

void rw(u64 sector, u64 data, u32 bytes, Direction dir) {
    if (bytes == 0 || bytes % virtio_disk::SECTOR_SIZE != 0)
        panic("virtio_disk: %u bytes is no sector multiple", bytes);
    SpinlockGuard guard(disk_lock);
    if (!disk.desc) panic("virtio_disk: used before init");

    u16 idx[3];
    while (!alloc3_locked(idx))
        disk.descriptors_freed.sleep(disk_lock);

    Request& req = disk.requests[idx[0]];
    req.header.type = dir == Direction::Write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
    req.header.reserved = 0;
    req.header.sector = sector;
    req.done = false;
    req.status = 0xff; // the device writes 0 on success

    disk.desc[idx[0]] = VirtqDesc{reinterpret_cast<u64>(&req.header), sizeof(BlkRequest),
                                  VIRTQ_DESC_F_NEXT, idx[1]};
    u16 data_flags = VIRTQ_DESC_F_NEXT;
    if (dir == Direction::Read) data_flags |= VIRTQ_DESC_F_WRITE; // the device fills it
    disk.desc[idx[1]] = VirtqDesc{data, bytes, data_flags, idx[2]};
    disk.desc[idx[2]] = VirtqDesc{reinterpret_cast<u64>(&req.status), 1, VIRTQ_DESC_F_WRITE, 0};

    // Publish the chain: the ring entry first, then (after a fence, so
    // the device never sees the new idx before the entry) the index.
    disk.avail->ring[disk.avail->idx % NUM] = idx[0];
    __sync_synchronize();
    disk.avail->idx = static_cast<u16>(disk.avail->idx + 1);
    __sync_synchronize();
    mmio(reg::QUEUE_NOTIFY) = 0; // queue 0 has work

    while (!req.done)
        req.completed.sleep(disk_lock);

    free_chain_locked(idx[0]);
}

} // namespace

namespace virtio_disk {

void init() {
    if (mmio(reg::MAGIC_VALUE) != MAGIC || mmio(reg::VERSION) != 2 ||
        mmio(reg::DEVICE_ID) != DEVICE_ID_BLOCK)
        panic("virtio_disk: no modern virtio block device at %p (magic %x version %u device %u)",
              reinterpret_cast<void*>(memlayout::VIRTIO0), mmio(reg::MAGIC_VALUE),
              mmio(reg::VERSION), mmio(reg::DEVICE_ID));

    // Reset, then announce ourselves (virtio 3.1.1).
    u32 status = 0;
    mmio(reg::STATUS) = status;
    status |= STATUS_ACKNOWLEDGE;
    mmio(reg::STATUS) = status;
    status |= STATUS_DRIVER;
    mmio(reg::STATUS) = status;

    // Features: VERSION_1 only.
    mmio(reg::DEVICE_FEATURES_SEL) = 1;
    if (!(mmio(reg::DEVICE_FEATURES) & FEATURE_WORD1_VERSION_1))
        panic("virtio_disk: device does not offer VIRTIO_F_VERSION_1");
    mmio(reg::DRIVER_FEATURES_SEL) = 0;
    mmio(reg::DRIVER_FEATURES) = 0;
    mmio(reg::DRIVER_FEATURES_SEL) = 1;
    mmio(reg::DRIVER_FEATURES) = FEATURE_WORD1_VERSION_1;
    status |= STATUS_FEATURES_OK;
    mmio(reg::STATUS) = status;
    if (!(mmio(reg::STATUS) & STATUS_FEATURES_OK))
        panic("virtio_disk: device did not accept our features");

    // Queue 0.
    mmio(reg::QUEUE_SEL) = 0;
    if (mmio(reg::QUEUE_READY)) panic("virtio_disk: queue 0 already in use");
    u32 max = mmio(reg::QUEUE_NUM_MAX);
    if (max < NUM) panic("virtio_disk: queue 0 holds only %u descriptors", max);

    void* desc = page_alloc::alloc_page();
    void* avail = page_alloc::alloc_page();
    void* used = page_alloc::alloc_page();
    if (!desc || !avail || !used) panic("virtio_disk: out of memory for the queue");
    {
        SpinlockGuard guard(disk_lock);
        disk.desc = static_cast<VirtqDesc*>(desc);
        disk.avail = static_cast<VirtqAvail*>(avail);
        disk.used = static_cast<volatile VirtqUsed*>(used);
        for (bool& f : disk.free)
            f = true;
    }

    mmio(reg::QUEUE_NUM) = NUM;
    auto set_address = [](u64 low_reg, u64 high_reg, void* p) {
        u64 pa = reinterpret_cast<u64>(p);
        mmio(low_reg) = static_cast<u32>(pa);
        mmio(high_reg) = static_cast<u32>(pa >> 32);
    };
    set_address(reg::QUEUE_DESC_LOW, reg::QUEUE_DESC_HIGH, desc);
    set_address(reg::QUEUE_DRIVER_LOW, reg::QUEUE_DRIVER_HIGH, avail);
    set_address(reg::QUEUE_DEVICE_LOW, reg::QUEUE_DEVICE_HIGH, used);
    mmio(reg::QUEUE_READY) = 1;

    status |= STATUS_DRIVER_OK;
    mmio(reg::STATUS) = status;
}

void read(u64 sector, void* data, u32 bytes) {
    rw(sector, reinterpret_cast<u64>(data), bytes, Direction::Read);
}
void write(u64 sector, const void* data, u32 bytes) {
    rw(sector, reinterpret_cast<u64>(data), bytes, Direction::Write);
}

void handle_interrupt() {
    SpinlockGuard guard(disk_lock);

    // Acknowledge first: a completion arriving while we walk the ring
    // raises a new interrupt instead of being lost.
    mmio(reg::INTERRUPT_ACK) = mmio(reg::INTERRUPT_STATUS) & 0x3;
    __sync_synchronize();

    while (disk.used_seen != disk.used->idx) {
        __sync_synchronize(); // read the entry only after seeing idx move
        u32 head = disk.used->ring[disk.used_seen % NUM].id;
        if (head >= NUM) panic("virtio_disk: bad used-ring entry %u", head);
        Request& req = disk.requests[head];
        if (req.status != VIRTIO_BLK_S_OK)
            panic("virtio_disk: I/O error %u at sector %lu", req.status, req.header.sector);
        req.done = true;
        req.completed.wake_all();
        disk.used_seen++;
    }
}

} // namespace virtio_disk
