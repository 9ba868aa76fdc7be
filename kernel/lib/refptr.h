// Reference counting for objects several owners share: an AddressSpace
// used by every thread of a process, a FileTable shared by CLONE_FILES,
// an open File referenced from several descriptors.
//
//   class AddressSpace : public RefCounted<AddressSpace> {
//       void destroy();          // called once, when the last ref goes
//   };
//   RefPtr<AddressSpace> as = ...;   // copying a RefPtr takes a reference
//
// Rules: a RefPtr owns one reference; a raw T* is borrowed and its
// owner is named in a comment. The count is atomic, so references may
// be taken and dropped on any hart without a lock. destroy() decides
// where the memory goes (usually back to a Pool).
#pragma once

#include "lib/atomic.h"

template <typename T> class RefCounted {
public:
    void ref() { count_.fetch_add(1); }
    void unref() {
        if (count_.fetch_sub(1) == 1) static_cast<T*>(this)->destroy();
    }
    int ref_count() const { return count_.load(); }

protected:
    // A new object starts with one reference, adopted by the first RefPtr.
    RefCounted() = default;
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;

private:
    Atomic<int> count_{1};
};

template <typename T> class RefPtr {
public:
    RefPtr() = default;
    RefPtr(decltype(nullptr)) {}
    RefPtr(const RefPtr& other) : ptr_(other.ptr_) {
        if (ptr_) ptr_->ref();
    }
    RefPtr(RefPtr&& other) : ptr_(other.ptr_) { other.ptr_ = nullptr; }
    ~RefPtr() { clear(); }

    RefPtr& operator=(const RefPtr& other) {
        // Reference the new object before dropping the old one: they may
        // be the same, and dropping first could destroy it.
        T* old = ptr_;
        ptr_ = other.ptr_;
        if (ptr_) ptr_->ref();
        if (old) old->unref();
        return *this;
    }
    RefPtr& operator=(RefPtr&& other) {
        if (this != &other) {
            clear();
            ptr_ = other.ptr_;
            other.ptr_ = nullptr;
        }
        return *this;
    }

    // Take ownership of the reference a freshly made object starts with.
    static RefPtr adopt(T* fresh) {
        RefPtr p;
        p.ptr_ = fresh;
        return p;
    }
    // Take a new reference to an object someone else already owns.
    static RefPtr share(T* existing) {
        if (existing) existing->ref();
        return adopt(existing);
    }

    void clear() {
        if (ptr_) {
            T* p = ptr_;
            ptr_ = nullptr;
            p->unref();
        }
    }

    T* get() const { return ptr_; }
    T* operator->() const { return ptr_; }
    T& operator*() const { return *ptr_; }
    explicit operator bool() const { return ptr_ != nullptr; }
    bool operator==(const RefPtr& other) const { return ptr_ == other.ptr_; }

private:
    T* ptr_ = nullptr;
};
