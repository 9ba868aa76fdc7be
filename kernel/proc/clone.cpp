// clone (see clone.h). In two phases, as in seL4: decode makes every
// object the child needs (any step may fail; RefPtrs undo themselves),
// then invoke fills them in, and cannot fail -- up to the last step,
// publishing the child, which may still give way to a signal:
//
// A fork and a kill of the caller's process group must not cross, or a
// fork bomb outlives the kill of its group: the kill's pass over the
// process table would miss a child made behind it. So, as Linux does
// under its tasklist lock, the child becomes visible -- parent, process
// group, first thread -- under wait_lock, which a group kill holds for
// its whole pass (signal.cpp), and only if no signal is pending for the
// caller: a kill that came first makes fork give up (EINTR, restarted
// after the signal is handled, as Linux's ERESTARTNOINTR: the caller
// dies of SIGKILL before it sees it); a kill that comes later finds the
// child in the group. A new thread is attached under its process's
// lock only if the process is not being killed or exiting.
#include "proc/clone.h"
#include "lib/string.h"
#include "lib/utility.h"
#include "mm/user_memory.h"
#include "proc/lifecycle.h"
#include "proc/scheduler.h"

namespace {

// A cloned thread's first instructions in the kernel: the scheduler
// switched here holding our lock. Killed since it was published (a
// group kill that found it before it ever ran): it never reaches user
// mode.
void clone_return() {
    current_thread()->lock.release();
    lifecycle::exit_if_killed();
    lifecycle::return_to_user();
}

// The first two rules are Linux's. The third is Weft's own: the fd
// table and the cwd hang off the Process, so every thread of a process
// has the same ones -- a new thread cannot get copies of them, as a
// Linux thread made without CLONE_FILES or CLONE_FS would. Refusing
// the combination keeps clone from saying "copy" and sharing anyway.
Result<void> check_flags(u64 flags) {
    using namespace clone_flags;
    if (flags & ~SUPPORTED) return Errno::EINVAL;
    if ((flags & THREAD) && !(flags & SIGHAND)) return Errno::EINVAL;
    if ((flags & SIGHAND) && !(flags & VM)) return Errno::EINVAL;
    if ((flags & THREAD) && (flags & (FILES | FS)) != (FILES | FS)) return Errno::EINVAL;
    return ok();
}

// RLIMIT_NPROC counts the processes and threads of the caller's user,
// as Linux does; the thread table's size (NTHREAD) is the hard cap.
Result<void> check_thread_limit(Process* parent) {
    u64 limit = parent->limits.nproc.cur;
    if (limit == RLIM_INFINITY) return ok();
    u64 count = 0;
    for (usize i = 0; i < NTHREAD; i++) {
        Thread* t = threads::table_slot(i);
        Process* owner = t->process; // racy peek: a limit check, not an invariant
        if (t->state != ThreadState::Unused && owner && owner->uid == parent->uid) count++;
    }
    if (count >= limit) return Errno::EAGAIN;
    return ok();
}

// Check RLIMIT_NPROC and take the thread slot under one lock, so that
// two harts cloning at once cannot both slip under the limit.
constinit Spinlock thread_limit_lock("thread_limit", LockRank::ThreadLimit);

Result<Thread*> allocate_within_limit(Process* parent, Process* target) {
    SpinlockGuard guard(thread_limit_lock);
    TRY(check_thread_limit(parent));
    return threads::allocate(target);
}

template <typename T> Result<RefPtr<T>> share_or_copy(const RefPtr<T>& object, bool share) {
    if (share) return object;
    return object->copy();
}

// The shared-or-copied resources of a new process (decode phase).
Result<void> make_resources(Process* parent, u64 flags, RefPtr<AddressSpace>& address_space,
                            RefPtr<FileTable>& files, RefPtr<FsContext>& fs,
                            RefPtr<SignalHandlers>& handlers) {
    using namespace clone_flags;
    address_space = TRY(share_or_copy(parent->address_space, flags & VM));
    files = TRY(share_or_copy(parent->files, flags & FILES));
    fs = TRY(share_or_copy(parent->fs, flags & FS));
    handlers = TRY(share_or_copy(parent->signal_handlers, flags & SIGHAND));
    return ok();
}

// Make a new process visible: in its parent's group, with its parent
// and its first thread, unless a signal is pending for the caller (a
// kill of the group may have passed already): then EINTR and nothing
// is published.
Result<void> publish_process(Process* parent, Thread* caller, Process* child, Thread* t) {
    SpinlockGuard tree(wait_lock);
    {
        SpinlockGuard guard(parent->lock);
        if (parent->killed || signals::has_deliverable_locked(caller)) return Errno::EINTR;
    }
    {
        SpinlockGuard guard(child->lock);
        child->pgid = parent->pgid;
    }
    child->parent = parent;
    lifecycle::attach_thread(child, t);
    return ok();
}

// A new thread joins its process only if the process is not being
// killed or exiting (EAGAIN: its caller is about to end anyway).
Result<void> publish_thread(Process* p, Thread* t) {
    if (!lifecycle::attach_thread_if_alive(p, t)) return Errno::EAGAIN;
    return ok();
}

} // namespace

Result<int> clone_task(const CloneArgs& args) {
    using namespace clone_flags;
    TRY(check_flags(args.flags));
    Process* parent = current_process();
    Thread* caller = current_thread();
    bool new_thread_only = args.flags & THREAD;

    // Decode: make or share what the child needs.
    Process* target = parent;
    RefPtr<AddressSpace> address_space = parent->address_space;
    RefPtr<FileTable> files;
    RefPtr<FsContext> fs;
    TRY(check_thread_limit(parent));
    RefPtr<SignalHandlers> handlers;
    if (!new_thread_only) {
        // The process slot first: a full process table is EAGAIN (fork
        // bomb), whatever else would run out after it.
        target = TRY(processes::allocate());
        target->uid = parent->uid; // counted against the right user from now on
        auto made = make_resources(parent, args.flags, address_space, files, fs, handlers);
        if (made.is_error()) {
            processes::free(target);
            return made.error();
        }
    }
    auto undo_process = [&] {
        if (target != parent) processes::free(target);
    };
    auto thread = allocate_within_limit(parent, target);
    if (thread.is_error()) {
        undo_process();
        return thread.error();
    }
    Thread* t = thread.value();
    auto slot = address_space->map_trapframe(reinterpret_cast<u64>(t->trapframe));
    if (slot.is_error()) {
        threads::free_embryo(t);
        undo_process();
        return slot.error();
    }
    // The tid reports go to user memory, which can fault: do them while
    // undo is still easy. CHILD_SETTID writes into the child's memory.
    if (args.flags & PARENT_SETTID) {
        auto written =
            copy_to_user(*parent->address_space, args.parent_tid, &t->tid, sizeof t->tid);
        if (written.is_error()) {
            address_space->unmap_trapframe(slot.value());
            threads::free_embryo(t);
            undo_process();
            return written.error();
        }
    }
    if (args.flags & CHILD_SETTID) {
        auto written = copy_to_user(*address_space, args.child_tid, &t->tid, sizeof t->tid);
        if (written.is_error()) {
            address_space->unmap_trapframe(slot.value());
            threads::free_embryo(t);
            undo_process();
            return written.error();
        }
    }

    // Invoke: nothing below can fail, up to publishing (last).
    t->trapframe_slot = slot.value();
    t->trapframe_user_va = trapframe_va(slot.value());
    *t->trapframe = *caller->trapframe;
    t->trapframe->a(0) = 0; // clone returns 0 in the child
    if (args.stack) t->trapframe->sp() = args.stack;
    if (args.flags & SETTLS) t->trapframe->tp() = args.tls;
    t->sched.nice = caller->sched.nice;
    kstr::copy(t->name, caller->name, sizeof t->name); // t is an Embryo: no one else reads it
    t->clear_child_tid = (args.flags & CHILD_CLEARTID) ? args.child_tid : 0;
    t->context.ra = reinterpret_cast<u64>(&clone_return);
    t->context.sp = t->kernel_stack_top();

    {
        // The new thread starts with the caller's signal mask, nothing pending.
        SpinlockGuard guard(parent->lock);
        t->signal_mask = caller->signal_mask;
        t->pending_signals = 0;
        t->in_sigsuspend = false;
    }
    if (target != parent) {
        target->address_space = kstd::move(address_space);
        target->files = kstd::move(files);
        target->fs = kstd::move(fs);
        target->signal_handlers = kstd::move(handlers);
        target->uid = parent->uid;
        target->limits = parent->limits;
        target->exit_signal = static_cast<int>(args.flags & CSIGNAL);
        kstr::copy(target->name, parent->name, sizeof target->name);
    }

    // Publish: the one step that may still give way (see the top).
    auto published =
        target != parent ? publish_process(parent, caller, target, t) : publish_thread(parent, t);
    if (published.is_error()) {
        target->address_space->unmap_trapframe(slot.value());
        threads::free_embryo(t);
        undo_process(); // the copied resources go with the process slot
        if (published.error() == Errno::EINTR) caller->syscall_restart_always = true;
        return published.error();
    }
    int tid = t->tid;
    SpinlockGuard guard(t->lock);
    scheduler::make_runnable_locked(t);
    return tid;
}

namespace lifecycle {
Result<int> fork_process() {
    return clone_task(CloneArgs{});
}
} // namespace lifecycle
