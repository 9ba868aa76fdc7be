// ^P: the process and thread table, printed without taking locks.
#include "proc/proc_dump.h"
#include "lib/printk.h"
#include "proc/process.h"

namespace proc_dump {

void print_table() {
    printk("\n  PID  TID  STATE     HART  NAME\n");
    for (usize i = 0; i < NTHREAD; i++) {
        Thread* t = threads::table_slot(i);
        ThreadState state = t->state; // racy on purpose: see the header
        Process* p = t->process;
        if (state == ThreadState::Unused || !p) continue;
        printk("%5d %4d  %-9s %4d  %s\n", p->pid, t->tid, thread_state_name(state), t->last_hart, p->name);
    }
}

} // namespace proc_dump
