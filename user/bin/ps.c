/* ps: the processes (or, with -T, the threads) running now.
 *
 *   ps        one line per process: PID PPID S THR CPU HART NAME
 *   ps -T     one line per thread:  PID TID S HART NICE LVL USER SYS SWITCH NAME
 *
 * Everything comes from one procinfo snapshot (<weft_sched.h>). CPU,
 * USER and SYS are clock ticks (10 ms each) charged by the timer; HART
 * is where the thread last ran; LVL is its MLFQ queue (0 = top). A
 * process's state is its busiest thread's: R running, r runnable,
 * S sleeping; Z is a zombie (exited, not yet waited for). With -T, NAME
 * adds a thread's own name (prctl PR_SET_NAME) after its process's. */
#include <stdio.h>
#include <string.h>
#include <weft_sched.h>

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];

/* Which of two thread states says more about the process: R > r > E > S. */
static int rank(char state) {
    switch (state) {
    case 'R':
        return 4;
    case 'r':
        return 3;
    case 'E':
        return 2;
    case 'S':
        return 1;
    default:
        return 0;
    }
}

static void print_processes(int n) {
    printf("%5s %5s %s %3s %6s %4s %s\n", "PID", "PPID", "S", "THR", "CPU", "HART", "NAME");
    for (int i = 0; i < n;) {
        /* procinfo reports a process's threads one after another. */
        const struct weft_procinfo* first = &rows[i];
        char state = first->state;
        int hart = first->hart, threads = 0;
        unsigned long ticks = 0;
        for (; i < n && rows[i].pid == first->pid; i++) {
            ticks += rows[i].user_ticks + rows[i].system_ticks;
            if (rows[i].tid != 0) threads++;
            if (rank(rows[i].state) > rank(state)) {
                state = rows[i].state;
                hart = rows[i].hart;
            }
        }
        char hart_text[8] = "-";
        if (hart >= 0) snprintf(hart_text, sizeof hart_text, "%d", hart);
        printf("%5d %5d %c %3d %6lu %4s %s\n", first->pid, first->ppid, state, threads, ticks,
               hart_text, first->name);
    }
}

static void print_threads(int n) {
    printf("%5s %5s %s %4s %4s %3s %6s %6s %7s %s\n", "PID", "TID", "S", "HART", "NICE", "LVL",
           "USER", "SYS", "SWITCH", "NAME");
    for (int i = 0; i < n; i++) {
        const struct weft_procinfo* r = &rows[i];
        char hart_text[8] = "-";
        if (r->hart >= 0) snprintf(hart_text, sizeof hart_text, "%d", r->hart);
        if (r->state == 'Z') { /* a zombie process has no threads left */
            printf("%5d %5s Z %4s %4s %3s %6s %6s %7s %s\n", r->pid, "-", "-", "-", "-", "-", "-",
                   "-", r->name);
            continue;
        }
        /* A thread that named itself (prctl PR_SET_NAME): "schedviz: hog 1". */
        printf("%5d %5d %c %4s %4d %3u %6lu %6lu %7lu %s%s%s\n", r->pid, r->tid, r->state,
               hart_text, r->nice, r->level, r->user_ticks, r->system_ticks, r->switches, r->name,
               r->thread_name[0] ? ": " : "", r->thread_name);
    }
}

int main(int argc, char** argv) {
    int threads = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-T") == 0) {
            threads = 1;
        } else {
            fprintf(stderr, "usage: ps [-T]\n");
            return 2;
        }
    }
    int n = procinfo(rows, WEFT_PROCINFO_MAX);
    if (n < 0) {
        perror("ps: procinfo");
        return 1;
    }
    if (threads)
        print_threads(n);
    else
        print_processes(n);
    return 0;
}
