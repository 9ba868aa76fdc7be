// Embryo<T, discard>: what a maker made is discarded on every early
// return, and left alone once committed.
#include <gtest/gtest.h>

#include "host_errno.h"
#include "lib/embryo.h"
#include "lib/result.h"

namespace {

struct Slot {
    bool in_use = false;
};
int discarded = 0;
void give_back(Slot* s) {
    s->in_use = false;
    discarded++;
}
using EmbryoSlot = Embryo<Slot, &give_back>;

Slot the_slot;
Result<EmbryoSlot> take_slot() {
    the_slot.in_use = true;
    return EmbryoSlot(&the_slot);
}

// Take the slot, then fail at step `failing_step` (0: never) or commit.
Result<Slot*> make(int failing_step) {
    EmbryoSlot slot = TRY(take_slot());
    if (failing_step == 1) return Errno::ENOMEM;
    EmbryoSlot moved = static_cast<EmbryoSlot&&>(slot); // ownership moves, not copies
    if (failing_step == 2) return Errno::EAGAIN;
    return moved.commit();
}

} // namespace

TEST(Embryo, DiscardedOnEveryFailure) {
    for (int step : {1, 2}) {
        discarded = 0;
        auto made = make(step);
        EXPECT_TRUE(made.is_error());
        EXPECT_FALSE(the_slot.in_use);
        EXPECT_EQ(discarded, 1) << "step " << step; // once, by whichever holder had it
    }
}

TEST(Embryo, KeptOnceCommitted) {
    discarded = 0;
    auto made = make(0);
    ASSERT_FALSE(made.is_error());
    EXPECT_EQ(made.value(), &the_slot);
    EXPECT_TRUE(the_slot.in_use);
    EXPECT_EQ(discarded, 0);
}

TEST(Embryo, DefaultMadeHoldsNothing) {
    discarded = 0;
    {
        EmbryoSlot none;
        EXPECT_TRUE(none.empty());
    }
    EXPECT_EQ(discarded, 0);
}
