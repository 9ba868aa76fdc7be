// Multi-level feedback queue (after Arpaci-Dusseau, OSTEP ch. 8):
//  - LEVELS queues, 0 the highest priority; pick from the highest non-empty.
//  - A thread's allotment at level L is base_quantum << L ticks; using it
//    up (whether in one go or across several runs) moves it one level
//    down: CPU hogs sink.
//  - A thread that blocks before its allotment is used keeps its level:
//    interactive threads stay on top and get the CPU soon after waking:
//    a thread runs on only while no higher queue has work (tick()).
//  - Every BOOST_PERIOD ticks all threads go back to level 0, so sunk
//    threads cannot starve and a thread that became interactive recovers.
//  - nice > 0 starts (and boosts) a thread lower: level min(nice / 7, LEVELS-1).
#include "lib/list.h"
#include "param.h"
#include "proc/sched_policy.h"

namespace {

constexpr u8 LEVELS = 3;
constexpr u64 BOOST_PERIOD = 100; // one second

class Mlfq final : public SchedPolicy {
public:
    const char* name() const override { return "mlfq"; }

    void enqueue(Thread* t, EnqueueReason why) override {
        if (why == EnqueueReason::New) {
            t->sched.level = top_level_for(t);
            t->sched.ticks_used = 0;
        }
        queues_[t->sched.level].push_back(t);
    }

    Thread* pick_next() override {
        for (auto& q : queues_)
            if (Thread* t = q.pop_front()) return t;
        return nullptr;
    }

    bool tick(Thread* t) override {
        if (++t->sched.ticks_used >= allotment(t->sched.level)) {
            if (t->sched.level + 1 < LEVELS) t->sched.level++;
            t->sched.ticks_used = 0;
            return true;
        }
        // A thread waiting on a higher level (a sleeper that just woke)
        // gets the hart at the next tick, not after the whole allotment.
        for (u8 level = 0; level < t->sched.level; level++)
            if (!queues_[level].empty()) return true;
        return false;
    }

    void clock_tick(u64 now) override {
        if (now % BOOST_PERIOD != 0) return;
        // Queued threads move to their top queue; running and sleeping
        // ones are marked and land there when next queued.
        for (usize i = 0; i < NTHREAD; i++) {
            Thread* t = threads::table_slot(i);
            u8 top = top_level_for(t);
            if (t->run_node.is_linked() && t->sched.level != top) {
                queues_[t->sched.level].remove(t);
                t->sched.level = top;
                queues_[top].push_back(t);
            }
            t->sched.level = top;
            t->sched.ticks_used = 0;
        }
    }

    u32 base_quantum_ = 1;

private:
    u32 allotment(u8 level) const { return base_quantum_ << level; }
    static u8 top_level_for(const Thread* t) {
        int level = t->sched.nice > 0 ? t->sched.nice / 7 : 0;
        return static_cast<u8>(level < LEVELS ? level : LEVELS - 1);
    }

    IntrusiveList<Thread, &Thread::run_node> queues_[LEVELS];
};

constinit Mlfq the_policy;

} // namespace

SchedPolicy& mlfq_policy(u32 base_quantum) {
    the_policy.base_quantum_ = base_quantum ? base_quantum : 1;
    return the_policy;
}
