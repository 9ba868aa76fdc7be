// ^P: the process and thread table, printed without taking locks.
#include "proc/proc_dump.h"
#include "lib/printk.h"
#include "proc/process.h"

namespace proc_dump {

void print_table() {
    printk("\n  PID  PPID  TID  STATE     HART  NAME\n");
    for (usize i = 0; i < NPROC; i++) {
        Process* p = processes::table_slot(i);
        ProcessState pstate = p->state; // racy on purpose: see the header
        if (pstate == ProcessState::Unused) continue;
        int ppid = p->parent ? p->parent->pid : 0;
        if (pstate == ProcessState::Zombie) {
            printk("%5d %5d    -  zombie       -  %s\n", p->pid, ppid, p->name);
            continue;
        }
        for (usize j = 0; j < NTHREAD; j++) {
            Thread* t = threads::table_slot(j);
            if (t->process != p || t->state == ThreadState::Unused) continue;
            printk("%5d %5d %4d  %-9s %4d  %s\n", p->pid, ppid, t->tid, thread_state_name(t->state),
                   t->last_hart, p->name);
        }
    }
}

} // namespace proc_dump
