// The disk: a virtio block device on QEMU's virtio-mmio bus (modern
// interface, version 2), at memlayout::VIRTIO0, interrupt VIRTIO0_IRQ.
//
// Interface:
//   virtio_disk::init();              // boot, once, before the first read/write
//   virtio_disk::read(b);             // fill b->data from block b->blockno
//   virtio_disk::write(b);            // write b->data to block b->blockno
//   virtio_disk::handle_interrupt();  // from the trap code (PLIC already claimed)
//
// read() and write() sleep until the device has finished, so they are
// called from a thread (never an interrupt handler) holding b->lock; up
// to NUM/3 requests are in flight at once, later callers wait for a slot.
//
// Locking: one spinlock (rank Disk) guards the rings, the free
// descriptors and the per-request completion flags.
#pragma once

struct Buf;

namespace virtio_disk {
void init();
void handle_interrupt();
void read(Buf* b);
void write(Buf* b);
} // namespace virtio_disk
