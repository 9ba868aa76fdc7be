// Round-robin: one FIFO queue; a thread runs until it blocks, yields,
// or has used `quantum` ticks, then goes to the back of the queue.
#include "lib/list.h"
#include "proc/sched_policy.h"

namespace {

class RoundRobin final : public SchedPolicy {
public:
    const char* name() const override { return "rr"; }

    void enqueue(Thread* t, EnqueueReason) override {
        t->sched.ticks_used = 0;
        queue_.push_back(t);
    }

    Thread* pick_next() override { return queue_.pop_front(); }

    bool tick(Thread* t) override { return ++t->sched.ticks_used >= quantum_; }

    void clock_tick(u64) override {}

    u32 quantum_ = 1;

private:
    IntrusiveList<Thread, &Thread::run_node> queue_;
};

constinit RoundRobin the_policy;

} // namespace

SchedPolicy& round_robin_policy(u32 quantum) {
    the_policy.quantum_ = quantum ? quantum : 1;
    return the_policy;
}
