// fork(): clone with no sharing (DESIGN §2). In two phases, as in seL4:
// first make everything the child needs (any step may fail, and the
// RefPtrs undo themselves), then commit, which cannot fail.
#include "lib/string.h"
#include "lib/utility.h"
#include "proc/lifecycle.h"
#include "proc/scheduler.h"

namespace {

// A forked thread's first instructions in the kernel: the scheduler
// switched here holding our lock.
void fork_return() {
    current_thread()->lock.release();
    lifecycle::return_to_user();
}

} // namespace

namespace lifecycle {

Result<int> fork_process() {
    Process* parent = current_process();
    Thread* caller = current_thread();

    // Decode: make the child's resources.
    auto address_space = TRY(parent->address_space->copy());
    auto files = TRY(parent->files->copy());
    auto fs = TRY(parent->fs->copy());
    Process* child = TRY(processes::allocate());
    auto thread = threads::allocate(child);
    if (thread.is_error()) {
        processes::free(child);
        return thread.error();
    }
    Thread* t = thread.value();
    auto slot = address_space->map_trapframe(reinterpret_cast<u64>(t->trapframe));
    if (slot.is_error()) {
        threads::free_embryo(t);
        processes::free(child);
        return slot.error();
    }

    // Invoke: nothing below can fail.
    t->trapframe_slot = slot.value();
    t->trapframe_user_va = trapframe_va(slot.value());
    *t->trapframe = *caller->trapframe;
    t->trapframe->a(0) = 0; // fork returns 0 in the child
    t->context.ra = reinterpret_cast<u64>(&fork_return);
    t->context.sp = t->kernel_stack_top();

    child->address_space = kstd::move(address_space);
    child->files = kstd::move(files);
    child->fs = kstd::move(fs);
    kstr::copy(child->name, parent->name, sizeof child->name);
    attach_thread(child, t);
    {
        SpinlockGuard guard(wait_lock);
        child->parent = parent;
    }
    int pid = child->pid;
    SpinlockGuard guard(t->lock);
    scheduler::make_runnable_locked(t);
    return pid;
}

} // namespace lifecycle
