/* crashwork: a file-system workload to pull the plug on (tests/test_crash.py).
 *
 *   crashwork SEED [WORKERS [OPS]]
 *
 * WORKERS processes (default 3) each make OPS (default 0: until killed)
 * random changes to files of their own in /cw: create, write, append,
 * overwrite in the middle, truncate, link (a second or third name for a
 * file) and unlink. Each change is exactly one system call, announced on
 * the console before it starts and confirmed after it returns:
 *
 *   CW B <worker> <seq> <name>=<state> ...   about to change these names
 *   CW D <worker> <seq>                      done: the call returned
 *
 * A state is what reading the name gives once the call is done: "-" (no
 * such file) or "<size>:<hash>", the FNV-1a hash (32 bits, hex) of the
 * file's bytes. An append changes every name of the file, so all of them
 * are listed. When a call returns its log operation is committed (end_op
 * waits for the commit), so after a crash at any moment each worker's
 * files are in the states of its last confirmed change, or, for the one
 * announced but not confirmed, all in the states it announced. A line
 * is one write() of under 128 bytes, so lines of different workers do
 * not mix on the console. Changes stay small enough (writes of at most
 * 2 KiB) that each is one log operation.
 *
 * Each worker keeps a copy of its files in memory and checks what it
 * reads back; a surprise prints "CW FAIL <why>" and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    NAMES = 6, /* name slots per worker: w<worker>n<slot> */
    MAX_NAMES_PER_FILE = 3,
    MAX_SIZE = 14 * 1024, /* past the 11 direct blocks: indirect ones too */
    MAX_WRITE = 2048,     /* one write = one log operation (kernel/fs/file.cpp) */
};

struct file {
    int size;
    unsigned char data[MAX_SIZE];
};

/* This worker's files: name slot -> file (or NULL). */
static struct file files[NAMES];
static struct file* named[NAMES];
static int worker;
static unsigned seq;
static uint64_t rng;
static unsigned char scratch[MAX_SIZE];

static uint64_t next_random(void) { /* xorshift64 */
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static int below(int n) {
    return (int)(next_random() % (uint64_t)n);
}

static void say(const char* line) {
    size_t n = strlen(line);
    if (write(1, line, n) != (ssize_t)n) exit(3);
}

static void fail(const char* what) {
    char line[120];
    snprintf(line, sizeof line, "CW FAIL worker %d seq %u: %s: %s\n", worker, seq, what,
             strerror(errno));
    say(line);
    exit(1);
}

static void name_of(int slot, char* out, size_t size) {
    snprintf(out, size, "/cw/w%dn%d", worker, slot);
}

static uint32_t fnv1a(const unsigned char* p, int n) {
    uint32_t h = 2166136261u;
    for (int i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

/* Which names a change touches: only the one it names (link, unlink,
 * create), or every name of its file (a write changes them all). */
enum Scope { ONE_NAME, ALL_NAMES };

/* Announce change number seq: the names it touches and their states
 * after it (f: the file they name then, NULL for none). */
static void announce(int slot, const struct file* f, enum Scope scope) {
    char line[128];
    int n = snprintf(line, sizeof line, "CW B %d %u", worker, seq);
    for (int s = 0; s < NAMES; s++) {
        if (scope == ONE_NAME ? s != slot : named[s] != f) continue;
        if (f)
            n += snprintf(line + n, sizeof line - (size_t)n, " w%dn%d=%d:%08x", worker, s, f->size,
                          (unsigned)fnv1a(f->data, f->size));
        else
            n += snprintf(line + n, sizeof line - (size_t)n, " w%dn%d=-", worker, s);
    }
    snprintf(line + n, sizeof line - (size_t)n, "\n");
    say(line);
}

static void confirm(void) {
    char line[40];
    snprintf(line, sizeof line, "CW D %d %u\n", worker, seq);
    say(line);
    seq++;
}

static void fill_random(unsigned char* p, int n) {
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)next_random();
}

static int names_of(const struct file* f) {
    int n = 0;
    for (int s = 0; s < NAMES; s++)
        n += named[s] == f;
    return n;
}

static struct file* unused_file(void) {
    for (int i = 0; i < NAMES; i++)
        if (names_of(&files[i]) == 0) return &files[i];
    return NULL; /* cannot happen: NAMES files for NAMES slots */
}

/* write(fd) of f's bytes [off, off + n) (already in the model), announced. */
static void write_announced(int fd, int slot, struct file* f, int off, int n) {
    announce(slot, f, ALL_NAMES);
    if (write(fd, f->data + off, (size_t)n) != n) fail("write");
    confirm();
}

static void create(int slot) {
    char path[32];
    name_of(slot, path, sizeof path);
    struct file* f = unused_file();
    f->size = 0;
    named[slot] = f;
    announce(slot, f, ONE_NAME);
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
    if (fd < 0) fail("create");
    confirm();
    int n = 1 + below(MAX_WRITE);
    fill_random(f->data, n);
    f->size = n;
    write_announced(fd, slot, f, 0, n);
    close(fd);
}

static void append(int slot) {
    struct file* f = named[slot];
    int n = 1 + below(MAX_WRITE);
    if (f->size + n > MAX_SIZE) n = MAX_SIZE - f->size;
    if (n == 0) return;
    char path[32];
    name_of(slot, path, sizeof path);
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0) fail("open to append");
    int off = f->size;
    fill_random(f->data + off, n);
    f->size += n;
    write_announced(fd, slot, f, off, n);
    close(fd);
}

/* Read the first off bytes (and check them), then overwrite from there. */
static void overwrite(int slot) {
    struct file* f = named[slot];
    int off = below(f->size + 1);
    int n = 1 + below(MAX_WRITE);
    if (off + n > MAX_SIZE) n = MAX_SIZE - off;
    if (n == 0) return;
    char path[32];
    name_of(slot, path, sizeof path);
    int fd = open(path, O_RDWR);
    if (fd < 0) fail("open to overwrite");
    for (int got = 0; got < off;) {
        ssize_t r = read(fd, scratch + got, (size_t)(off - got));
        if (r <= 0) fail("read before overwrite");
        got += (int)r;
    }
    if (memcmp(scratch, f->data, (size_t)off) != 0) {
        errno = 0;
        fail("read back different bytes");
    }
    fill_random(f->data + off, n);
    if (off + n > f->size) f->size = off + n;
    write_announced(fd, slot, f, off, n);
    close(fd);
}

static void truncate_file(int slot) {
    struct file* f = named[slot];
    char path[32];
    name_of(slot, path, sizeof path);
    f->size = 0;
    announce(slot, f, ALL_NAMES);
    int fd = open(path, O_WRONLY | O_TRUNC);
    if (fd < 0) fail("open with O_TRUNC");
    confirm();
    close(fd);
}

static void link_to(int slot, int from) {
    char old_path[32], new_path[32];
    name_of(from, old_path, sizeof old_path);
    name_of(slot, new_path, sizeof new_path);
    named[slot] = named[from];
    announce(slot, named[slot], ONE_NAME);
    if (link(old_path, new_path) < 0) fail("link");
    confirm();
}

static void remove_name(int slot) {
    char path[32];
    name_of(slot, path, sizeof path);
    named[slot] = NULL;
    announce(slot, NULL, ONE_NAME);
    if (unlink(path) < 0) fail("unlink");
    confirm();
}

/* One random change. */
static void step(void) {
    int slot = below(NAMES);
    struct file* f = named[slot];
    if (!f) {
        int from = below(NAMES);
        if (below(4) == 0 && named[from] && names_of(named[from]) < MAX_NAMES_PER_FILE)
            link_to(slot, from);
        else
            create(slot);
        return;
    }
    int r = below(100);
    if (r < 35)
        append(slot);
    else if (r < 55)
        overwrite(slot);
    else if (r < 65)
        truncate_file(slot);
    else
        remove_name(slot);
}

static int run_worker(int id, unsigned long seed, long ops) {
    worker = id;
    rng = seed * 0x9e3779b97f4a7c15ull + (uint64_t)id * 0x632be59bd9b4e019ull + 1;
    for (long i = 0; ops == 0 || i < ops; i++)
        step();
    return 0;
}

int main(int argc, char** argv) {
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: crashwork SEED [WORKERS [OPS]]\n");
        return 2;
    }
    unsigned long seed = strtoul(argv[1], NULL, 10);
    int workers = argc > 2 ? atoi(argv[2]) : 3;
    long ops = argc > 3 ? atol(argv[3]) : 0;
    if (workers < 1 || workers > 8) {
        fprintf(stderr, "crashwork: 1 to 8 workers\n");
        return 2;
    }
    if (mkdir("/cw", 0755) < 0 && errno != EEXIST) {
        fprintf(stderr, "crashwork: mkdir /cw: %s\n", strerror(errno));
        return 1;
    }
    char line[64];
    snprintf(line, sizeof line, "CW start seed %lu workers %d\n", seed, workers);
    say(line);
    for (int w = 0; w < workers; w++) {
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "crashwork: fork: %s\n", strerror(errno));
            return 1;
        }
        if (pid == 0) _exit(run_worker(w, seed, ops));
    }
    int failures = 0, status;
    while (wait(&status) > 0)
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failures++;
    say(failures ? "CW end: some workers failed\n" : "CW end\n");
    return failures ? 1 : 0;
}
