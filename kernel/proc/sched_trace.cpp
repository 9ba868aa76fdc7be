#include "proc/sched_trace.h"
#include "lib/atomic.h"
#include "mm/user_memory.h"
#include "proc/cpu.h"
#include "proc/process.h"

namespace {

struct Ring {
    sched_trace::Record records[sched_trace::EVENTS_PER_HART]{};
    usize count = 0;   // records written since start
    usize dropped = 0; // records lost: the ring was full
};

constinit Ring rings[NCPU];
constinit Atomic<bool> enabled{false};

} // namespace

namespace sched_trace {

void record(Event event, const Thread* t, Reason reason, u32 arg) {
    if (!enabled.load()) return;
    push_off();
    Ring& ring = rings[riscv::hart_id()];
    if (ring.count < EVENTS_PER_HART) {
        Record& r = ring.records[ring.count++];
        r.time = riscv::read_time();
        r.tid = static_cast<u32>(t->tid);
        r.pid = t->process ? static_cast<u32>(t->process->pid) : 0;
        r.event = static_cast<u8>(event);
        r.hart = static_cast<u8>(riscv::hart_id());
        r.reason = static_cast<u8>(reason);
        r.level = t->sched.level;
        r.arg = arg;
    } else {
        ring.dropped++;
    }
    pop_off();
}

void start() {
    enabled = false;
    for (Ring& ring : rings) {
        ring.count = 0;
        ring.dropped = 0;
    }
    enabled = true;
    // The caller is running now: say so, so its switch-out has a match.
    if (Thread* t = current_thread()) record(Event::SwitchIn, t);
}

void stop() {
    enabled = false;
}
bool recording() {
    return enabled.load();
}

Result<usize> read_to_user(UserPtr<Record> user_dst, usize max) {
    if (enabled.load()) return Errno::EBUSY;
    usize copied = 0;
    for (Ring& ring : rings) {
        usize n = ring.count;
        if (n > max - copied) n = max - copied;
        TRY(copy_to_user(user_dst.offset(copied), ring.records, n));
        copied += n;
    }
    return copied;
}

usize dropped() {
    usize n = 0;
    for (const Ring& ring : rings)
        n += ring.dropped;
    return n;
}

} // namespace sched_trace
