// Descriptor tables (see file_table.h).
#include "fs/file_table.h"
#include "lib/pool.h"
#include "lib/utility.h"
#include "param.h"

namespace {
constinit Pool<FileTable, NPROC> tables("file_tables");
} // namespace

Result<RefPtr<FileTable>> FileTable::create_empty() {
    FileTable* table = tables.allocate();
    if (!table) return Errno::ENOMEM;
    return RefPtr<FileTable>::adopt(table);
}

Result<RefPtr<FileTable>> FileTable::copy() {
    RefPtr<FileTable> table = TRY(create_empty());
    SpinlockGuard guard(lock_);
    // Copying a RefPtr only takes a reference: safe under the lock.
    for (usize fd = 0; fd < NOFILE; fd++)
        table->slots_[fd] = slots_[fd];
    return table;
}

usize FileTable::id() const {
    return tables.slot_of(this);
}

void FileTable::destroy() {
    close_all();
    tables.free(this);
}

Result<int> FileTable::install(RefPtr<File> file, u64 fd_limit) {
    usize max_fds = fd_limit < NOFILE ? static_cast<usize>(fd_limit) : NOFILE;
    SpinlockGuard guard(lock_);
    for (usize fd = 0; fd < max_fds; fd++) {
        if (!slots_[fd]) {
            slots_[fd] = kstd::move(file);
            return static_cast<int>(fd);
        }
    }
    // file (perhaps the last reference) is dropped by our caller's frame
    // after the guard is gone.
    return Errno::EMFILE;
}

Result<RefPtr<File>> FileTable::get(int fd) {
    SpinlockGuard guard(lock_);
    if (!in_range(fd) || !slots_[fd]) return Errno::EBADF;
    return slots_[fd];
}

Result<void> FileTable::close(int fd) {
    RefPtr<File> closing; // dropped after the guard is released
    SpinlockGuard guard(lock_);
    if (!in_range(fd) || !slots_[fd]) return Errno::EBADF;
    closing = kstd::move(slots_[fd]);
    return ok();
}

Result<int> FileTable::dup2(int old_fd, int new_fd) {
    RefPtr<File> displaced; // dropped after the guard is released
    SpinlockGuard guard(lock_);
    if (!in_range(old_fd) || !slots_[old_fd] || !in_range(new_fd)) return Errno::EBADF;
    if (old_fd != new_fd) {
        displaced = kstd::move(slots_[new_fd]);
        slots_[new_fd] = slots_[old_fd];
    }
    return new_fd;
}

void FileTable::close_all() {
    RefPtr<File> closing[NOFILE]; // dropped after the guard is released
    SpinlockGuard guard(lock_);
    for (usize fd = 0; fd < NOFILE; fd++)
        closing[fd] = kstd::move(slots_[fd]);
}
