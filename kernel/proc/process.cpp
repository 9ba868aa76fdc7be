// The process table and the first process.
#include "proc/process.h"
#include "fs/fs.h"
#include "lib/guarded.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "lib/utility.h"
#include "mm/user_memory.h"
#include "proc/cpu.h"
#include "proc/exec.h"
#include "proc/lifecycle.h"
#include "proc/scheduler.h"

constinit Spinlock wait_lock("wait_lock", LockRank::WaitLock);

namespace {
struct ProcessTable {
    Process slots[NPROC];
};
constinit NeverDestroyed<ProcessTable> table;
Process (&process_table)[NPROC] = table.value.slots;
constinit Process* the_init_process = nullptr;
constinit Guarded<int> last_id("ids", LockRank::Ids, 0);

// The first thread of the first process starts here (its context's ra),
// holding its thread lock from the scheduler. It mounts the file system
// (which needs a thread that can sleep) and execs /bin/init.
void init_first_run() {
    Thread* t = current_thread();
    t->lock.release();

    fs::init();
    Process* p = t->process;
    auto root = FsContext::create_root();
    if (root.is_error()) panic("init: no root directory");
    p->fs = root.release_value();

    const char* argv[] = {"init", nullptr};
    auto result = exec_from_kernel("/bin/init", argv);
    if (result.is_error()) panic("init: cannot exec /bin/init: %s", errno_name(result.error()));
    printk("weft: ready\n");
    lifecycle::return_to_user();
}
} // namespace

Process* current_process() {
    Thread* t = current_thread();
    return t ? t->process : nullptr;
}

namespace processes {

int next_id() {
    auto id = last_id.lock();
    return ++*id;
}

Result<EmbryoProcess> allocate() {
    for (Process& p : process_table) {
        SpinlockGuard guard(p.lock);
        if (p.state != ProcessState::Unused) continue;
        p.state = ProcessState::Alive;
        p.killed = false;
        p.kill_signal = 0;
        p.exiting = false;
        p.exit_status = 0;
        p.live_threads = 0;
        p.pending_signals = 0;
        p.stopped = false;
        p.stop_reported = true;
        p.alarm_deadline = 0;
        p.pid = next_id();
        p.pgid = 0; // in no group until clone publishes it in its parent's
        p.uid = 0;
        p.limits = ResourceLimits{};
        p.exit_signal = 0;
        p.activations = nullptr;
        p.name[0] = 0;
        return EmbryoProcess(&p);
    }
    return Errno::EAGAIN;
}

void free(Process* p) {
    p->address_space.clear();
    p->files.clear();
    p->fs.clear();
    p->signal_handlers.clear();
    SpinlockGuard guard(p->lock);
    p->parent = nullptr;
    p->pid = 0;
    p->name[0] = 0;
    p->state = ProcessState::Unused;
}

Process* table_slot(usize i) {
    return &process_table[i];
}

usize count_in_use() {
    usize n = 0;
    for (const Process& p : process_table)
        if (p.state != ProcessState::Unused) n++;
    return n;
}
Process* init_process() {
    return the_init_process;
}

void start_init() {
    Process* p = allocate().value().commit();
    p->pgid = p->pid; // init leads group 1
    kstr::copy(p->name, "init", sizeof p->name);
    auto as = AddressSpace::create();
    auto files = FileTable::create_empty();
    auto handlers = SignalHandlers::create();
    if (as.is_error() || files.is_error() || handlers.is_error())
        panic("start_init: out of memory");
    p->address_space = as.release_value();
    p->files = files.release_value();
    p->signal_handlers = handlers.release_value();

    auto thread = threads::allocate(p);
    if (thread.is_error()) panic("start_init: no thread");
    Thread* t = thread.value().commit();
    lifecycle::attach_thread(p, t);
    t->context.ra = reinterpret_cast<u64>(&init_first_run);
    t->context.sp = t->kernel_stack_top();
    the_init_process = p;

    SpinlockGuard guard(t->lock);
    scheduler::make_runnable_locked(t);
}

} // namespace processes

// mm/user_memory.h asks the process layer for these.
AddressSpace& current_address_space() {
    return *current_process()->address_space;
}

u64 current_stack_limit() {
    Process* p = current_process();
    return p ? p->limits.stack.cur : ResourceLimits{}.stack.cur;
}

Result<int> install_in_caller(RefPtr<File> file) {
    Process* p = current_process();
    return p->files->install(kstd::move(file), p->limits.nofile.cur);
}
