/* trace: run a program with the scheduler trace on, and write what every
 * hart did to a file.
 *
 *   trace [-o FILE] PROGRAM [ARGS...]       (FILE defaults to /tmp/trace.txt)
 *
 * Starts the kernel's trace (sched_trace), forks and runs PROGRAM, waits
 * for it, stops the trace and writes the events in the text format of
 * docs/scheduling.md, which scripts/trace2png.py and
 * scripts/trace2perfetto.py draw:
 *
 *   # weft-trace v1 timebase=10000000 harts=2 sched=rr quantum=1 preempt=on
 *   # command: PROGRAM ARGS...
 *   ev <time> <hart> <in|out|wake|create|upcall> <pid> <tid> <reason> <level> <arg>
 *   process <pid> <process name>
 *   name <pid> <tid> <thread name>
 *
 * The header says what the trace was recorded under (sysinfo: the harts
 * and the scheduler the boot options chose) and what ran.
 * The trace starts while trace itself (and maybe others) is running, so
 * a hart's first switch-out can belong to a thread whose switch-in came
 * before the start; such an unmatched switch-out is left out, so that
 * every "out" in the file follows its "in". Names come from procinfo
 * snapshots taken while the program runs, one soon after the start and
 * then one every SNAPSHOT_TICKS: a thread's own name (prctl PR_SET_NAME)
 * if it has one when seen, its process's name otherwise. Prints one
 * line: events, dropped, file; exits with the program's exit status. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <weft.h>
#include <weft_sched.h>

#define NAMES 64          /* processes we remember a name for */
#define THREAD_NAMES 128  /* threads we remember their own name for */
#define SNAPSHOT_TICKS 10 /* between two procinfo snapshots (100 ms) */

static struct {
    int pid;
    char name[16];
} names[NAMES];
static int nnames;

static struct {
    int tid;
    char name[16];
} thread_names[THREAD_NAMES];
static int nthread_names;

static void remember_name(int pid, const char* name) {
    for (int i = 0; i < nnames; i++) {
        if (names[i].pid == pid) {
            strncpy(names[i].name, name, sizeof names[i].name - 1);
            return;
        }
    }
    if (nnames == NAMES) return;
    names[nnames].pid = pid;
    strncpy(names[nnames].name, name, sizeof names[nnames].name - 1);
    nnames++;
}

static const char* name_of(int pid) {
    for (int i = 0; i < nnames; i++)
        if (names[i].pid == pid) return names[i].name;
    return 0;
}

/* The latest name a thread gave itself: a later snapshot wins (under
 * activations one kernel thread may be named by several user threads). */
static void remember_thread_name(int tid, const char* name) {
    int i = 0;
    while (i < nthread_names && thread_names[i].tid != tid)
        i++;
    if (i == THREAD_NAMES) return;
    if (i == nthread_names) nthread_names++;
    thread_names[i].tid = tid;
    strncpy(thread_names[i].name, name, sizeof thread_names[i].name - 1);
}

static const char* thread_name_of(int tid) {
    for (int i = 0; i < nthread_names; i++)
        if (thread_names[i].tid == tid) return thread_names[i].name;
    return 0;
}

static struct weft_procinfo rows[WEFT_PROCINFO_MAX];

/* Remember the name of every process alive now, except `keep` (the
 * traced program, named after its file before its exec is seen), and
 * of every thread that has a name of its own. */
static void snapshot_names(int keep) {
    int n = procinfo(rows, WEFT_PROCINFO_MAX);
    for (int i = 0; i < n; i++) {
        if (rows[i].pid != keep || !name_of(keep)) remember_name(rows[i].pid, rows[i].name);
        if (rows[i].tid && rows[i].thread_name[0])
            remember_thread_name(rows[i].tid, rows[i].thread_name);
    }
}

/* SIGCHLD only cuts the sleep between two snapshots short. */
static void on_child(int sig) {
    (void)sig;
}

/* ---------------------------------------------------------------- output */

/* Writes in large pieces: every write to a file is a file-system
 * transaction. */
static struct {
    int fd;
    int failed;
    size_t used;
    char buf[8192];
} out;

static void flush_out(void) {
    size_t done = 0;
    while (done < out.used && !out.failed) {
        ssize_t w = write(out.fd, out.buf + done, out.used - done);
        if (w <= 0)
            out.failed = 1;
        else
            done += (size_t)w;
    }
    out.used = 0;
}

static void emit(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char* fmt, ...) {
    if (sizeof out.buf - out.used < 256) flush_out();
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out.buf + out.used, sizeof out.buf - out.used, fmt, ap);
    va_end(ap);
    if (n > 0) out.used += (size_t)n;
}

/* ---------------------------------------------------------------- */

static int usage(void) {
    fprintf(stderr, "usage: trace [-o FILE] PROGRAM [ARGS...]\n");
    return 2;
}

int main(int argc, char** argv) {
    const char* path = "/tmp/trace.txt";
    int first = 1;
    if (first < argc && strcmp(argv[first], "-o") == 0) {
        if (first + 1 >= argc) return usage();
        path = argv[first + 1];
        first += 2;
    }
    if (first >= argc) return usage();

    struct weft_sysinfo info;
    if (sysinfo(&info) < 0) {
        perror("trace: sysinfo");
        return 1;
    }
    long max = (long)info.harts * WEFT_TRACE_EVENTS_PER_HART;
    struct weft_trace_event* events = malloc((size_t)max * sizeof *events);
    if (!events) {
        fprintf(stderr, "trace: no memory for %ld events\n", max);
        return 1;
    }
    out.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out.fd < 0) {
        fprintf(stderr, "trace: %s: %s\n", path, strerror(errno));
        return 1;
    }

    /* The program's name is its file name, as exec names the process. */
    const char* program = strrchr(argv[first], '/') ? strrchr(argv[first], '/') + 1 : argv[first];
    snapshot_names(0);

    sched_trace_start();
    int pid = fork();
    if (pid < 0) {
        sched_trace_stop();
        perror("trace: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[first], argv + first);
        fprintf(stderr, "trace: %s: %s\n", argv[first], strerror(errno));
        _exit(127);
    }
    remember_name(pid, program);
    /* Snapshots while it runs: soon after the start, for the threads it
     * starts and names right away, then every SNAPSHOT_TICKS for names
     * given later. Each costs a wakeup in the trace (the `trace` lane);
     * SIGCHLD ends the last sleep early, so the trace stops soon after
     * the program does. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_child;
    sigaction(SIGCHLD, &sa, NULL);
    int status = 0;
    for (long ticks = 2;; ticks = SNAPSHOT_TICKS) {
        int done = waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno != EINTR)) break;
        sleep_ticks(ticks);
        snapshot_names(pid);
    }
    sched_trace_stop();
    long n = sched_trace_read(events, max);
    long dropped = sched_trace_dropped();
    if (n < 0) {
        perror("trace: reading the trace");
        return 1;
    }

    emit("# weft-trace v1 timebase=%lu harts=%lu sched=%s quantum=%u preempt=%s\n", WEFT_TIME_HZ,
         info.harts, info.sched_policy, info.quantum_ticks, info.preemptive ? "on" : "off");
    emit("# command:");
    for (int i = first; i < argc; i++)
        emit(" %s", argv[i]);
    emit("\n");
    long written = 0, left_out = 0;
    int seen_in[256] = {0}; /* per hart: has a switch-in been written yet? */
    for (long i = 0; i < n; i++) {
        const struct weft_trace_event* e = &events[i];
        if (e->event == WEFT_EV_IN) seen_in[e->hart] = 1;
        if (e->event == WEFT_EV_OUT && !seen_in[e->hart]) {
            left_out++; /* its switch-in came before the start */
            continue;
        }
        emit("ev %lu %u %s %u %u %s %u %u\n", e->time, e->hart, sched_trace_event_name(e->event),
             e->pid, e->tid, sched_trace_reason_name(e->reason), e->level, e->arg);
        written++;
    }
    /* A process line for every process in the trace whose name we know,
     * a name line for every thread in it that named itself. */
    static struct { unsigned pid, tid; } named[256];
    int nnamed = 0;
    for (long i = 0; i < n && nnamed < 256; i++) {
        const struct weft_trace_event* e = &events[i];
        int known_pid = 0, known_tid = 0;
        for (int j = 0; j < nnamed; j++) {
            known_pid |= named[j].pid == e->pid;
            known_tid |= named[j].tid == e->tid && named[j].pid == e->pid;
        }
        if (known_tid) continue;
        named[nnamed].pid = e->pid;
        named[nnamed].tid = e->tid;
        nnamed++;
        const char* process_name = name_of((int)e->pid);
        const char* thread_name = thread_name_of((int)e->tid);
        if (!known_pid && process_name) emit("process %u %s\n", e->pid, process_name);
        if (thread_name) emit("name %u %u %s\n", e->pid, e->tid, thread_name);
    }
    flush_out();
    if (close(out.fd) < 0 || out.failed) {
        fprintf(stderr, "trace: writing %s failed\n", path);
        return 1;
    }

    printf("trace: %ld events, %ld dropped, %ld unmatched switch-outs left out -> %s\n", written,
           dropped, left_out, path);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}
