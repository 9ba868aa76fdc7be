/* top: which threads use the processors, refreshed every second.
 *
 *   top [-n COUNT] [-d SECONDS]     COUNT frames (default 5), SECONDS apart (default 1)
 *
 * Each frame compares two procinfo snapshots: %CPU is the clock ticks a
 * thread was charged during the interval as a share of one hart (so a
 * thread that ran the whole time shows 100%, and all threads together
 * add up to at most harts * 100%). Threads are listed busiest first.
 * top ends by itself after COUNT frames, so it can run inside tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <weft.h>
#include <weft_sched.h>

static struct weft_procinfo before[WEFT_PROCINFO_MAX], now[WEFT_PROCINFO_MAX];

struct line {
    const struct weft_procinfo* row;
    unsigned long ticks; /* charged during the interval */
};
static struct line lines[WEFT_PROCINFO_MAX];

static unsigned long cpu_ticks(const struct weft_procinfo* r) {
    return r->user_ticks + r->system_ticks;
}

/* Ticks charged to now[i]'s thread since the snapshot `before` (all of
 * them if it is new). */
static unsigned long ticks_since(const struct weft_procinfo* r, int nbefore) {
    for (int j = 0; j < nbefore; j++)
        if (before[j].tid == r->tid && before[j].pid == r->pid &&
            cpu_ticks(&before[j]) <= cpu_ticks(r))
            return cpu_ticks(r) - cpu_ticks(&before[j]);
    return cpu_ticks(r);
}

static int busiest_first(const void* a, const void* b) {
    const struct line* x = a;
    const struct line* y = b;
    if (x->ticks != y->ticks) return x->ticks < y->ticks ? 1 : -1;
    return x->row->tid - y->row->tid;
}

static int number(const char* s) {
    char* end;
    long v = strtol(s, &end, 10);
    return *s && *end == 0 && v > 0 && v < 100000 ? (int)v : -1;
}

int main(int argc, char** argv) {
    int frames = 5, seconds = 1;
    for (int i = 1; i < argc; i++) {
        int* which = strcmp(argv[i], "-n") == 0   ? &frames
                     : strcmp(argv[i], "-d") == 0 ? &seconds
                                                  : 0;
        if (!which || i + 1 == argc || (*which = number(argv[++i])) < 0) {
            fprintf(stderr, "usage: top [-n COUNT] [-d SECONDS]\n");
            return 2;
        }
    }
    struct weft_sysinfo info;
    if (sysinfo(&info) < 0) {
        perror("top: sysinfo");
        return 1;
    }

    int nbefore = procinfo(before, WEFT_PROCINFO_MAX);
    long start = uptime();
    for (int frame = 1; frame <= frames; frame++) {
        sleep((unsigned)seconds);
        int n = procinfo(now, WEFT_PROCINFO_MAX);
        long end = uptime();
        if (n < 0 || nbefore < 0) {
            perror("top: procinfo");
            return 1;
        }
        long interval = end - start > 0 ? end - start : 1; /* ticks */

        int nlines = 0, threads = 0;
        unsigned long busy = 0;
        for (int i = 0; i < n; i++) {
            if (now[i].state == 'Z') continue;
            threads++;
            lines[nlines].row = &now[i];
            lines[nlines].ticks = ticks_since(&now[i], nbefore);
            busy += lines[nlines].ticks;
            nlines++;
        }
        qsort(lines, (size_t)nlines, sizeof lines[0], busiest_first);

        unsigned long capacity = (unsigned long)interval * info.harts;
        printf("top: frame %d/%d, uptime %ld.%02lds, %d threads, %lu harts %lu%% busy\n", frame,
               frames, end / WEFT_HZ, end % WEFT_HZ, threads, info.harts,
               capacity ? busy * 100 / capacity : 0);
        printf("%5s %5s %s %4s %4s %3s %5s %7s %s\n", "PID", "TID", "S", "HART", "NICE", "LVL",
               "%CPU", "TICKS", "NAME");
        for (int i = 0; i < nlines; i++) {
            const struct weft_procinfo* r = lines[i].row;
            printf("%5d %5d %c %4d %4d %3u %5lu %7lu %s\n", r->pid, r->tid, r->state, r->hart,
                   r->nice, r->level, lines[i].ticks * 100 / (unsigned long)interval, cpu_ticks(r),
                   r->name);
        }
        printf("\n");
        fflush(stdout);

        memcpy(before, now, sizeof now[0] * (size_t)n);
        nbefore = n;
        start = end;
    }
    return 0;
}
