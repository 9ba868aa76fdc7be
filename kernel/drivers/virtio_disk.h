// The disk: a virtio block device on QEMU's virtio-mmio bus (modern
// interface, version 2), at memlayout::VIRTIO0, interrupt VIRTIO0_IRQ.
//
// Interface:
//   virtio_disk::init();              // boot, once, before the first read/write
//   virtio_disk::read(sector, data, bytes);   // fill data from the disk
//   virtio_disk::write(sector, data, bytes);  // write data to the disk
//   virtio_disk::handle_interrupt();  // from the trap code (PLIC already claimed)
//
// The disk is an array of 512-byte sectors; a request moves bytes (a
// multiple of SECTOR_SIZE) from or to physical memory at data, starting
// at sector. The file system's blocks are its own business (fs/bio.cpp).
// read() and write() sleep until the device has finished, so they are
// called from a thread (never an interrupt handler) that keeps data in
// place until then; up to NUM/3 requests are in flight at once, later
// callers wait for a slot.
//
// Locking: one spinlock (rank Disk) guards the rings, the free
// descriptors and the per-request completion flags.
#pragma once

#include "lib/types.h"

namespace virtio_disk {
inline constexpr u64 SECTOR_SIZE = 512;

void init();
void handle_interrupt();
void read(u64 sector, void* data, u32 bytes);
void write(u64 sector, const void* data, u32 bytes);
} // namespace virtio_disk
