/* fuzz: random system calls with hostile arguments; the kernel must
 * neither panic, nor hang, nor leak (issue 10, item 5).
 *
 *   fuzz SEED CALLS          about CALLS calls, in batches of BATCH calls,
 *                            each batch in a child process of its own
 *   fuzz SEED CALLS CHILD    replay child CHILD of that run alone, printing
 *                            each call before it is made and its result after
 *
 * Every call is a raw `ecall` (number in a7, arguments in a0-a5): every
 * number of abi/weft/syscalls.def, some beyond the last and some
 * negative, with arguments drawn from pools of hostile values -- kernel
 * addresses, the trampoline and trapframe pages at the top of user space,
 * NULL, unaligned pointers, pointers running off the end of a mapping,
 * read-only and inaccessible pages, huge and truncating lengths, bad
 * file descriptors, random clone flags, signals, mmap ranges, futex ops,
 * sa_register configurations made of garbage.
 *
 * Children: child i draws its calls from a seed of its own, made from the
 * master seed and i, so `fuzz SEED CALLS i` makes the same calls again.
 * A child leads a process group of its own, works in a scratch directory
 * of its own, and arms alarm(2): SIGALRM (kept at its default action, see
 * the harm filter) ends a child whose call blocks. A child may die of a
 * signal; that is fine. The parent keeps CONCURRENCY children running,
 * reaps them with a plain blocking waitpid (a hang is the kernel's bug,
 * and the test harness's timeout reports it), kills whatever is left in
 * the child's group, removes its scratch directory and notes how it ended.
 * Each child's start is printed ("c17:345" is child 17, pid 345) so that
 * the child behind a panic can be found and replayed.
 *
 * Checks, printed as PASS/FAIL lines:
 *   fuzz_children_end_cleanly  no child saw the kernel write to memory it
 *                              may not (the read-only page, the text page)
 *                              nor a call outside the table not fail with
 *                              ENOSYS; each failure names seed and child
 *   fuzz_no_process_left       once every child is reaped, the process
 *                              count is back to what it was
 *   fuzz_free_pages_restored   ... and so is the free-page count. It is
 *                              measured after a warm-up run, not at the
 *                              start: what grows lazily and is kept -- the
 *                              parent's stdio buffer, heap and stack pages,
 *                              any cache a kernel may fill on first use --
 *                              has grown by then, so what is left is a leak.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <weft.h>
#include <weft_sched.h>

typedef unsigned long u64;
typedef long i64;

/* ---------------------------------------------------------------- the call table */

enum {
#define SYSCALL(number, name, params) SYS_##name = number,
#include <weft/syscalls.def>
#undef SYSCALL
};

static const struct {
    int number;
    const char* name;
} table[] = {
#define SYSCALL(number, name, params) {number, #name},
#include <weft/syscalls.def>
#undef SYSCALL
};
#define NTABLE (int)(sizeof table / sizeof table[0])

static const char* call_name(u64 nr) {
    for (int i = 0; i < NTABLE; i++)
        if ((u64)table[i].number == nr) return table[i].name;
    return NULL;
}

/* Numbers outside the table. Neither their low 32 nor their low 8 bits
 * name a call in the table (harm filter, rule 10). */
/* clang-format off */
static const u64 unknown_numbers[] = {
    0, 61, 62, 63, 64, 100, 200, 255, 256, 1000, 0x100000000ul, 0x80000000ul,
    0xffffffffffffffffull,
    /* -1 */                                       0xfffffffffffffffeull,
    /* -2 */                                       0x8000000000000000ull,
    0xffffffff00000000ull
};
/* clang-format on */
#define NUNKNOWN (int)(sizeof unknown_numbers / sizeof unknown_numbers[0])

/* ---------------------------------------------------------------- layout */

#define BATCH 100     /* calls per child */
#define CONCURRENCY 4 /* children at a time */
#define WARMUP 2000   /* calls of the warm-up run */
#define DEADLINE_S 2  /* a child's alarm */
#define CONSOLE_FD 60 /* the console, in every child (rule 3) */
#define PAGE 4096ul
#define BUF_PAGES 16
#define BUF_SIZE (BUF_PAGES * PAGE)
#define ENOSYS_RESULT (-38l)

/* The top of user space (kernel/mm/address_space.h, memlayout.h). */
#define MAXVA (1ul << 38)
#define TRAMPOLINE (MAXVA - PAGE)
#define TRAPFRAME(slot) (TRAMPOLINE - ((slot) + 1) * PAGE)
#define USER_STACK_TOP (TRAPFRAME(63) - PAGE)

/* A page of the program's read-only text segment, never executed, that
 * no call may change. Its words are illegal instructions (0x00000000,
 * 0xffffffff) in case a jump lands there, and read as a signal mask they
 * leave SIGALRM unblocked (rule 5). */
#define PATTERN 0xffffffff00000000ul
static const u64 text_victim[512] __attribute__((aligned(4096))) = {[0 ... 511] = PATTERN};
extern char __tls_image[]; /* user.ld: the end of text and rodata */
#define TEXT_START 0x10000ul

/* A timeout the harm filter puts in place of "forever" (rule 6). */
static const struct timespec short_wait = {0, 10 * 1000 * 1000};

/* One result slot per running child, in a MAP_SHARED page the parent
 * made before forking: the child writes, the parent reads after the
 * child has ended. */
struct lane {
    volatile long calls; /* calls begun */
    volatile long nr;    /* the number of the call in progress */
    volatile int done;   /* the batch finished */
    volatile int failed; /* a check failed: why[] says which */
    volatile long failed_call;
    char why[200];
    int child;
    int pid;
    int kids[64]; /* what it made: the parent kills them after it */
    int nkids;
};
static struct lane* lanes;
_Static_assert(CONCURRENCY * sizeof(struct lane) <= PAGE, "the lanes fill one shared page");

/* ---------------------------------------------------------------- random numbers */

static u64 splitmix(u64 x) {
    x += 0x9e3779b97f4a7c15ul;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ul;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebul;
    return x ^ (x >> 31);
}

static u64 rng;
static u64 next(void) { /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dul;
}
static u64 below(u64 n) {
    return next() % n;
}
static int chance(int one_in) {
    return below((u64)one_in) == 0;
}
#define PICK(array) (array)[below(sizeof(array) / sizeof((array)[0]))]

static u64 child_seed(u64 master, int child) {
    return splitmix(master ^ splitmix((u64)child + 1)) | 1; /* xorshift needs non-zero */
}

/* ---------------------------------------------------------------- the raw calls */

static long raw(u64 n, u64 a, u64 b, u64 c, u64 d, u64 e, u64 f) {
    register u64 a0 __asm__("a0") = a;
    register u64 a1 __asm__("a1") = b;
    register u64 a2 __asm__("a2") = c;
    register u64 a3 __asm__("a3") = d;
    register u64 a4 __asm__("a4") = e;
    register u64 a5 __asm__("a5") = f;
    register u64 a7 __asm__("a7") = n;
    __asm__ volatile("ecall"
                     : "+r"(a0)
                     : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
                     : "memory");
    return (long)a0;
}

/* fork and clone: the new task (a0 == 0) yields a few times, so that it
 * is still there while its creator goes on (exec must end it, kill and
 * wait find it, an exit takes it along), then leaves through
 * thread_exit -- touching neither the stack (a clone may run on a garbage
 * one) nor memory (it may share it). Rule 9. */
static long raw_forklike(u64 n, u64 a, u64 b, u64 c, u64 d, u64 e, u64 f) {
    register u64 a0 __asm__("a0") = a;
    register u64 a1 __asm__("a1") = b;
    register u64 a2 __asm__("a2") = c;
    register u64 a3 __asm__("a3") = d;
    register u64 a4 __asm__("a4") = e;
    register u64 a5 __asm__("a5") = f;
    register u64 a7 __asm__("a7") = n;
    __asm__ volatile("ecall\n\t"
                     "bnez a0, 1f\n\t"
                     "li t0, 20\n"
                     "2:\n\t"
                     "li a7, %[yield]\n\t"
                     "ecall\n\t"
                     "addi t0, t0, -1\n\t"
                     "bnez t0, 2b\n\t"
                     "li a7, %[thread_exit]\n\t"
                     "ecall\n\t"
                     "unimp\n"
                     "1:"
                     : "+r"(a0), "+r"(a7)
                     : "r"(a1), "r"(a2), "r"(a3), "r"(a4),
                       "r"(a5), [thread_exit] "i"(SYS_thread_exit), [yield] "i"(SYS_sched_yield)
                     : "t0", "memory");
    return (long)a0;
}

/* sigreturn reads its frame at sp: sp is set to `frame` for the call. If
 * the kernel refuses the frame the call returns here and sp is put back;
 * if it takes it, every register comes from the frame. */
static long raw_sigreturn(u64 frame) {
    register u64 a0 __asm__("a0") = 0;
    register u64 a7 __asm__("a7") = SYS_sigreturn;
    __asm__ volatile("mv s1, sp\n\t"
                     "mv sp, %[frame]\n\t"
                     "ecall\n\t"
                     "mv sp, s1"
                     : "+r"(a0)
                     : [frame] "r"(frame), "r"(a7)
                     : "s1", "memory");
    return (long)a0;
}

/* ---------------------------------------------------------------- the child's world */

/* The arena, one mapping: guard | buffer (BUF_PAGES) | guard | read-only
 * page | guard. The guards are PROT_NONE, so a length that runs off the
 * buffer faults before it reaches the read-only page. */
#define ARENA_PAGES (BUF_PAGES + 4)
static u64 arena, buf, buf_end, ro_page, mid_guard;
static u64 self_pid;
static int replaying;
static struct lane* me;

static int kids[64], nkids; /* pids and tids this child made */
static int fds[16], nfds;   /* recent descriptors */
static u64 maps[8];         /* recent mmap results */

static void remember_kid(long id) {
    me->kids[nkids % 64] = (int)id;
    me->nkids = nkids + 1;
    kids[nkids++ % 64] = (int)id;
}
static int is_kid(int id) {
    for (int i = 0; i < nkids && i < 64; i++)
        if (kids[i] == id) return 1;
    return 0;
}

/* -- value pools */

static u64 hostile_pointer(void) {
    /* clang-format off */
    static const u64 fixed[] = {
        0, 1, 8, 0xfff, 0x1000, TEXT_START - 8, 0x80000000ul, /* the kernel,
        mapped at its physical address */                                 0x80001000ul,
        0x80200000ul, 0x87fff000ul, 0x0c000000ul,
        /* the PLIC */                                 0x10000000ul,
        /* the UART */                                 0xffffffff80000000ul,
        0x8000000000000000ul, 0xffffffffffffffffull, 0xfffffffffffffff8ull, MAXVA, MAXVA - 1,
        MAXVA - 8, TRAMPOLINE, TRAMPOLINE + 8, TRAMPOLINE - 4, TRAPFRAME(0),
        TRAPFRAME(0) + 0x100, TRAPFRAME(1), TRAPFRAME(63), USER_STACK_TOP,
        /* the guard between stack and trapframes */                                 USER_STACK_TOP + 4000
    };
    /* clang-format on */
    switch (below(8)) {
    case 0:
        return ro_page + below(PAGE);
    case 1:
        return (u64)text_victim + below(8) * 512;
    case 2:
        return mid_guard + below(PAGE);
    case 3:
        return buf_end - below(16); /* runs into the guard */
    default:
        return PICK(fixed);
    }
}

/* A pointer into the buffer: aligned, unaligned, near a page boundary. */
static u64 buffer_pointer(void) {
    switch (below(4)) {
    case 0:
    case 1:
        return buf + below(PAGE / 8) * 8;
    case 2:
        return buf + below(BUF_SIZE);
    default:
        return buf + (below(BUF_PAGES) + 1) * PAGE - 1 - below(16);
    }
}

/* Memory the kernel reads or writes: mostly good, often not. */
static u64 pointer(void) {
    int r = (int)below(10);
    if (r < 6) return buffer_pointer();
    if (r == 6 && maps[0]) return maps[below(8)] + below(3) * PAGE;
    return hostile_pointer();
}

/* Memory no call can read or write. */
static u64 unreadable(void) {
    static const u64 fixed[] = {0,
                                1,
                                0x80000000ul,
                                TRAMPOLINE,
                                TRAPFRAME(0),
                                MAXVA - 8,
                                0xffffffffffffffffull,
                                USER_STACK_TOP};
    return chance(4) ? mid_guard + below(PAGE) : PICK(fixed);
}

/* Pointers whose contents the harm filter may have to look at (signal
 * masks, actions, frames, timeouts, paths): the buffer, the pattern
 * pages, or memory nobody can read. Never a mapping the fuzz made: what
 * a read() put there could not be checked. */
static u64 checked_pointer(void) {
    int r = (int)below(10);
    if (r < 6) return buffer_pointer();
    if (r == 6) return ro_page + below(64) * 8;
    if (r == 7) return (u64)text_victim;
    return unreadable();
}

static u64 length(void) {
    /* clang-format off */
    static const u64 fixed[] = {
        0, 1, 2, 7, 8, 15, 16, 4095, 4096, 4097, BUF_SIZE - 1, BUF_SIZE, BUF_SIZE + 1,
        1ul << 20, (1ul << 31) - 1, 1ul << 31, 1ul << 32, (1ul << 32) + 1, 1ul << 63,
        0xffffffffffffffffull, 0xfffffffffffff000ull
    };
    /* clang-format on */
    return chance(3) ? below(600) : PICK(fixed);
}

static u64 integer(void) {
    /* clang-format off */
    static const u64 fixed[] = {
        0, 1, 2, 3, 7, 8, 16, 31, 32, 63, 64, 65, 127, 128, 255, 256, 0x7fffffff, 0x80000000ul,
        0xffffffff, 1ul << 32, 1ul << 63, 0x7fffffffffffffffull, 0xffffffffffffffffull,
        0xfffffffffffffffeull
    };
    /* clang-format on */
    switch (below(4)) {
    case 0:
        return next();
    case 1:
        return below(70);
    default:
        return PICK(fixed);
    }
}

static u64 fd(void) {
    /* clang-format off */
    static const u64 fixed[] = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 59, 61, 62, 63, 64, 65, 1000,
        0xffffffffffffffffull, 0xfffffffffffffffeull, 0x80000000ul, 0x100000003ul, 0x7fffffff
    };
    /* clang-format on */
    if (nfds && chance(2)) return (u64)fds[below((u64)(nfds < 16 ? nfds : 16))];
    return PICK(fixed);
}

static u64 signal_number(void) {
    /* clang-format off */
    static const u64 odd[] = {
        0, SIGKILL, SIGSTOP, SIGCONT, SIGCHLD, SIGALRM, SIGSEGV, SIGURG, SIGWINCH, 63, 64, 65,
        0xffffffffffffffffull, 0x80000000ul, 0x100000009ul
    };
    /* clang-format on */
    return chance(2) ? below(70) : PICK(odd);
}

/* Ids for kill, tgkill, setpgid, setpriority: the child's own family or
 * ids nobody has (rule 2; the filter checks again). */
static u64 id(void) {
    static const u64 far[] = {0x7fffffff, 0x80000000ul,    0xffffffff80000001ul,
                              1ul << 24,  (1ul << 30) + 5, 0x100000000ul};
    switch (below(6)) {
    case 0:
        return 0;
    case 1:
        return self_pid;
    case 2:
        return (u64) - (i64)self_pid;
    case 3:
        if (nkids) return (u64)(i64)kids[below((u64)(nkids < 64 ? nkids : 64))];
        return self_pid;
    case 4:
        return (1ul << 24) + below(1ul << 20);
    default:
        return PICK(far);
    }
}

static u64 clone_flags(void) {
    /* clang-format off */
    static const u64 bits[] = {
        0x100, 0x200, 0x400, 0x800, 0x10000, 0x80000, 0x100000, 0x200000, 0x1000000,
        0x4000 /* VFORK */, 0x8000 /* PARENT */, 0x2000 /* PTRACE */, 0x40000000, 0x80000000ul
    };
    /* clang-format on */
    u64 f = 0;
    int n = (int)below(5);
    for (int i = 0; i < n; i++)
        f |= PICK(bits);
    /* Random bits seldom make a valid thread: add the whole thread set
     * (VM|FS|FILES|SIGHAND|THREAD) now and then. */
    if (chance(3)) f |= 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;
    switch (below(4)) {
    case 0:
        break; /* no exit signal */
    case 1:
        f |= (u64)below(70) & 0xff;
        break;
    default:
        f |= SIGCHLD;
    }
    if (chance(16)) f = next();
    return f;
}

static u64 map_address(void) {
    /* clang-format off */
    static const u64 fixed[] = {
        0, TEXT_START, TEXT_START + PAGE, 0x1000, 0x80000000ul, TRAMPOLINE, TRAPFRAME(0),
        TRAPFRAME(5), TRAPFRAME(63), USER_STACK_TOP, USER_STACK_TOP - PAGE,
        USER_STACK_TOP - 16 * PAGE, MAXVA - 2 * PAGE, MAXVA, 0xfffffffffffff000ull,
        0x10000000ul, 0x40000000ul
    };
    /* clang-format on */
    switch (below(6)) {
    case 0:
        return (below(MAXVA / PAGE)) * PAGE;
    case 1:
        return maps[below(8)] + below(4) * PAGE;
    case 2:
        return buf + below(3); /* refused by the filter unless ... */
    default:
        return PICK(fixed) + (chance(8) ? below(PAGE) : 0);
    }
}

/* A path (rule 4): a name in the scratch directory, a string in the
 * buffer, or a hostile pointer. */
static const char long_name[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char* const names[] = {"f0",
                                    "f1",
                                    "f2",
                                    "f3",
                                    "d0",
                                    "d1",
                                    "d0/f0",
                                    "d0/d1",
                                    "d1/f1",
                                    "d0/d1/f2",
                                    "",
                                    ".",
                                    "./f0",
                                    "f0/",
                                    "d0/",
                                    "d0//f1",
                                    "abcdefghijklmn" /* DIRSIZ */,
                                    "abcdefghijklmno",
                                    "f\xff",
                                    long_name,
                                    "elf",
                                    "elf"};
static u64 path(void) {
    int r = (int)below(10);
    if (r < 7) return (u64)PICK(names);
    if (r < 9) return checked_pointer();
    return hostile_pointer();
}

/* ---------------------------------------------------------------- one call */

struct call {
    u64 nr;
    u64 a[6];
};

/* Fill the buffer: every word a hostile value, a small number or noise,
 * so structures the kernel reads from it (sigaction, timespec, rlimit,
 * sa_config, argv) are made of garbage too. */
static u64 buffer_word(void) {
    switch (below(4)) {
    case 0:
        return hostile_pointer();
    case 1:
        return buffer_pointer();
    case 2:
        return below(256);
    default:
        return next();
    }
}

static void fill_buffer(void) {
    u64* w = (u64*)buf;
    for (u64 i = 0; i < BUF_SIZE / 8; i++)
        w[i] = buffer_word();
}

/* Put a few words at p if p is in the buffer with room for them. */
static int in_buffer(u64 p, u64 bytes) {
    return p >= buf && p <= buf_end - bytes;
}
static void put_words(u64 p, int n, const u64* words) {
    if (in_buffer(p, (u64)n * 8)) memcpy((void*)p, words, (u64)n * 8);
}

static void draw(struct call* c) {
    memset(c, 0, sizeof *c);
    int r = (int)below(100);
    if (r < 3) {
        c->nr = unknown_numbers[below(NUNKNOWN)];
    } else {
        c->nr = (u64)table[below(NTABLE)].number;
        /* exit and thread_exit end the batch: drawn at 1/10 their share (rule 9);
           a sigreturn the kernel accepts jumps to garbage: at 1/3. */
        while (((c->nr == SYS_exit || c->nr == SYS_thread_exit) && !chance(10)) ||
               (c->nr == SYS_sigreturn && !chance(3)))
            c->nr = (u64)table[below(NTABLE)].number;
    }
    for (int i = 0; i < 6; i++)
        c->a[i] = integer();
    if (chance(10)) return; /* sometimes every argument of the wrong kind */

    u64* a = c->a;
    switch (c->nr) {
    case SYS_exit:
        a[0] = below(256);
        break;
    case SYS_wait:
    case SYS_pipe:
    case SYS_sysinfo:
    case SYS_sigpending:
        a[0] = pointer();
        break;
    case SYS_read:
    case SYS_write:
        a[0] = fd();
        a[1] = pointer();
        a[2] = length();
        break;
    case SYS_kill:
        a[0] = id();
        a[1] = signal_number();
        break;
    case SYS_exec: {
        a[0] = path();
        a[1] = chance(4) ? hostile_pointer() : buffer_pointer();
        break;
    }
    case SYS_fstat:
        a[0] = fd();
        a[1] = pointer();
        break;
    case SYS_chdir:
    case SYS_unlink:
    case SYS_mkdir:
        a[0] = path();
        break;
    case SYS_dup:
    case SYS_close:
    case SYS_tcgetpgrp:
        a[0] = fd();
        break;
    case SYS_sbrk: {
        /* clang-format off */
        static const u64 sizes[] = {
            0, 1, 4096, 0xfffffffffffff000ull, 1ul << 20, (u64) - (1l << 20), 1ul << 24,
            1ul << 30, 1ul << 63, 0x7fffffffffffffffull, 0xffffffffffffffffull, 0x80000000ul
        };
        /* clang-format on */
        a[0] = chance(2) ? PICK(sizes) : below(3 * PAGE);
        break;
    }
    case SYS_sleep:
        a[0] = chance(4) ? integer() : below(4);
        break;
    case SYS_open: {
        /* clang-format off */
        static const u64 flags[] = {
            O_RDONLY, O_WRONLY, O_RDWR, O_CREAT | O_RDWR, O_CREAT | O_EXCL | O_WRONLY,
            O_TRUNC | O_RDWR, O_APPEND | O_WRONLY, O_CREAT | O_TRUNC | O_WRONLY, 3, 0xffffffff,
            0x10000 /* O_DIRECTORY */
        };
        /* clang-format on */
        a[0] = path();
        a[1] = chance(4) ? integer() : PICK(flags);
        a[2] = chance(2) ? 0644 : integer();
        break;
    }
    case SYS_mknod: {
        static const u64 majors[] = {0, 2, 3, 255, 0xffff, 0x10000, 0x10001, 0xffffffffffffffffull};
        a[0] = path();
        a[1] = chance(2) ? PICK(majors) : integer();
        a[2] = integer();
        break;
    }
    case SYS_link:
        a[0] = path();
        a[1] = path();
        break;
    case SYS_dup2:
        a[0] = fd();
        a[1] = fd();
        break;
    case SYS_clone:
        a[0] = clone_flags();
        a[1] = chance(2) ? 0 : pointer();
        a[2] = pointer();
        a[3] = chance(2) ? pointer() : integer();
        a[4] = pointer();
        break;
    case SYS_futex: {
        static const u64 ops[] = {0, 1, 128, 129, 2, 9, 0xffffffff, 0x100000000ul};
        u64 addr = chance(4) ? hostile_pointer() : buffer_pointer();
        a[0] = addr;
        a[1] = chance(5) ? integer() : PICK(ops);
        /* The value there, so WAIT waits; or anything. */
        if (in_buffer(addr & ~3ul, 4) && chance(2))
            a[2] = *(volatile unsigned*)(addr & ~3ul);
        else
            a[2] = integer();
        a[3] = chance(3) ? 0 : checked_pointer();
        break;
    }
    case SYS_thread_interrupt:
    case SYS_sa_setconcurrency:
        a[0] = chance(2) ? id() : integer();
        break;
    case SYS_clock_gettime:
        a[0] = chance(2) ? below(6) : integer();
        a[1] = pointer();
        break;
    case SYS_nanosleep:
        a[0] = checked_pointer();
        a[1] = pointer();
        break;
    case SYS_sched_trace:
        a[0] = chance(2) ? below(6) : integer();
        a[1] = pointer();
        a[2] = length();
        break;
    case SYS_setpriority:
        a[0] = chance(2) ? 0 : integer();
        a[1] = id();
        a[2] = chance(2) ? (u64)((i64)below(60) - 30) : integer();
        break;
    case SYS_getpriority:
        a[0] = chance(2) ? 0 : integer();
        a[1] = id();
        break;
    case SYS_procinfo:
        a[0] = pointer();
        a[1] = length();
        break;
    case SYS_sigaction: {
        static const u64 sa_flags[] = {
            0,          0x4,          0x04000000,   0x10000000,
            0x40000000, 0x80000000ul, 0xd4000004ul, 0xffffffffffffffffull};
        a[0] = signal_number();
        a[1] = chance(5) ? 0 : checked_pointer();
        a[2] = chance(3) ? 0 : pointer();
        /* SIG_DFL, SIG_IGN, or garbage (which ends the child when the signal comes) */
        u64 handler = chance(4) ? hostile_pointer() : below(2);
        u64 act[4] = {handler, PICK(sa_flags), hostile_pointer(), next()};
        put_words(a[1], 4, act);
        break;
    }
    case SYS_sigprocmask:
        a[0] = chance(2) ? below(3) : integer();
        a[1] = chance(4) ? 0 : checked_pointer();
        a[2] = chance(3) ? 0 : pointer();
        break;
    case SYS_sigreturn:
        a[0] = checked_pointer(); /* the frame: sp for the call */
        break;
    case SYS_sigsuspend:
        /* A readable mask waits for the deadline: rarely (rule 6). */
        a[0] = chance(8) ? checked_pointer() : unreadable();
        break;
    case SYS_tgkill:
        a[0] = id();
        a[1] = id();
        a[2] = signal_number();
        break;
    case SYS_alarm:
        a[0] = chance(2) ? below(4) : integer();
        break;
    case SYS_waitpid:
        a[0] = chance(2) ? (u64)-1l : id();
        a[1] = pointer();
        a[2] = chance(2) ? below(4) : integer();
        break;
    case SYS_setpgid:
        a[0] = id();
        a[1] = id();
        break;
    case SYS_getpgid:
        a[0] = chance(2) ? id() : integer();
        break;
    case SYS_tcsetpgrp:
        a[0] = fd();
        a[1] = id();
        break;
    case SYS_getrlimit:
    case SYS_setrlimit:
        a[0] = chance(2) ? below(17) : integer();
        a[1] = pointer();
        break;
    case SYS_setuid:
        a[0] = chance(2) ? below(3) : integer();
        break;
    case SYS_mmap: {
        static const u64 mflags[] = {0x22, 0x21,   0x32,    0x31, 0x20, 0x02,
                                     0x23, 0x4022, 0x20022, 0x12, 0x30};
        a[0] = map_address();
        a[1] = chance(3) ? (below(16) + 1) * PAGE : length();
        a[2] = chance(2) ? 3 : integer() & 0xf;
        a[3] = chance(5) ? integer() : PICK(mflags);
        a[4] = chance(2) ? (u64)-1l : fd();
        a[5] = chance(2) ? 0 : integer();
        break;
    }
    case SYS_munmap:
    case SYS_mprotect:
        a[0] = map_address();
        a[1] = chance(3) ? (below(16) + 1) * PAGE : length();
        a[2] = chance(2) ? below(8) : integer();
        break;
    case SYS_sa_register: {
        a[0] = chance(4) ? hostile_pointer() : buffer_pointer();
        u64 cfg[20];
        for (int i = 0; i < 20; i++)
            cfg[i] = buffer_word();
        cfg[3] = chance(2) ? below(10) : integer(); /* nvp */
        for (int i = 4; i < 12; i++) /* upcall stacks: tops in the buffer, 16-aligned */
            if (chance(2)) cfg[i] = (buf + below(BUF_SIZE)) & ~15ul;
        for (int i = 12; i < 20; i++) /* shared pages: buffer pages */
            if (chance(2)) cfg[i] = buf + below(BUF_PAGES) * PAGE;
        put_words(a[0], 20, cfg);
        break;
    }
    default:
        break; /* no arguments, or integers are as good as anything */
    }
}

/* ---------------------------------------------------------------- the harm filter */

/* The harm filter: what the fuzzer will not do, and why. Everything else
 * -- any number, any argument -- is fair game. Filtered calls are still
 * made, with the offending argument replaced.
 *  1. poweroff: it would stop the test machine.
 *  2. kill, tgkill, setpgid, setpriority name only the child's family --
 *     0, itself, what it made -- or ids nobody has; never init, the shell
 *     or the parent (the child is uid 0: the kernel would let it).
 *  3. fd 60, the console (kept for replay output), is never an argument:
 *     a read would wait for typing, a write print garbage, tcsetpgrp take
 *     the terminal from the shell. mknod never makes a console node.
 *  4. Paths name only files in the child's scratch directory: a table
 *     name (no "..", no leading "/"), a hostile pointer, or buffer bytes
 *     with '/' and ".." taken out. No real program is exec'd (it would
 *     replace the fuzzer): those files hold random bytes, or a broken
 *     copy of this program whose entry point is 0 (make_broken_elf).
 *  5. SIGALRM, the child's deadline, keeps its default action and is
 *     never blocked (sigaction, sigprocmask, sigsuspend, sigreturn's
 *     frame); after alarm() the deadline is set again.
 *  6. No long sleeps: sleep is cut to 10 ticks, nanosleep and futex
 *     timeouts to 20 ms, a futex WAIT without timeout gets one, and a
 *     sigsuspend that can only end at the deadline is drawn rarely.
 *  7. mmap, munmap and mprotect keep off the pages the fuzzer checks
 *     with (the arena, the text page, the result page): changing them
 *     would make a check fail falsely or the filter itself fault.
 *  8. Code addresses the kernel will jump to (handlers, restorers, the
 *     pc in sigreturn's frame, the sa upcall entry) never point into the
 *     fuzzer's own code: a jump there could make any call at all.
 *  9. fork and clone children leave at once (thread_exit, in
 *     raw_forklike's child path);
 *     exit and thread_exit are drawn rarely (they end the batch), and so
 *     is sigreturn (a frame the kernel takes jumps to garbage).
 * 10. Numbers outside the table are chosen so that neither their low 32
 *     nor their low 8 bits name a real call (see unknown_numbers).
 */
#define FAR_ID ((1ul << 24) + 77)

static int safe_id(u64 v) {
    int p = (int)v; /* the kernel reads ids as int; any wider value is far away */
    return p == 0 || p == (int)self_pid || p == -(int)self_pid || is_kid(p) || is_kid(-p) ||
           p >= (1 << 24) || p <= -(1 << 24);
}
static void filter_id(u64* v) {
    if (!safe_id(*v)) *v = FAR_ID;
}
static void filter_fd(u64* v) {
    if ((int)*v == CONSOLE_FD || *v == CONSOLE_FD) *v = CONSOLE_FD + 1;
}
static int is_alarm(u64 sig) {
    return (int)sig == SIGALRM;
}
static void unblock_alarm(u64 set) {
    if (in_buffer(set, 8)) {
        u64 m;
        memcpy(&m, (void*)set, 8);
        m &= ~(1ul << (SIGALRM - 1));
        memcpy((void*)set, &m, 8);
    }
}
static int our_code(u64 pc) {
    return pc >= TEXT_START && pc < (u64)__tls_image &&
           !(pc >= (u64)text_victim && pc < (u64)text_victim + PAGE);
}
static void no_code_at(u64 p) {
    if (!in_buffer(p, 8)) return;
    u64 pc;
    memcpy(&pc, (void*)p, 8);
    if (our_code(pc)) {
        pc = PATTERN;
        memcpy((void*)p, &pc, 8);
    }
}
static void filter_path(u64 p) {
    if (!in_buffer(p, 1)) return; /* a table name, a pattern page, or unreadable */
    char* s = (char*)p;
    char* end = (char*)buf_end;
    for (char* q = s; q < end && *q; q++)
        if (*q == '/') *q = 'x';
    if (s + 2 < end && s[0] == '.' && s[1] == '.' && s[2] == 0) s[0] = 'x';
}
static void filter_timespec(u64 p) {
    if (!in_buffer(p, 16)) return;
    i64 ts[2];
    memcpy(ts, (void*)p, 16);
    if (ts[0] > 0) ts[0] = 0;
    if (ts[1] >= 20 * 1000 * 1000 && ts[1] < 1000 * 1000 * 1000) ts[1] %= 20 * 1000 * 1000;
    memcpy((void*)p, ts, 16);
}
static int touches(u64 addr, u64 len, u64 start, u64 end) {
    u64 last = addr + len + PAGE; /* rounded up, and a page of slack */
    if (last < addr) last = ~0ul; /* overflow: to the end of the space */
    return (addr & ~(PAGE - 1)) < end && last > start;
}
static void filter_range(u64* addr, u64* len) {
    u64 lane_page = (u64)lanes & ~(PAGE - 1);
    if (touches(*addr, *len, arena, arena + ARENA_PAGES * PAGE) ||
        touches(*addr, *len, (u64)text_victim, (u64)text_victim + PAGE) ||
        touches(*addr, *len, lane_page, lane_page + PAGE))
        *addr = MAXVA + 64 * PAGE; /* beyond user space: refused */
}

static void harm_filter(struct call* c) {
    u64* a = c->a;
    /* Rule 3, for every call: any argument that could be an fd. */
    switch (c->nr) {
    case SYS_read:
    case SYS_write:
    case SYS_fstat:
    case SYS_dup:
    case SYS_close:
    case SYS_tcsetpgrp:
    case SYS_tcgetpgrp:
        filter_fd(&a[0]);
        break;
    case SYS_dup2:
        filter_fd(&a[0]);
        filter_fd(&a[1]);
        break;
    case SYS_mmap:
        filter_fd(&a[4]);
        break;
    }
    switch (c->nr) {
    case SYS_poweroff:
        c->nr = SYS_getpid;
        break;
    case SYS_kill:
        filter_id(&a[0]);
        break;
    case SYS_tgkill:
        filter_id(&a[0]);
        filter_id(&a[1]);
        break;
    case SYS_setpgid:
    case SYS_tcsetpgrp:
        filter_id(&a[0]);
        filter_id(&a[1]);
        break;
    case SYS_setpriority:
        filter_id(&a[1]);
        break;
    case SYS_mknod:
        if ((a[1] & 0xffff) == 1 || (int)a[1] == 1) a[1] = 2;
        filter_path(a[0]);
        break;
    case SYS_exec:
    case SYS_chdir:
    case SYS_unlink:
    case SYS_mkdir:
    case SYS_open:
        filter_path(a[0]);
        break;
    case SYS_link:
        filter_path(a[0]);
        filter_path(a[1]);
        break;
    case SYS_sigaction:
        if (is_alarm(a[0]) && in_buffer(a[1], 8)) {
            u64 dfl = 0;
            memcpy((void*)a[1], &dfl, 8);
        }
        no_code_at(a[1]);      /* handler */
        no_code_at(a[1] + 16); /* restorer */
        break;
    case SYS_sigprocmask:
    case SYS_sigsuspend:
        unblock_alarm(c->nr == SYS_sigsuspend ? a[0] : a[1]);
        break;
    case SYS_sigreturn:
        unblock_alarm(a[0] + 40); /* SigInfo (32), uc_flags, then uc_sigmask */
        no_code_at(a[0] + 48);    /* the pc */
        break;
    case SYS_sleep:
        if ((i64)a[0] > 10) a[0] %= 11;
        break;
    case SYS_nanosleep:
        filter_timespec(a[0]);
        break;
    case SYS_futex:
        if (((int)a[1] & ~128) == 0 && a[3] == 0) a[3] = (u64)&short_wait;
        filter_timespec(a[3]);
        break;
    case SYS_mmap:
    case SYS_munmap:
    case SYS_mprotect:
        filter_range(&a[0], &a[1]);
        break;
    case SYS_sa_register:
        no_code_at(a[0]); /* upcall_entry */
        break;
    case SYS_clone:
        /* CLONE_PARENT would send the exit signal to the fuzz parent. */
        if (a[0] & 0x8000) a[0] = (a[0] & ~0xfful) | SIGCHLD;
        break;
    }
}

/* ---------------------------------------------------------------- the child */

static void say(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char* fmt, ...) {
    char line[240];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 1) n = (int)sizeof line - 1;
    if (n > 0) raw(SYS_write, CONSOLE_FD, (u64)line, (u64)n, 0, 0, 0);
}

static void fail_child(long k, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_child(long k, const char* fmt, ...) {
    if (me->failed) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(me->why, sizeof me->why, fmt, ap);
    va_end(ap);
    me->failed_call = k;
    me->failed = 1;
    if (replaying) say("FAILED CHECK: %s\n", me->why);
}

static int page_intact(const u64* p) {
    for (int i = 0; i < 512; i++)
        if (p[i] != PATTERN) return 0;
    return 1;
}

static void describe(char* out, size_t size, const struct call* c) {
    const char* name = call_name(c->nr);
    char unknown[32];
    if (!name) {
        snprintf(unknown, sizeof unknown, "#%ld", (long)c->nr);
        name = unknown;
    }
    snprintf(out, size, "%s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", name, c->a[0], c->a[1], c->a[2],
             c->a[3], c->a[4], c->a[5]);
}

static void setup_arena(void) {
    void* p =
        mmap(NULL, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) _exit(3);
    arena = (u64)p;
    buf = arena + PAGE;
    buf_end = buf + BUF_SIZE;
    mid_guard = buf_end;
    ro_page = mid_guard + PAGE;
    fill_buffer();
    u64* ro = (u64*)ro_page;
    for (int i = 0; i < 512; i++)
        ro[i] = PATTERN;
    if (mprotect((void*)arena, PAGE, PROT_NONE) < 0 ||
        mprotect((void*)mid_guard, PAGE, PROT_NONE) < 0 ||
        mprotect((void*)ro_page, PAGE, PROT_READ) < 0 ||
        mprotect((void*)(ro_page + PAGE), PAGE, PROT_NONE) < 0)
        _exit(3);
}

/* "elf" in the scratch directory: the start of this program's own ELF
 * file, cut short at a random length, with a few header and program
 * header bytes changed, so exec gets far into loading before it fails
 * (and must undo all it did). Its entry point is 0: should such an exec
 * ever succeed, the new image faults at once. */
static void make_broken_elf(void) {
    static unsigned char image[8192];
    int in = open("/bin/fuzz", O_RDONLY);
    if (in < 0) return;
    long n = read(in, image, sizeof image);
    close(in);
    if (n < 64) return;
    int changes = (int)below(4);
    for (int i = 0; i < changes; i++) {
        u64 at = below(64 + 4 * 56) & ~7ul; /* the ELF header and the first program headers */
        u64 v = chance(2) ? hostile_pointer() : integer();
        if (at + 8 <= (u64)n) memcpy(image + at, &v, 8);
    }
    memset(image + 24, 0, 8); /* e_entry */
    long len = 64 + (long)below((u64)n - 63);
    int out = open("elf", O_CREAT | O_WRONLY | O_TRUNC, 0755);
    if (out < 0) return;
    write(out, image, (size_t)len);
    close(out);
}

/* After a call: keep what it made for later calls, check what it did. */
static void after(const struct call* c, long ret, long k) {
    u64 nr = c->nr;
    if (ret >= 0) {
        if (nr == SYS_open || nr == SYS_dup || nr == SYS_dup2) fds[nfds++ % 16] = (int)ret;
        if (nr == SYS_pipe && in_buffer(c->a[0], 8)) {
            int two[2];
            memcpy(two, (void*)c->a[0], 8);
            fds[nfds++ % 16] = two[0];
            fds[nfds++ % 16] = two[1];
        }
        if ((nr == SYS_fork || nr == SYS_clone) && ret > 0) remember_kid(ret);
        if (nr == SYS_mmap) maps[k % 8] = (u64)ret;
    }
    if (nr == SYS_alarm) alarm(DEADLINE_S); /* rule 5 */
    if (!call_name(nr) && ret != ENOSYS_RESULT)
        fail_child(k, "call %ld: number %#lx is not in the table but returned %ld, not -ENOSYS", k,
                   nr, ret);
    if (!page_intact((const u64*)ro_page))
        fail_child(k, "call %ld (%s): the kernel wrote to a read-only page", k,
                   call_name(nr) ? call_name(nr) : "?");
    if (!page_intact(text_victim))
        fail_child(k, "call %ld (%s): the kernel wrote to the program's text", k,
                   call_name(nr) ? call_name(nr) : "?");
}

static void run_child(u64 seed, int index, const char* dir) {
    setpgid(0, 0);
    alarm(DEADLINE_S);
    if (dup2(1, CONSOLE_FD) < 0) _exit(3);
    close(0);
    close(1);
    close(2);
    if (chdir(dir) < 0) {
        fail_child(0, "cannot enter the scratch directory %s: %s", dir, strerror(errno));
        _exit(3);
    }
    rng = child_seed(seed, index);
    self_pid = (u64)getpid();
    setup_arena();
    make_broken_elf();
    /* Text pages are shared since fork: a kernel that wrote to them in one
       child changed them for all. */
    if (!page_intact(text_victim))
        fail_child(-1, "the program's text was changed before the first call (by another child)");

    char text[200];
    for (long k = 0; k < BATCH; k++) {
        struct call c;
        draw(&c);
        harm_filter(&c);
        me->nr = (long)c.nr;
        me->calls = k + 1;
        if (replaying) {
            describe(text, sizeof text, &c);
            say("%d.%ld %s", index, k, text);
        }
        long ret;
        if (c.nr == SYS_fork || c.nr == SYS_clone)
            ret = raw_forklike(c.nr, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]);
        else if (c.nr == SYS_sigreturn)
            ret = raw_sigreturn(c.a[0]);
        else
            ret = raw(c.nr, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]);
        if (replaying) say(" = %ld\n", ret);
        after(&c, ret, k);
    }
    me->done = 1;
    _exit(0);
}

/* ---------------------------------------------------------------- the parent */

static const char* ROOT = "fuzzscratch";

/* Remove directory `name` (in the cwd) and everything in it; depth
 * guards against a kernel that lets a directory contain itself. */
static void remove_tree(const char* name, int depth) {
    if (unlink(name) == 0 || depth > 200) return;
    if (chdir(name) < 0) return;
    int dfd = open(".", O_RDONLY);
    if (dfd >= 0) {
        struct {
            unsigned short inum;
            char name[14];
        } de;
        char entry[16];
        /* Unlinking while reading shifts nothing: entries are cleared in place. */
        while (read(dfd, &de, sizeof de) == (ssize_t)sizeof de) {
            if (de.inum == 0) continue;
            memcpy(entry, de.name, 14);
            entry[14] = 0;
            if (!strcmp(entry, ".") || !strcmp(entry, "..")) continue;
            remove_tree(entry, depth + 1);
        }
        close(dfd);
    }
    chdir("..");
    unlink(name);
}

struct tally {
    long calls, children, batches, exits, stopped, strays, failures;
    long by_signal[64];
};

static long free_pages(void) {
    struct weft_sysinfo info;
    sysinfo(&info);
    return (long)info.free_pages;
}
static long process_count(void) {
    struct weft_sysinfo info;
    sysinfo(&info);
    return (long)info.processes;
}

static void child_dir(char* out, size_t size, int index) {
    snprintf(out, size, "%s/c%d", ROOT, index);
}

static int started_on_line;
static pid_t start_child(u64 seed, int index, struct lane* lane) {
    char dir[64];
    child_dir(dir, sizeof dir, index);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) return -1;
    memset(lane, 0, sizeof *lane);
    lane->child = index;
    lane->failed_call = -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        me = lane;
        run_child(seed, index, dir);
    }
    if (pid > 0) {
        lane->pid = pid;
        if (!replaying) {
            printf("c%d:%d%s", index, pid, ++started_on_line % 10 ? " " : "\n");
            fflush(stdout);
        }
    }
    return pid;
}

static void report_failure(struct tally* t, u64 seed, long calls, struct lane* lane) {
    t->failures++;
    if (t->failures <= 5)
        printf(
            "\nFAIL fuzz_children_end_cleanly: seed %lu child %d: %s (replay: fuzz %lu %ld %d)\n",
            seed, lane->child, lane->why, seed, calls, lane->child);
}

/* The child of `lane` ended with status st. */
static void note_end(struct tally* t, u64 seed, long calls, struct lane* lane, int st) {
    t->calls += lane->calls;
    t->children++;
    if (WIFEXITED(st)) {
        if (lane->done)
            t->batches++;
        else
            t->exits++;
    } else if (WIFSIGNALED(st)) {
        t->by_signal[WTERMSIG(st) & 63]++;
    }
    if (lane->failed) report_failure(t, seed, calls, lane);
    if (replaying) {
        const char* name = call_name((u64)lane->nr);
        /* A child that did not finish its batch ended inside its last call,
           whose line then still waits for its " = result". */
        printf("%schild %d: %s after %ld calls, the last %s\n", lane->done ? "" : "\n", lane->child,
               WIFEXITED(st) ? (lane->done ? "finished its batch" : "exited")
                             : "was killed by a signal",
               lane->calls, name ? name : "(not in the table)");
        if (WIFSIGNALED(st)) printf("child %d: signal %d\n", lane->child, WTERMSIG(st));
    }
    /* Whatever is left of its family: its group, and what it made (which
       may have moved to a group of its own, and may be stopped there). */
    kill(-lane->pid, SIGKILL);
    for (int i = 0; i < lane->nkids && i < 64; i++)
        kill(lane->kids[i], SIGKILL);
    char dir[64];
    child_dir(dir, sizeof dir, lane->child);
    char name[16];
    snprintf(name, sizeof name, "c%d", lane->child);
    if (chdir(ROOT) == 0) {
        remove_tree(name, 0);
        chdir("..");
    }
    lane->pid = 0;
}

/* Run children first, first+1, ... until about `calls` calls are made. */
static void run_children(u64 seed, long calls, int first, int concurrency, struct tally* t) {
    int index = first;
    int running = 0;
    long until = t->calls + calls;
    for (;;) {
        /* Calls made so far, counting each running child as a whole batch. */
        while (running < concurrency && t->calls + (long)running * BATCH < until) {
            struct lane* lane = NULL;
            for (int i = 0; i < concurrency; i++)
                if (lanes[i].pid == 0) lane = &lanes[i];
            pid_t pid = start_child(seed, index, lane);
            if (pid < 0) {
                if (running > 0) break; /* out of processes or disk: wait for one */
                usleep(20 * 1000);
                continue;
            }
            index++;
            running++;
        }
        if (running == 0) break;
        int st;
        pid_t pid = waitpid(-1, &st, WUNTRACED);
        if (pid < 0) {
            if (errno == EINTR) continue;
            printf("\nFAIL fuzz_children_end_cleanly: waitpid: %s with %d children running\n",
                   strerror(errno), running);
            t->failures++;
            return;
        }
        struct lane* lane = NULL;
        for (int i = 0; i < concurrency; i++)
            if (lanes[i].pid == pid) lane = &lanes[i];
        if (!lane) {
            t->strays++;
            continue;
        }
        if (WIFSTOPPED(st)) { /* it stopped itself: end it */
            t->stopped++;
            kill(pid, SIGKILL);
            continue;
        }
        note_end(t, seed, calls, lane, st);
        running--;
    }
}

/* Wait (briefly) for the process count to come back to `procs`: init
 * reaps the orphans of dead children in its own time. */
static int settle(long procs) {
    for (int i = 0; i < 1000; i++) { /* 10 s */
        if (process_count() <= procs) return 1;
        usleep(10 * 1000);
    }
    return 0;
}

static void list_processes(void) {
    static struct weft_procinfo rows[128];
    int n = procinfo(rows, 128);
    for (int i = 0; i < n; i++)
        printf("  pid %d tid %d ppid %d state %c\n", rows[i].pid, rows[i].tid, rows[i].ppid,
               rows[i].state);
}

static u64 parse(const char* s) {
    return strtoul(s, NULL, 0);
}

int main(int argc, char** argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: fuzz SEED CALLS [CHILD]\n");
        return 2;
    }
    u64 seed = parse(argv[1]);
    long calls = (long)parse(argv[2]);
    void* page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        printf("FAIL fuzz_children_end_cleanly: mmap: %s\n", strerror(errno));
        return 1;
    }
    lanes = page;
    chdir("/");
    remove_tree(ROOT, 0);
    if (mkdir(ROOT, 0755) < 0) {
        printf("FAIL fuzz_children_end_cleanly: mkdir %s: %s\n", ROOT, strerror(errno));
        return 1;
    }

    struct tally t;
    memset(&t, 0, sizeof t);
    if (argc > 3) { /* replay one child */
        replaying = 1;
        int child = (int)parse(argv[3]);
        printf("fuzz: replaying child %d of seed %lu (seed %#lx)\n", child, seed,
               child_seed(seed, child));
        run_children(seed, 1, child, 1, &t);
        remove_tree(ROOT, 0);
        return t.failures ? 1 : 0;
    }

    long procs = process_count();
    printf("fuzz: seed %lu, %ld calls, %d per child, %d children at a time\n", seed, calls, BATCH,
           CONCURRENCY);
    u64 warm_seed = splitmix(seed ^ 0x7761726d); /* "warm" */
    printf("fuzz: warm-up, %d calls (seed %lu)\n", WARMUP, warm_seed);
    run_children(warm_seed, WARMUP, 0, CONCURRENCY, &t);
    int settled = settle(procs);
    long before = free_pages();

    struct tally main_run;
    memset(&main_run, 0, sizeof main_run);
    long start = uptime();
    printf("\nfuzz: the run\n");
    started_on_line = 0;
    run_children(seed, calls, 0, CONCURRENCY, &main_run);
    long ticks = uptime() - start;
    settled = settled && settle(procs);
    long after_pages = free_pages();
    for (int i = 0; i < 100 && after_pages != before; i++) { /* frees still in flight */
        usleep(20 * 1000);
        after_pages = free_pages();
    }
    remove_tree(ROOT, 0);

    printf("\nfuzz: %ld calls in %ld children, %ld.%02ld s\n", main_run.calls, main_run.children,
           ticks / WEFT_HZ, ticks % WEFT_HZ);
    printf("fuzz: ends: %ld finished the batch, %ld exit(), %ld stopped (then killed), signals:",
           main_run.batches, main_run.exits, main_run.stopped);
    for (int s = 1; s < 64; s++)
        if (main_run.by_signal[s]) printf(" %d:%ld", s, main_run.by_signal[s]);
    printf("\n");

    int failures = (int)(t.failures + main_run.failures);
    if (failures == 0) printf("PASS fuzz_children_end_cleanly\n");
    if (settled) {
        printf("PASS fuzz_no_process_left\n");
    } else {
        printf("FAIL fuzz_no_process_left: %ld processes 10 s after the last child ended, %ld "
               "before (seed %lu):\n",
               process_count(), procs, seed);
        list_processes();
        failures++;
    }
    if (after_pages == before) {
        printf("PASS fuzz_free_pages_restored\n");
    } else {
        printf("FAIL fuzz_free_pages_restored: %ld free pages after the warm-up, %ld after the run "
               "(seed %lu)\n",
               before, after_pages, seed);
        failures++;
    }
    printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
    return failures ? 1 : 0;
}
