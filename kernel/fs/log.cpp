// The write-ahead log (see log.h for the interface and rules).
//
// On disk, the log area (sb.logstart, sb.nlog blocks) is a header block
// followed by LOGSIZE blocks:
//   header: n, block[0..n-1]     the home block numbers of a committed transaction
//   log[i]:                      the new contents of block[i]
// A transaction is committed exactly when a header with n > 0 reaches the
// disk; writing n = 0 afterwards marks it installed.
//
// In memory, the header lists the blocks the running operations have
// changed so far. Each changed buffer stays pinned in the cache until its
// transaction is installed, so the cached copy is always the newest one
// and the home location is not written before the commit.
//
// Admission: begin_op() reserves MAXOPBLOCKS log blocks for every
// running operation, so a group of operations can never overflow the log.
//
// Durability: end_op() returns only once its operation's transaction is
// committed. The last operation of a group commits it itself; one that
// ends while others still run sleeps until then, and closes the group to
// newcomers meanwhile, so that a stream of new operations cannot keep it
// waiting forever. So when a system call returns, what it changed
// survives a crash (tests/test_crash.py relies on this).
#include "fs/log.h"
#include "fs/buf.h"
#include "fs/layout.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "param.h"
#include "proc/wait_queue.h"

namespace {

struct Log {
    u32 dev = 0;
    u32 start = 0;       // the header block; log[i] is block start + 1 + i
    int outstanding = 0; // operations between begin_op and end_op
    bool committing = false;
    bool closing = false;   // an ended operation waits for this group's commit: admit no more
    bool frozen = false;    // power-off: no operation may start any more
    u64 group = 1;          // the number of the group operations join now
    u64 committed = 0;      // the last group committed (or found to have nothing to write)
    fs::LogHeader header{}; // the blocks the current transaction changed
};

constinit Spinlock log_lock("log", LockRank::Log); // guards the_log (but see commit())
constinit Log the_log;
constinit WaitQueue log_changed; // begin_op waits here for space or for a commit to end

enum class Replay { Recovering, Committing };

// Copy each logged block from the log area to its home location.
void install_transaction(Replay mode) {
    for (u32 i = 0; i < the_log.header.n; i++) {
        Buf* from = bread(the_log.dev, the_log.start + 1 + i);
        Buf* to = bread(the_log.dev, the_log.header.block[i]);
        memmove(to->data, from->data, fs::BSIZE);
        bwrite(to);
        // At commit, log_write() pinned the home buffer; recovery did not.
        if (mode == Replay::Committing) bunpin(to);
        brelse(from);
        brelse(to);
    }
}

void read_head() {
    Buf* b = bread(the_log.dev, the_log.start);
    memmove(&the_log.header, b->data, sizeof(fs::LogHeader));
    brelse(b);
    if (the_log.header.n > LOGSIZE) panic("log: corrupt header (n = %u)", the_log.header.n);
}

// Write the in-memory header to disk. With n > 0 this is the commit point.
void write_head() {
    Buf* b = bread(the_log.dev, the_log.start);
    memmove(b->data, &the_log.header, sizeof(fs::LogHeader));
    bwrite(b);
    brelse(b);
}

// Copy the changed blocks from the cache into the log area.
void write_log() {
    for (u32 i = 0; i < the_log.header.n; i++) {
        Buf* to = bread(the_log.dev, the_log.start + 1 + i);
        Buf* from = bread(the_log.dev, the_log.header.block[i]);
        memmove(to->data, from->data, fs::BSIZE);
        bwrite(to);
        brelse(from);
        brelse(to);
    }
}

// Runs without log_lock (it sleeps on the disk): committing == true keeps
// every other thread out of the_log.header meanwhile.
void commit() {
    if (the_log.header.n == 0) return;
    write_log();
    write_head(); // the commit point
    install_transaction(Replay::Committing);
    the_log.header.n = 0;
    write_head(); // the transaction is installed: forget it
}

void recover() {
    read_head();
    install_transaction(Replay::Recovering);
    the_log.header.n = 0;
    write_head();
}

} // namespace

void log_init(u32 dev, const fs::SuperBlock& sb) {
    if (sb.nlog < LOGSIZE + 1)
        panic("log: the disk's log has %u blocks, the kernel needs %zu", sb.nlog, LOGSIZE + 1);
    the_log.dev = dev;
    the_log.start = sb.logstart;
    recover();
}

void begin_op() {
    SpinlockGuard guard(log_lock);
    for (;;) {
        if (the_log.committing || the_log.closing || the_log.frozen) {
            log_changed.sleep(log_lock);
        } else if (the_log.header.n + (the_log.outstanding + 1) * MAXOPBLOCKS > LOGSIZE) {
            // This operation might run the log out of space: wait for a commit.
            log_changed.sleep(log_lock);
        } else {
            the_log.outstanding++;
            return;
        }
    }
}

void end_op() {
    {
        SpinlockGuard guard(log_lock);
        if (the_log.outstanding < 1) panic("end_op: no operation in progress");
        if (the_log.committing) panic("end_op: commit in progress");
        the_log.outstanding--;
        if (the_log.outstanding > 0) {
            // Others of this group still run: the last of them commits.
            // Until then the group admits no newcomers (see the top).
            u64 mine = the_log.group;
            the_log.closing = true;
            while (the_log.committed < mine)
                log_changed.sleep(log_lock);
            return;
        }
        the_log.committing = true;
    }
    commit();
    SpinlockGuard guard(log_lock);
    the_log.committed = the_log.group++;
    the_log.committing = false;
    the_log.closing = false;
    log_changed.wake_all(); // the waiting end_ops, and begin_ops
}

void log_quiesce() {
    SpinlockGuard guard(log_lock);
    the_log.frozen = true;
    while (the_log.outstanding > 0 || the_log.committing)
        log_changed.sleep(log_lock);
}

void log_write(Buf* b) {
    SpinlockGuard guard(log_lock);
    if (the_log.outstanding < 1) panic("log_write: outside of an operation");
    u32 i = 0;
    while (i < the_log.header.n && the_log.header.block[i] != b->blockno)
        i++;
    if (i == the_log.header.n) { // not yet in this transaction
        if (the_log.header.n >= LOGSIZE) panic("log_write: transaction too big");
        the_log.header.block[i] = b->blockno;
        the_log.header.n++;
        bpin(b);
    }
}
