// Loading a static ELF64 RISC-V executable (see exec.h).
#include "proc/exec.h"
#include "fs/inode.h"
#include "fs/log.h"
#include "fs/path.h"
#include "lib/string.h"
#include "lib/utility.h"
#include "mm/page_alloc.h"
#include "param.h"
#include "proc/activation.h"
#include "proc/elf.h"
#include "proc/lifecycle.h"
#include "proc/process.h"

using namespace riscv;

namespace {

u64 pte_permissions(u32 elf_flags) {
    u64 perm = 0;
    if (elf_flags & elf::PF_R) perm |= PTE_R;
    if (elf_flags & elf::PF_W) perm |= PTE_W | PTE_R;
    if (elf_flags & elf::PF_X) perm |= PTE_X;
    return perm;
}

Result<void> load_segment(AddressSpace& as, Inode* ip, const elf::ProgramHeader& ph) {
    if (ph.memsz < ph.filesz || ph.vaddr + ph.memsz < ph.vaddr) return Errno::ENOEXEC;
    if (ph.vaddr < USER_IMAGE_BASE || ph.vaddr + ph.memsz > USER_STACK_TOP) return Errno::ENOEXEC;
    u64 start = page_round_down(ph.vaddr);
    u64 end = page_round_up(ph.vaddr + ph.memsz);
    auto kind = (ph.flags & elf::PF_X) ? RegionKind::Text : RegionKind::Data;
    auto added = as.add_region(kind, start, end, pte_permissions(ph.flags));
    if (added.is_error()) return added.error() == Errno::EINVAL ? Errno::ENOEXEC : added.error();

    // Copy the file part through a kernel page; the rest stays zero (bss).
    void* buffer = page_alloc::alloc_page();
    if (!buffer) return Errno::ENOMEM;
    Result<void> result = ok();
    for (u64 done = 0; done < ph.filesz && !result.is_error();) {
        usize chunk = ph.filesz - done < PGSIZE ? ph.filesz - done : PGSIZE;
        auto n = readi(ip, buffer, ph.offset + done, chunk);
        if (n.is_error() || n.value() != chunk)
            result = Errno::ENOEXEC;
        else
            result = as.load(ph.vaddr + done, buffer, chunk);
        done += chunk;
    }
    page_alloc::free_page(buffer);
    return result;
}

// Make the user stack and push argv onto it, Linux style (docs/abi.md).
// The user sp.
Result<u64> push_arguments(AddressSpace& as, const char* const* argv, u64& argc_out,
                           u64& argv_out) {
    u64 stack_bottom = USER_STACK_TOP - USER_STACK_PAGES * PGSIZE;
    TRY(as.add_region(RegionKind::Stack, stack_bottom, USER_STACK_TOP, PTE_R | PTE_W));
    u64 sp = USER_STACK_TOP;
    u64 pointers[MAXARG + 1];
    usize argc = 0;
    for (; argv[argc]; argc++) {
        if (argc >= MAXARG) return Errno::E2BIG;
        usize len = strlen(argv[argc]) + 1;
        sp -= len;
        TRY(as.load(sp, argv[argc], len));
        pointers[argc] = sp;
    }
    pointers[argc] = 0;
    // argc, argv[], NULL, envp NULL, auxv {0, 0}; 16-byte aligned.
    usize words = 1 + (argc + 1) + 1 + 2;
    sp -= words * sizeof(u64);
    sp &= ~u64(15);
    u64 zero[3] = {0, 0, 0};
    u64 count = argc;
    TRY(as.load(sp, &count, sizeof count));
    TRY(as.load(sp + 8, pointers, (argc + 1) * sizeof(u64)));
    TRY(as.load(sp + 8 + (argc + 1) * 8, zero, sizeof zero));
    argc_out = argc;
    argv_out = sp + 8;
    return sp;
}

// Read the ELF file at path into as: its segments, then an empty heap
// after them. The program's entry point.
Result<u64> load_program(AddressSpace& as, const char* path) {
    elf::Header header;
    LogOperation op; // dropping ip may write the disk
    InodeRef ip = TRY(namei(*current_process()->fs, path));
    InodeLockGuard lock(ip);
    if (ip->type == InodeType::Directory) return Errno::EACCES;
    auto n = readi(ip.get(), &header, 0, sizeof header);
    if (n.is_error() || n.value() != sizeof header || !header.is_riscv64_executable())
        return Errno::ENOEXEC;
    if (header.phnum > 64) return Errno::ENOEXEC;

    u64 image_end = 0;
    for (u16 i = 0; i < header.phnum; i++) {
        elf::ProgramHeader ph;
        auto got = readi(ip.get(), &ph, header.phoff + u64(i) * sizeof ph, sizeof ph);
        if (got.is_error() || got.value() != sizeof ph) return Errno::ENOEXEC;
        if (ph.type != elf::PT_LOAD || ph.memsz == 0) continue;
        TRY(load_segment(as, ip.get(), ph));
        if (page_round_up(ph.vaddr + ph.memsz) > image_end)
            image_end = page_round_up(ph.vaddr + ph.memsz);
    }
    if (image_end == 0) return Errno::ENOEXEC;
    TRY(as.add_region(RegionKind::Heap, image_end, image_end, PTE_R | PTE_W));
    return header.entry;
}

} // namespace

Result<u64> exec_from_kernel(const char* path, const char* const* argv) {
    Thread* t = current_thread();
    Process* p = t->process;

    // Decode: build the new image beside the old one and take all the
    // switch needs. A failure leaves the caller as it was: the new
    // address space goes, trapframe mapping and all.
    auto new_space = TRY(AddressSpace::create());
    u64 entry = TRY(load_program(*new_space, path));
    u64 argc = 0, argv_user = 0;
    u64 sp = TRY(push_arguments(*new_space, argv, argc, argv_user));
    usize slot = TRY(new_space->map_trapframe(reinterpret_cast<u64>(t->trapframe)));
    RefPtr<SignalHandlers> own_handlers;
    if (p->signal_handlers->ref_count() > 1) own_handlers = TRY(p->signal_handlers->copy());
    // The last step that may fail: end the process's other threads. Its
    // activations end with them: no more upcalls (the VP table stops
    // adding up as they go).
    activations::on_process_exit(p);
    TRY(lifecycle::end_other_threads());

    // Invoke: alone now, exec cannot fail. An activated process becomes
    // a plain one again.
    activations::release(p);
    t->sa_role = ActivationRole::None;
    if (t->trapframe_user_va) p->address_space->unmap_trapframe(t->trapframe_slot);
    t->trapframe_slot = slot;
    t->trapframe_user_va = trapframe_va(slot);
    p->address_space = kstd::move(new_space);

    // Handlers do not survive exec (the code is gone); ignored signals
    // stay ignored. A table shared with another process was unshared above.
    if (own_handlers) {
        SpinlockGuard guard(p->lock);
        p->signal_handlers = kstd::move(own_handlers);
    }
    p->signal_handlers->reset_for_exec();

    // Every register zero but pc, sp, argc and argv (return_to_user
    // fills in the kernel's fields).
    TrapFrame& tf = *t->trapframe;
    tf = TrapFrame{};
    tf.epc = entry;
    tf.sp() = sp;
    tf.a(0) = argc;
    tf.a(1) = argv_user;

    const char* base = path;
    for (const char* s = path; *s; s++)
        if (*s == '/') base = s + 1;
    kstr::copy(p->name, base, sizeof p->name); // named after its program file
    {
        SpinlockGuard guard(t->lock); // procinfo reads the name under it
        t->name[0] = '\0';            // the program's name from now on
    }
    return argc;
}
