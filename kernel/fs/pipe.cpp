// Pipes (see pipe.h): a ring buffer of one page between two PipeFiles.
//
// Locking: each Pipe's lock (rank Pipe) guards its ring indices and the
// open flags; readers wait on readable, writers on writable. User memory
// is never touched with the lock held (copying takes the address-space
// lock, which ranks lower): bytes go through a small bounce buffer on the
// kernel stack instead.
#include "fs/pipe.h"
#include "arch/arch.h"
#include "lib/panic.h"
#include "lib/pool.h"
#include "lib/spinlock.h"
#include "mm/page_alloc.h"
#include "mm/user_memory.h"
#include "param.h"
#include "proc/wait_queue.h"

namespace {

constexpr usize PIPESIZE = riscv::PGSIZE; // bytes the ring holds
constexpr usize CHUNK = 512;              // bounce-buffer size; writes this small are atomic

enum class End { Read, Write };

class Pipe {
public:
    explicit Pipe(u8* ring) : ring_(ring) {}

    Result<usize> read(UserPtr<u8> user_dst, usize n);
    Result<usize> write(UserPtr<u8> user_src, usize n);
    // One end is closed; frees the pipe when both are.
    void close(End end);

private:
    Spinlock lock_{"pipe", LockRank::Pipe};
    // Guarded by lock_. nread and nwrite only grow: the ring holds
    // ring_[nread % PIPESIZE .. nwrite % PIPESIZE), nwrite - nread bytes.
    u64 nread_ = 0;
    u64 nwrite_ = 0;
    bool read_open_ = true;
    bool write_open_ = true;
    WaitQueue readable_; // readers wait here for bytes or for the writers to go
    WaitQueue writable_; // writers wait here for room or for the readers to go
    u8* ring_;           // one page from page_alloc, owned
};

class PipeFile final : public File {
public:
    PipeFile(Pipe* pipe, End end)
        : File(end == End::Read ? FileAccess::ReadOnly : FileAccess::WriteOnly), pipe_(pipe),
          end_(end) {}

    Result<usize> read(UserPtr<u8> dst, usize n) override { return pipe_->read(dst, n); }
    Result<usize> write(UserPtr<u8> src, usize n) override { return pipe_->write(src, n); }
    Result<void> stat(Stat* st) override;
    void destroy() override;

private:
    Pipe* pipe_; // shared with the other end; freed by the last close
    End end_;
};

constinit Pool<Pipe, NFILE / 2> pipes("pipes");
constinit Pool<PipeFile, NFILE> pipe_files("pipe_files");

Result<usize> Pipe::read(UserPtr<u8> user_dst, usize n) {
    u8 bounce[CHUNK];
    usize done = 0;
    while (done < n) {
        usize got = 0;
        {
            SpinlockGuard guard(lock_);
            if (done == 0) {
                // Only the first chunk waits: afterwards, return what we have.
                while (nread_ == nwrite_ && write_open_) {
                    TRY(readable_.sleep_interruptible(lock_));
                }
            }
            while (got < CHUNK && done + got < n && nread_ != nwrite_)
                bounce[got++] = ring_[nread_++ % PIPESIZE];
            if (got > 0) writable_.wake_all();
        }
        if (got == 0) break; // empty, and no writer left (or no more for now)
        // The bytes are consumed even if the copy fails (as with a
        // partially failed read on Linux, the data is gone).
        Result<void> copied = copy_to_user(user_dst.offset(done), bounce, got);
        if (copied.is_error()) return done > 0 ? Result<usize>(done) : copied.error();
        done += got;
    }
    return done;
}

Result<usize> Pipe::write(UserPtr<u8> user_src, usize n) {
    u8 bounce[CHUNK];
    usize done = 0;
    while (done < n) {
        usize chunk = n - done < CHUNK ? n - done : CHUNK;
        Result<void> copied = copy_from_user(bounce, user_src.offset(done), chunk);
        if (copied.is_error()) return done > 0 ? Result<usize>(done) : copied.error();

        SpinlockGuard guard(lock_);
        usize put = 0;
        while (put < chunk) {
            if (!read_open_) return done + put > 0 ? Result<usize>(done + put) : Errno::EPIPE;
            if (nwrite_ - nread_ == PIPESIZE) {
                readable_.wake_all();
                Result<void> slept = writable_.sleep_interruptible(lock_);
                if (slept.is_error())
                    return done + put > 0 ? Result<usize>(done + put) : slept.error();
                continue;
            }
            ring_[nwrite_++ % PIPESIZE] = bounce[put++];
        }
        readable_.wake_all();
        done += chunk;
    }
    return done;
}

void Pipe::close(End end) {
    {
        SpinlockGuard guard(lock_);
        if (end == End::Read) {
            read_open_ = false;
            writable_.wake_all();
        } else {
            write_open_ = false;
            readable_.wake_all();
        }
        if (read_open_ || write_open_) return;
    }
    // Both ends closed: no one else can reach the pipe now.
    page_alloc::free_page(ring_);
    pipes.free(this);
}

Result<void> PipeFile::stat(Stat* st) {
    // A pipe has no inode: report a FIFO, as Linux does. Unlike Linux,
    // the permission bits say which end this is (read end r--------,
    // write end -w-------) and st_ino is the pipe's slot + 1, so that
    // fstat alone tells a program what each descriptor is connected to
    // (the pipes demo prints its descriptor tables this way).
    constexpr u32 S_IFIFO = 0010000;
    *st = Stat{};
    st->st_mode = S_IFIFO | (end_ == End::Read ? 0400 : 0200);
    st->st_ino = static_cast<u32>(pipes.slot_of(pipe_) + 1);
    st->st_nlink = 1;
    return ok();
}

void PipeFile::destroy() {
    Pipe* pipe = pipe_;
    End end = end_;
    pipe_files.free(this);
    release_slot();
    pipe->close(end);
}

// Undo for a failed make_pipe: a File slot reserved, nothing else.
struct SlotReservation {
    bool held = false;
    ~SlotReservation() {
        if (held) File::release_slot();
    }
};

} // namespace

Result<PipeEnds> make_pipe() {
    // Decode: take every resource, giving back what was taken on failure.
    SlotReservation read_slot, write_slot;
    TRY(File::reserve_slot());
    read_slot.held = true;
    TRY(File::reserve_slot());
    write_slot.held = true;

    u8* ring = static_cast<u8*>(page_alloc::alloc_page());
    if (!ring) return Errno::ENOMEM;
    Pipe* pipe = pipes.allocate(ring);
    if (!pipe) {
        page_alloc::free_page(ring);
        return Errno::ENFILE;
    }
    PipeFile* reader = pipe_files.allocate(pipe, End::Read);
    PipeFile* writer = reader ? pipe_files.allocate(pipe, End::Write) : nullptr;
    if (!writer) {
        if (reader) pipe_files.free(reader);
        pipes.free(pipe);
        page_alloc::free_page(ring);
        return Errno::ENFILE;
    }

    // Invoke: nothing can fail from here on; the files own their slots.
    read_slot.held = write_slot.held = false;
    return PipeEnds{RefPtr<File>::adopt(reader), RefPtr<File>::adopt(writer)};
}
