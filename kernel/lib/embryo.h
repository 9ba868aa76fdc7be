// Embryo<T, discard>: an object being made, owned by its maker until
// commit(). Any step of making it may fail; the destructor discards what
// was made so far, so the maker's error paths are TRYs with nothing to
// undo (seL4's decode), and commit() begins the part that cannot fail
// (invoke). Empty when default-made or committed.
//
//   EmbryoThread t = TRY(threads::allocate(p)); // freed on every return...
//   Thread* live = t.commit();                  // ...but after this
#pragma once

template <typename T, void (*discard)(T*)> class Embryo {
public:
    Embryo() = default;
    explicit Embryo(T* object) : object_(object) {}
    Embryo(Embryo&& other) : object_(other.commit()) {}
    ~Embryo() {
        if (object_) discard(object_);
    }

    bool empty() const { return object_ == nullptr; }
    T* get() const { return object_; }
    T* operator->() const { return object_; }
    T* commit() {
        T* object = object_;
        object_ = nullptr;
        return object;
    }

private:
    T* object_ = nullptr;
};
