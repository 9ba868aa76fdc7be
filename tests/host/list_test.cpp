// IntrusiveList: nodes live inside the objects, so one object can sit on
// several lists at once (a Thread on its process's list and a run queue).
#include <gtest/gtest.h>

#include "lib/list.h"

namespace {

struct Item {
    int value = 0;
    ListNode run_node;
    ListNode all_node;
    explicit Item(int v) : value(v) {}
};

using RunQueue = IntrusiveList<Item, &Item::run_node>;
using AllItems = IntrusiveList<Item, &Item::all_node>;

std::vector<int> values(RunQueue& list) {
    std::vector<int> out;
    for (Item* item : list) out.push_back(item->value);
    return out;
}

TEST(IntrusiveList, StartsEmpty) {
    RunQueue q;
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.size(), 0u);
    EXPECT_EQ(q.front(), nullptr);
    EXPECT_EQ(q.back(), nullptr);
    EXPECT_EQ(q.pop_front(), nullptr);
}

TEST(IntrusiveList, PushBackKeepsInsertionOrder) {
    Item a(1), b(2), c(3);
    RunQueue q;
    q.push_back(&a);
    q.push_back(&b);
    q.push_back(&c);
    EXPECT_EQ(q.size(), 3u);
    EXPECT_EQ(q.front(), &a);
    EXPECT_EQ(q.back(), &c);
    EXPECT_EQ(values(q), (std::vector<int>{1, 2, 3}));
}

TEST(IntrusiveList, PushFrontPrepends) {
    Item a(1), b(2), c(3);
    RunQueue q;
    q.push_front(&a);
    q.push_front(&b);
    q.push_back(&c);
    EXPECT_EQ(values(q), (std::vector<int>{2, 1, 3}));
}

TEST(IntrusiveList, PopFrontIsFifoAndUnlinks) {
    Item a(1), b(2);
    RunQueue q;
    q.push_back(&a);
    q.push_back(&b);
    EXPECT_EQ(q.pop_front(), &a);
    EXPECT_FALSE(RunQueue::contains_node(&a));
    EXPECT_TRUE(RunQueue::contains_node(&b));
    EXPECT_EQ(q.pop_front(), &b);
    EXPECT_EQ(q.pop_front(), nullptr);
    EXPECT_TRUE(q.empty());
}

TEST(IntrusiveList, RemoveFromMiddleHeadAndTail) {
    Item a(1), b(2), c(3), d(4);
    RunQueue q;
    for (Item* i : {&a, &b, &c, &d}) q.push_back(i);
    q.remove(&b);
    EXPECT_EQ(values(q), (std::vector<int>{1, 3, 4}));
    q.remove(&a);
    EXPECT_EQ(values(q), (std::vector<int>{3, 4}));
    q.remove(&d);
    EXPECT_EQ(values(q), (std::vector<int>{3}));
    q.remove(&c);
    EXPECT_TRUE(q.empty());
    EXPECT_FALSE(RunQueue::contains_node(&c));
}

TEST(IntrusiveList, RemovedItemCanBeQueuedAgain) {
    Item a(1), b(2);
    RunQueue q;
    q.push_back(&a);
    q.push_back(&b);
    q.remove(&a);
    q.push_back(&a);
    EXPECT_EQ(values(q), (std::vector<int>{2, 1}));
}

TEST(IntrusiveList, OneObjectOnTwoListsThroughTwoNodes) {
    Item a(1), b(2), c(3);
    RunQueue run;
    AllItems all;
    for (Item* i : {&a, &b, &c}) all.push_back(i);
    run.push_back(&c);
    run.push_back(&a);

    EXPECT_EQ(all.size(), 3u);
    EXPECT_EQ(run.size(), 2u);
    EXPECT_EQ(values(run), (std::vector<int>{3, 1}));

    // Leaving the run queue does not touch membership of the other list.
    run.remove(&a);
    EXPECT_FALSE(RunQueue::contains_node(&a));
    EXPECT_TRUE(AllItems::contains_node(&a));
    std::vector<int> in_all;
    for (Item* i : all) in_all.push_back(i->value);
    EXPECT_EQ(in_all, (std::vector<int>{1, 2, 3}));
}

TEST(IntrusiveList, IteratorYieldsTheContainingObject) {
    Item a(10), b(20);
    AllItems all;
    all.push_back(&a);
    all.push_back(&b);
    int sum = 0;
    for (Item* i : all) {
        EXPECT_TRUE(i == &a || i == &b);
        sum += i->value;
    }
    EXPECT_EQ(sum, 30);
}

TEST(IntrusiveListDeathTest, PushingALinkedNodeTraps) {
    Item a(1);
    RunQueue q1, q2;
    q1.push_back(&a);
    EXPECT_DEATH(q2.push_back(&a), "");
}

} // namespace
