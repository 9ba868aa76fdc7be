// clone (see clone.h). In two phases, as in seL4: decode makes every
// object the child needs -- any step may fail, and the embryo holders
// (EmbryoProcess, EmbryoThread) give back what was made, so each step
// is a TRY -- then invoke fills them in, and cannot fail -- up to the
// last step, publishing the child, which may still give way to a signal:
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
// as Linux does; the thread table's size (NTHREAD) is the hard cap. The
// count and the taking of the slot are under one lock, so that two
// harts cloning at once cannot both slip under the limit.
constinit Spinlock thread_limit_lock("thread_limit", LockRank::ThreadLimit);

Result<EmbryoThread> allocate_within_limit(Process* parent, Process* target) {
    SpinlockGuard guard(thread_limit_lock);
    u64 limit = parent->limits.nproc.cur, count = 0;
    for (usize i = 0; i < NTHREAD && limit != RLIM_INFINITY; i++) {
        Thread* t = threads::table_slot(i);
        Process* owner = t->process; // racy peek: a limit check, not an invariant
        if (t->state != ThreadState::Unused && owner && owner->uid == parent->uid) count++;
    }
    if (count >= limit) return Errno::EAGAIN;
    return threads::allocate(target);
}

// A new process, unless the flags ask for a thread of the parent's
// (then an empty embryo). It is the parent's user's from now on (so
// counted against it), with the parent's limits and name.
Result<EmbryoProcess> new_process_unless_thread(Process* parent, u64 flags) {
    using namespace clone_flags;
    if (flags & THREAD) return EmbryoProcess();
    EmbryoProcess child = TRY(processes::allocate());
    child->uid = parent->uid;
    child->limits = parent->limits;
    child->exit_signal = static_cast<int>(flags & CSIGNAL);
    kstr::copy(child->name, parent->name, sizeof child->name);
    return child;
}

template <typename T>
Result<RefPtr<T>> share_or_copy(const RefPtr<T>& object, u64 flags, u64 share_flag) {
    if (flags & share_flag) return object;
    return object->copy();
}

// A new process's resources, shared with the parent or copied.
Result<void> make_resources(Process* parent, u64 flags, Process* child) {
    using namespace clone_flags;
    child->address_space = TRY(share_or_copy(parent->address_space, flags, VM));
    child->files = TRY(share_or_copy(parent->files, flags, FILES));
    child->fs = TRY(share_or_copy(parent->fs, flags, FS));
    child->signal_handlers = TRY(share_or_copy(parent->signal_handlers, flags, SIGHAND));
    return ok();
}

// Make a new process visible: in its parent's group, with its parent
// and its first thread, unless a signal is pending for the caller (a
// kill of the group may have passed already): then EINTR, to be
// restarted after the signal (see the top), and nothing is published.
Result<void> publish_process(Process* parent, Thread* caller, Process* child, Thread* t) {
    SpinlockGuard tree(wait_lock);
    {
        SpinlockGuard guard(parent->lock);
        if (parent->killed || signals::has_deliverable_locked(caller)) {
            caller->syscall_restart_always = true;
            return Errno::EINTR;
        }
    }
    {
        SpinlockGuard guard(child->lock);
        child->pgid = parent->pgid;
    }
    child->parent = parent;
    lifecycle::attach_thread(child, t);
    return ok();
}

// EAGAIN if the process is being killed or exiting: the caller ends too.
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

    // Decode. The process slot first: a full process table is EAGAIN
    // (fork bomb), whatever else would run out after it; then the thread
    // slot, within the limit, before anything is copied.
    EmbryoProcess child = TRY(new_process_unless_thread(parent, args.flags));
    Process* target = child.empty() ? parent : child.get();
    EmbryoThread t = TRY(allocate_within_limit(parent, target));
    if (!child.empty()) TRY(make_resources(parent, args.flags, target));
    TRY(threads::start_as_copy_of_caller(t.get(), &clone_return));
    // The tid reports go to user memory, which can fault: do them while
    // the embryos can still go. CHILD_SETTID writes into the child's memory.
    if (args.flags & PARENT_SETTID)
        TRY(copy_to_user(args.parent_tid, t->tid, *parent->address_space));
    if (args.flags & CHILD_SETTID)
        TRY(copy_to_user(args.child_tid, t->tid, *target->address_space));

    // Invoke: nothing below can fail, up to publishing (last).
    t->trapframe->a(0) = 0; // clone returns 0 in the child
    if (args.stack) t->trapframe->sp() = args.stack;
    if (args.flags & SETTLS) t->trapframe->tp() = args.tls;
    t->sched.nice = caller->sched.nice;
    kstr::copy(t->name, caller->name, sizeof t->name); // t is an Embryo: no one else reads it
    t->clear_child_tid = (args.flags & CHILD_CLEARTID) ? args.child_tid : UserPtr<int>();
    TRY(child.empty() ? publish_thread(parent, t.get())
                      : publish_process(parent, caller, child.get(), t.get()));
    child.commit();
    Thread* thread = t.commit();
    int tid = thread->tid; // read before it can run, exit and give its slot away
    SpinlockGuard guard(thread->lock);
    scheduler::make_runnable_locked(thread);
    return tid;
}

namespace lifecycle {
Result<int> fork_process() {
    return clone_task(CloneArgs{});
}
} // namespace lifecycle
