// RefPtr/RefCounted: copying takes a reference, the last release calls
// destroy() exactly once.
#include <gtest/gtest.h>

#include "lib/refptr.h"

namespace {

struct Tracked : RefCounted<Tracked> {
    int* destroyed;
    explicit Tracked(int* d) : destroyed(d) {}
    void destroy() {
        (*destroyed)++;
        delete this;
    }
};

TEST(RefPtr, NewObjectStartsWithOneReference) {
    int destroyed = 0;
    auto* t = new Tracked(&destroyed);
    EXPECT_EQ(t->ref_count(), 1);
    {
        auto p = RefPtr<Tracked>::adopt(t);
        EXPECT_EQ(p->ref_count(), 1); // adopt takes over that reference
        EXPECT_EQ(p.get(), t);
    }
    EXPECT_EQ(destroyed, 1);
}

TEST(RefPtr, CopyTakesAReferenceAndDestructionReleasesIt) {
    int destroyed = 0;
    auto p = RefPtr<Tracked>::adopt(new Tracked(&destroyed));
    {
        RefPtr<Tracked> q = p;
        EXPECT_EQ(p->ref_count(), 2);
        EXPECT_TRUE(q == p);
        RefPtr<Tracked> r;
        r = q;
        EXPECT_EQ(p->ref_count(), 3);
    }
    EXPECT_EQ(p->ref_count(), 1);
    EXPECT_EQ(destroyed, 0);
    p.clear();
    EXPECT_FALSE(p);
    EXPECT_EQ(destroyed, 1);
}

TEST(RefPtr, ShareTakesAnExtraReference) {
    int destroyed = 0;
    auto owner = RefPtr<Tracked>::adopt(new Tracked(&destroyed));
    Tracked* borrowed = owner.get();
    auto shared = RefPtr<Tracked>::share(borrowed);
    EXPECT_EQ(borrowed->ref_count(), 2);
    owner.clear();
    EXPECT_EQ(destroyed, 0);
    EXPECT_EQ(shared->ref_count(), 1);
    shared.clear();
    EXPECT_EQ(destroyed, 1);
}

TEST(RefPtr, ShareOfNullIsNull) {
    auto p = RefPtr<Tracked>::share(nullptr);
    EXPECT_FALSE(p);
    EXPECT_EQ(p.get(), nullptr);
}

TEST(RefPtr, MoveTransfersWithoutCounting) {
    int destroyed = 0;
    auto p = RefPtr<Tracked>::adopt(new Tracked(&destroyed));
    RefPtr<Tracked> q(std::move(p));
    EXPECT_FALSE(p);
    EXPECT_EQ(q->ref_count(), 1);
    RefPtr<Tracked> r;
    r = std::move(q);
    EXPECT_FALSE(q);
    EXPECT_EQ(r->ref_count(), 1);
    EXPECT_EQ(destroyed, 0);
}

TEST(RefPtr, AssigningReleasesTheOldObject) {
    int destroyed_a = 0, destroyed_b = 0;
    auto p = RefPtr<Tracked>::adopt(new Tracked(&destroyed_a));
    auto q = RefPtr<Tracked>::adopt(new Tracked(&destroyed_b));
    p = q;
    EXPECT_EQ(destroyed_a, 1);
    EXPECT_EQ(destroyed_b, 0);
    EXPECT_EQ(q->ref_count(), 2);
}

TEST(RefPtr, SelfAssignmentKeepsTheObjectAlive) {
    int destroyed = 0;
    auto p = RefPtr<Tracked>::adopt(new Tracked(&destroyed));
    RefPtr<Tracked>& alias = p; // e.g. child->cwd = parent->cwd when both are one object
    p = alias;
    ASSERT_TRUE(p) << "self-assignment lost the pointer";
    EXPECT_EQ(destroyed, 0);
    EXPECT_EQ(p->ref_count(), 1);
}

TEST(RefPtr, DestroyCalledExactlyOnceWithManyOwners) {
    int destroyed = 0;
    std::vector<RefPtr<Tracked>> owners;
    owners.push_back(RefPtr<Tracked>::adopt(new Tracked(&destroyed)));
    for (int i = 0; i < 50; i++) owners.push_back(owners.front());
    EXPECT_EQ(owners.front()->ref_count(), 51);
    while (!owners.empty()) {
        EXPECT_EQ(destroyed, 0);
        owners.pop_back();
    }
    EXPECT_EQ(destroyed, 1);
}

TEST(RefPtr, DereferenceReachesTheObject) {
    int destroyed = 0;
    auto p = RefPtr<Tracked>::adopt(new Tracked(&destroyed));
    EXPECT_EQ((*p).destroyed, &destroyed);
    EXPECT_EQ(p->destroyed, &destroyed);
}

} // namespace
