// The write-ahead log: makes each file-system operation atomic with
// respect to crashes. An operation's writes go first to the log area;
// only when the whole group is on disk (the commit: the log header is
// written) are they copied to their home locations. After a crash,
// recovery at boot replays a committed log and ignores an uncommitted one.
//
// Interface, for every system call that changes the disk:
//   begin_op();            // or: LogOperation op;  (RAII, ends at scope exit)
//   Buf* b = bread(...);
//   ... change b->data ...
//   log_write(b);          // instead of bwrite(b)
//   brelse(b);
//   end_op();
// An operation may write at most MAXOPBLOCKS distinct blocks. Several
// operations may run at once; their writes are committed together (group
// commit) when the last of them calls end_op(). end_op() returns only
// after that commit: an operation that has ended is on disk, and
// survives a crash.
//
// Rules: begin_op() may sleep (log full, or a commit in progress), so
// call it before taking any spinlock, and never nest it in one thread
// (a thread waiting in begin_op while it holds an open operation could
// wait for itself). end_op() may sleep until the other operations of its
// group end, so call it with no lock held (inode and buffer locks
// included) that one of them might wait for. iput() may write the disk,
// so it too runs inside an operation.
//
// Locking: the log lock (rank Log) guards the in-memory state below;
// commit runs with no lock held, protected by the committing flag.
#pragma once

#include "lib/types.h"

struct Buf;
namespace fs {
struct SuperBlock;
}

// Boot: recover from the log described by sb (fs::init).
void log_init(u32 dev, const fs::SuperBlock& sb);

void begin_op();
// End the operation; returns once its writes are committed.
void end_op();
// Power-off: let the operations in progress commit, start no new ones.
// Afterwards the disk is consistent and stays so.
void log_quiesce();
// Record that b (locked, referenced by the caller) was changed by the
// current operation; it is written at commit. Pins b in the cache.
void log_write(Buf* b);

// begin_op() now, end_op() at the end of the scope.
class LogOperation {
public:
    LogOperation() { begin_op(); }
    ~LogOperation() { end_op(); }
    LogOperation(const LogOperation&) = delete;
    LogOperation& operator=(const LogOperation&) = delete;
};
