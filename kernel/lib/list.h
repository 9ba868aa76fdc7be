// Intrusive doubly linked list. The node lives inside the object, so
// putting an object on a list never allocates, and one object can sit
// on several lists at once through several nodes (a Thread is on its
// process's thread list and, at the same time, on a run queue or a
// wait queue).
//
//   struct Thread { ListNode run_node; ... };
//   IntrusiveList<Thread, &Thread::run_node> run_queue;
//
// The list does no locking: whoever owns the list's lock owns its nodes'
// links. A node is on at most one list at a time (checked).
#pragma once

#include "lib/types.h"

struct ListNode {
    ListNode* prev = nullptr;
    ListNode* next = nullptr;
    bool is_linked() const { return next != nullptr; }
};

template <typename T, ListNode T::*Node> class IntrusiveList {
public:
    constexpr IntrusiveList() { head_.prev = head_.next = &head_; }
    IntrusiveList(const IntrusiveList&) = delete;
    IntrusiveList& operator=(const IntrusiveList&) = delete;

    bool empty() const { return head_.next == &head_; }
    usize size() const {
        usize n = 0;
        for (const ListNode* n2 = head_.next; n2 != &head_; n2 = n2->next)
            n++;
        return n;
    }

    void push_back(T* item) { insert_before(&head_, &(item->*Node)); }
    void push_front(T* item) { insert_before(head_.next, &(item->*Node)); }

    T* front() const { return empty() ? nullptr : owner(head_.next); }
    T* back() const { return empty() ? nullptr : owner(head_.prev); }

    T* pop_front() {
        T* item = front();
        if (item) remove(item);
        return item;
    }

    void remove(T* item) {
        ListNode* n = &(item->*Node);
        n->prev->next = n->next;
        n->next->prev = n->prev;
        n->prev = n->next = nullptr;
    }

    static bool contains_node(const T* item) { return (item->*Node).is_linked(); }

    // Iteration: for (T* t : list) ... ; do not remove the current item
    // inside the loop (collect first, or use pop_front).
    class Iterator {
    public:
        explicit Iterator(ListNode* n) : node_(n) {}
        T* operator*() const { return owner(node_); }
        Iterator& operator++() {
            node_ = node_->next;
            return *this;
        }
        bool operator!=(const Iterator& o) const { return node_ != o.node_; }

    private:
        ListNode* node_;
    };
    Iterator begin() { return Iterator(head_.next); }
    Iterator end() { return Iterator(&head_); }

private:
    static void insert_before(ListNode* pos, ListNode* n) {
        if (n->is_linked()) __builtin_trap(); // already on a list: a kernel bug
        n->prev = pos->prev;
        n->next = pos;
        pos->prev->next = n;
        pos->prev = n;
    }
    // The object that contains a node: subtract the member's offset.
    static T* owner(const ListNode* n) {
        // Any well-aligned non-null address works as a probe; only the
        // member's distance from the start of T matters.
        constexpr uptr probe_base = 4096;
        const T* probe = reinterpret_cast<const T*>(probe_base);
        auto offset = reinterpret_cast<uptr>(&(probe->*Node)) - probe_base;
        return reinterpret_cast<T*>(reinterpret_cast<uptr>(n) - offset);
    }

    ListNode head_;
};
