// System calls for scheduler activations (docs/activations.md; the
// state they work on is proc/activation_state.h).
#include "arch/arch.h"
#include "mm/user_memory.h"
#include "proc/activation_state.h"
#include "proc/cpu.h"
#include "proc/lifecycle.h"
#include "proc/process.h"
#include "syscall/syscall.h"

using namespace activations;

// sa_register(config): opt in. Only a single-threaded process may, once;
// the caller becomes the activation of VP 0.
Result<u64> sys_sa_register(const SyscallArgs& args) {
    Thread* t = current_thread();
    Process* p = t->process;
    if (p->activations) return Errno::EBUSY;
    sa_config cfg = TRY(copy_from_user(args.user<sa_config>(0)));
    if (cfg.nvp < 1 || cfg.nvp > SA_MAX_VPS || !cfg.upcall_entry ||
        cfg.resume_end < cfg.resume_start)
        return Errno::EINVAL;
    for (usize i = 0; i < cfg.nvp; i++) {
        if (cfg.upcall_stack[i] % 16 || cfg.shared[i] % riscv::PGSIZE) return Errno::EINVAL;
        sa_vp_shared fresh{0, static_cast<u32>(i), 0, 0};
        TRY(copy_to_user(UserPtr<sa_vp_shared>(cfg.shared[i]), fresh)); // EFAULT for a bad page
        u64 probe = 0;
        TRY(copy_to_user(UserPtr<u64>(cfg.upcall_stack[i] - sizeof probe), probe));
    }
    {
        SpinlockGuard guard(p->lock);
        if (p->activations) return Errno::EBUSY;
        if (p->live_threads != 1) return Errno::EINVAL;
    }
    ActivationState* sa = allocate_state();
    if (!sa) return Errno::EAGAIN;
    sa->upcall_entry = cfg.upcall_entry;
    sa->resume_start = cfg.resume_start;
    sa->resume_end = cfg.resume_end;
    sa->gp = t->trapframe->gp();
    sa->tp = t->trapframe->tp();
    sa->nvp = cfg.nvp;
    for (usize i = 0; i < cfg.nvp; i++) {
        sa->vps[i].upcall_stack = cfg.upcall_stack[i];
        sa->vps[i].shared = cfg.shared[i];
    }
    sa->vps[0].granted = true;
    sa->vps[0].current = t;
    sa->granted = 1;
    t->sa_role = ActivationRole::Attached;
    t->sa_vp = 0;
    p->activations = sa;
    replenish_spare(p, 0);
    return 0;
}

// sa_setconcurrency(n): VPs 0..n-1 granted, the others given back at
// their next return to user mode.
Result<u64> sys_sa_setconcurrency(const SyscallArgs& args) {
    u64 n = args.raw(0);
    Process* p = current_process();
    ActivationState* sa = p->activations;
    if (!sa) return Errno::EINVAL;
    if (n < 1 || n > sa->nvp || n > online_hart_count()) return Errno::EINVAL;
    for (usize i = 0; i < sa->nvp; i++) {
        bool add = false;
        {
            SpinlockGuard guard(sa->lock);
            VirtualProcessor& vp = sa->vps[i];
            if (i < n) {
                vp.remove = false;
                add = !vp.granted;
                if (vp.idle) {
                    // Asking again for processors it has means "there is
                    // work": an idle VP upcalls at once (the paper's
                    // "add more processors").
                    vp.kick = true;
                    sa->idle_vps.wake_all();
                }
            } else if (vp.granted) {
                vp.remove = true;
                if (vp.idle) sa->idle_vps.wake_all();
            }
        }
        if (!add) continue;
        TRY(create_activation(p, i, ActivationRole::Attached, SA_NEWPROC));
    }
    return 0;
}

// sa_yield(): the caller's VP has nothing to run. Sleeps until there is
// an event to deliver (or the VP is taken away), and returns as an upcall.
Result<u64> sys_sa_yield(const SyscallArgs&) {
    Thread* t = current_thread();
    ActivationState* sa = t->process->activations;
    if (!sa || t->sa_role != ActivationRole::Attached) return Errno::EINVAL;
    bool give_back = false;
    {
        SpinlockGuard guard(sa->lock);
        VirtualProcessor& vp = sa->vps[t->sa_vp];
        vp.idle = true;
        t->sa_role = ActivationRole::Idle;
        while (sa->stopped.empty() && !vp.remove && !vp.kick && !current_thread_interrupted())
            sa->idle_vps.sleep(sa->lock);
        vp.idle = false;
        vp.kick = false;
        t->sa_role = ActivationRole::Attached;
        if (vp.remove) {
            give_back_vp_locked(sa, vp);
            t->sa_role = ActivationRole::None;
            give_back = true;
        }
    }
    if (give_back) lifecycle::thread_exit(); // an idle VP has no context to hand back
    if (current_thread_interrupted() || !upcall(t, 0, 0, OwnContext::Keep)) return Errno::EINTR;
    // The dispatcher writes the result to a0: hand back the upcall's a0
    // (the event array).
    return t->trapframe->a(0);
}
