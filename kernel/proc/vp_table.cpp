// The per-process state of scheduler activations (activation_state.h):
// where it comes from, where it goes, and the invariant of its VP table.
#include "lib/panic.h"
#include "lib/pool.h"
#include "proc/activation_state.h"
#include "proc/process.h"

namespace {

constexpr usize MAX_ACTIVATED_PROCESSES = 8;
constinit Pool<ActivationState, MAX_ACTIVATED_PROCESSES> states("activations");

} // namespace

namespace activations {

ActivationState* allocate_state() {
    return states.allocate();
}

void release(Process* p) {
    ActivationState* sa = p->activations;
    if (!sa) return;
    p->activations = nullptr;
    states.free(sa);
}

// In terms of the VP table: every granted VP has one activation attached
// (or idle in sa_yield) belonging to p, and the number of granted VPs is
// what was asked for.
void check_invariant_locked(Process* p, ActivationState* sa) {
    sa->lock.assert_held();
    usize attached = 0;
    for (usize i = 0; i < sa->nvp; i++) {
        VirtualProcessor& vp = sa->vps[i];
        if (!vp.granted) continue;
        Thread* t = vp.current;
        if (!t || t->process != p ||
            (t->sa_role != ActivationRole::Attached && t->sa_role != ActivationRole::Idle))
            panic("activations: VP %zu of pid %d has no attached activation", i, p->pid);
        attached++;
    }
    if (attached != sa->granted)
        panic("activations: pid %d has %zu attached activations for %zu VPs", p->pid, attached,
              sa->granted);
}

void give_back_vp_locked(ActivationState* sa, VirtualProcessor& vp) {
    sa->lock.assert_held();
    vp.remove = false;
    vp.granted = false;
    vp.current = nullptr;
    sa->granted--;
}

} // namespace activations
