// System calls on open files, by descriptor: read, write, close, dup,
// dup2, pipe, fstat. The descriptor table is the current process's
// (process->files); what a read or write does depends on the kind of
// file (fs/file.h).
//
// Rule for every handler here: a RefPtr<File> taken from the table may be
// the last reference by the time the handler returns (another thread
// closed the fd meanwhile), and dropping it may write the disk, so no
// handler holds a lock or a log operation while its RefPtrs go.
#include "fs/file_table.h"
#include "fs/inode.h"
#include "fs/pipe.h"
#include "mm/user_memory.h"
#include "proc/process.h"
#include "syscall/syscall.h"

namespace {

FileTable& files() {
    return *current_process()->files;
}


// A byte count from a register: negative counts (an int -1 from C) are
// EINVAL rather than a huge size.
Result<usize> byte_count(const SyscallArgs& args, int i) {
    i64 n = args.integer(i);
    if (n < 0) return Errno::EINVAL;
    return static_cast<usize>(n);
}

} // namespace

// read(fd, buf, n) -> bytes read, 0 at end of file.
Result<u64> sys_read(const SyscallArgs& args) {
    RefPtr<File> file = TRY(files().get(args.int32(0)));
    usize n = TRY(byte_count(args, 2));
    if (!file->readable()) return Errno::EBADF;
    if (n == 0) return 0;
    return TRY(file->read(args.user<u8>(1), n));
}

// write(fd, buf, n) -> bytes written.
Result<u64> sys_write(const SyscallArgs& args) {
    RefPtr<File> file = TRY(files().get(args.int32(0)));
    usize n = TRY(byte_count(args, 2));
    if (!file->writable()) return Errno::EBADF;
    if (n == 0) return 0;
    return TRY(file->write(args.user<u8>(1), n));
}

Result<u64> sys_close(const SyscallArgs& args) {
    TRY(files().close(args.int32(0)));
    return 0;
}

// dup(fd) -> the lowest free descriptor, sharing fd's open file.
Result<u64> sys_dup(const SyscallArgs& args) {
    RefPtr<File> file = TRY(files().get(args.int32(0)));
    return static_cast<u64>(TRY(install_in_caller(kstd::move(file))));
}

// dup2(old, new) -> new, closing what new referred to.
Result<u64> sys_dup2(const SyscallArgs& args) {
    return static_cast<u64>(TRY(files().dup2(args.int32(0), args.int32(1))));
}

// pipe(int fds[2]): fds[0] the read end, fds[1] the write end.
Result<u64> sys_pipe(const SyscallArgs& args) {
    UserPtr<int> user_fds = args.user<int>(0);
    if (user_fds.is_null()) return Errno::EFAULT;
    PipeEnds ends = TRY(make_pipe());

    int fds[2];
    fds[0] = TRY(install_in_caller(kstd::move(ends.read)));
    Result<int> write_fd = install_in_caller(kstd::move(ends.write));
    if (write_fd.is_error()) {
        (void)files().close(fds[0]);
        return write_fd.error();
    }
    fds[1] = write_fd.value();

    if (Result<void> copied = copy_to_user(user_fds, fds, 2); copied.is_error()) {
        (void)files().close(fds[0]);
        (void)files().close(fds[1]);
        return copied.error();
    }
    return 0;
}

// fstat(fd, struct stat*).
Result<u64> sys_fstat(const SyscallArgs& args) {
    RefPtr<File> file = TRY(files().get(args.int32(0)));
    Stat st;
    TRY(file->stat(&st));
    TRY(copy_to_user(args.user<Stat>(1), st));
    return 0;
}
