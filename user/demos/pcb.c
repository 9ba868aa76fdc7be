/* pcb: what the kernel keeps per process and per thread, from its own
 * records.
 *
 * The lecture picture: a process control block holds what the threads
 * share -- one address space, one open-file table, one working
 * directory -- and each thread control block holds only what is its own:
 * a register set (pc, sp, ...), a stack, a state. So a thread is cheaper
 * than a process.
 *
 * The demo makes a process of three threads (main and two workers, the
 * workers blocked reading a pipe), takes one procinfo snapshot and
 * prints the kernel's view as two tables. The ids are the kernel's
 * table slots (+1) of the objects, not addresses: equal ids are one
 * object. pc and sp are the user registers each thread saved at its
 * last entry to the kernel. Last, the sizes of the kernel's Process and
 * Thread records.
 *
 * Usage: pcb. Exits 0 when the kernel's records showed the point: one
 * address space, file table and cwd for all three threads; three
 * different stacks (user sp and kernel stack) and register sets; and
 * sizeof(Thread) < sizeof(Process).
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>
#include <weft_sched.h>

#define NTHREADS 3

static int gate[2]; /* the workers block reading it until main is done */
static volatile int started;

static void* worker(void* arg) {
    (void)arg;
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    char c;
    if (read(gate[0], &c, 1) != 1) perror("pcb: read");
    return NULL;
}

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];

/* Our rows once both workers sleep in read (state 'S'); their number. */
static int snapshot(const struct weft_procinfo** mine) {
    for (int tries = 0; tries < 1000; tries++) {
        int n = procinfo(rows, WEFT_PROCINFO_MAX), k = 0, sleeping = 0;
        if (n < 0) {
            perror("pcb: procinfo");
            return -1;
        }
        for (int i = 0; i < n && k < NTHREADS; i++) {
            if (rows[i].pid != getpid() || rows[i].tid == 0) continue;
            mine[k++] = &rows[i];
            if (rows[i].tid != gettid() && rows[i].state == 'S') sleeping++;
        }
        if (k == NTHREADS && sleeping == NTHREADS - 1) return k;
        usleep(10 * 1000);
    }
    return -1;
}

int main(void) {
    pthread_t t[NTHREADS - 1];
    if (pipe(gate) < 0) {
        perror("pcb: pipe");
        return 1;
    }
    for (int i = 0; i < NTHREADS - 1; i++) {
        if (pthread_create(&t[i], NULL, worker, NULL) != 0) {
            fprintf(stderr, "pcb: pthread_create failed\n");
            return 1;
        }
    }
    while (started < NTHREADS - 1)
        sched_yield();

    const struct weft_procinfo* r[NTHREADS];
    int n = snapshot(r);
    if (n != NTHREADS) {
        fprintf(stderr, "pcb: never saw our %d threads with the workers asleep\n", NTHREADS);
        return 1;
    }

    printf("per process (struct Process, %u bytes), shared by all its threads:\n",
           r[0]->process_size);
    printf("  %-5s %-14s %-11s %-16s %s\n", "pid", "address space", "file table", "cwd (fs context)",
           "threads");
    printf("  %-5d #%-13u #%-10u #%-15u %u\n", r[0]->pid, r[0]->address_space, r[0]->files,
           r[0]->fs, r[0]->threads);
    printf("\nper thread (struct Thread, %u bytes), one each:\n", r[0]->thread_size);
    printf("  %-5s %-6s %-20s %-20s %-12s %s\n", "tid", "state", "pc", "sp", "kernel stack",
           "who");
    for (int i = 0; i < n; i++)
        printf("  %-5d %-6c 0x%-18lx 0x%-18lx #%-11u %s\n", r[i]->tid, r[i]->state, r[i]->user_pc,
               r[i]->user_sp, r[i]->kernel_stack, r[i]->tid == gettid() ? "main" : "worker");
    printf("\n(the kernel row of every thread also shows the same address space, file\n"
           " table and cwd: rows");
    int shared = 1, stacks_differ = 1;
    for (int i = 0; i < n; i++) {
        printf(" %d:#%u/#%u/#%u", r[i]->tid, r[i]->address_space, r[i]->files, r[i]->fs);
        if (r[i]->address_space == 0 || r[i]->address_space != r[0]->address_space ||
            r[i]->files != r[0]->files || r[i]->fs != r[0]->fs)
            shared = 0;
        for (int j = 0; j < i; j++)
            if (r[i]->user_sp == r[j]->user_sp || r[i]->kernel_stack == r[j]->kernel_stack)
                stacks_differ = 0;
    }
    printf(")\n\n");

    int cheaper = r[0]->thread_size < r[0]->process_size;
    printf("one address space, one file table, one cwd for %d threads: %s\n", n,
           shared ? "yes" : "NO");
    printf("%d register sets, %d user stacks, %d kernel stacks, all different: %s\n", n, n, n,
           stacks_differ ? "yes" : "NO");
    printf("per thread %u bytes < per process %u bytes: %s\n", r[0]->thread_size,
           r[0]->process_size, cheaper ? "yes" : "NO");
    printf("(records only: each thread also has a kernel stack and a trapframe page;\n"
           " each process its page tables, files and pages.)\n");

    if (write(gate[1], "xx", NTHREADS - 1) != NTHREADS - 1) perror("pcb: write");
    for (int i = 0; i < NTHREADS - 1; i++)
        pthread_join(t[i], NULL);
    return shared && stacks_differ && cheaper ? 0 : 1;
}
