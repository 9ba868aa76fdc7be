/* pstree: the process tree.
 *
 *   pstree        every process, under its parent, from init down
 *   pstree PID    only PID and what descends from it
 *   pstree -T     without threads
 *
 * Each process is "name(pid)"; a zombie (exited, not yet waited for)
 * is marked "<zombie>"; a process's other threads hang under it as
 * "{name}(tid)". Everything comes from one procinfo snapshot
 * (<weft_sched.h>): one row per thread, or one row with tid 0 for a
 * zombie. A process whose parent is not in the snapshot (init, whose
 * ppid is 0) is a root.
 *
 *   init(1)
 *   `-sh(2)
 *     |-sleep(7)
 *     `-pstree(9)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <weft_sched.h>

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];
static int nrows;

/* One process, gathered from its rows. */
typedef struct {
    int pid, ppid;
    char name[17];
    int zombie;
    int first_row, nrows; /* its rows: rows[first_row .. first_row + nrows) */
} Proc;
static Proc procs[WEFT_PROCINFO_MAX];
static int nprocs;
static int show_threads = 1;

static Proc* find(int pid) {
    for (int i = 0; i < nprocs; i++)
        if (procs[i].pid == pid) return &procs[i];
    return NULL;
}

static int by_pid(const void* a, const void* b) {
    return ((const Proc*)a)->pid - ((const Proc*)b)->pid;
}

/* The threads to show under p: every row but the main thread's (tid ==
 * pid; if the main thread has ended, every row). */
static int thread_rows(const Proc* p, int* out) {
    int n = 0;
    if (!show_threads || p->zombie) return 0;
    for (int i = p->first_row; i < p->first_row + p->nrows; i++)
        if (rows[i].tid != p->pid) out[n++] = i;
    return n;
}

/* prefix: the lines drawn so far for the ancestors' columns. */
static void print_tree(const Proc* p, char* prefix, int len, int last, int root) {
    if (!root) {
        printf("%s%s", prefix, last ? "`-" : "|-");
    }
    printf("%s(%d)%s\n", p->name, p->pid, p->zombie ? " <zombie>" : "");
    int child_len = len;
    if (!root) {
        memcpy(prefix + len, last ? "  " : "| ", 3);
        child_len = len + 2;
    }
    int threads[WEFT_PROCINFO_MAX];
    int nthreads = thread_rows(p, threads);
    int nchildren = 0;
    for (int i = 0; i < nprocs; i++)
        if (procs[i].ppid == p->pid && procs[i].pid != p->pid) nchildren++;
    int shown = 0, total = nthreads + nchildren;
    for (int i = 0; i < nthreads; i++) {
        shown++;
        printf("%s%s{%s}(%d)\n", prefix, shown == total ? "`-" : "|-", p->name,
               rows[threads[i]].tid);
    }
    for (int i = 0; i < nprocs; i++) {
        if (procs[i].ppid != p->pid || procs[i].pid == p->pid) continue;
        shown++;
        if (child_len + 3 < 200) print_tree(&procs[i], prefix, child_len, shown == total, 0);
    }
    prefix[len] = 0;
}

int main(int argc, char** argv) {
    int only = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-T") == 0) {
            show_threads = 0;
        } else if (argv[i][0] >= '0' && argv[i][0] <= '9') {
            only = atoi(argv[i]);
        } else {
            fprintf(stderr, "usage: pstree [-T] [pid]\n");
            return 2;
        }
    }
    nrows = procinfo(rows, WEFT_PROCINFO_MAX);
    if (nrows < 0) {
        perror("pstree: procinfo");
        return 1;
    }
    /* procinfo reports a process's rows one after another. */
    for (int i = 0; i < nrows;) {
        Proc* p = &procs[nprocs++];
        p->pid = rows[i].pid;
        p->ppid = rows[i].ppid;
        memcpy(p->name, rows[i].name, 16);
        p->name[16] = 0;
        p->zombie = rows[i].state == 'Z';
        p->first_row = i;
        while (i < nrows && rows[i].pid == p->pid)
            i++;
        p->nrows = i - p->first_row;
    }
    qsort(procs, (size_t)nprocs, sizeof procs[0], by_pid);
    static char prefix[256];
    if (only) {
        Proc* p = find(only);
        if (p == NULL) {
            fprintf(stderr, "pstree: %d: no such process\n", only);
            return 1;
        }
        print_tree(p, prefix, 0, 1, 1);
        return 0;
    }
    for (int i = 0; i < nprocs; i++)
        if (find(procs[i].ppid) == NULL || procs[i].ppid == procs[i].pid)
            print_tree(&procs[i], prefix, 0, 1, 1);
    return 0;
}
