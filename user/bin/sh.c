/* sh: the shell.
 *
 *   sh              read commands from standard input, prompting "$ "
 *   sh file         run the commands in file
 *   sh -c 'command' run one command line
 *
 * A line is a list of pipelines separated by ';' (run in turn) or '&'
 * (run in the background). A pipeline is commands joined by '|'. A
 * command is words and redirections: '< file', '> file', '>> file'.
 * Words may be quoted with '...' or "..."; '#' starts a comment.
 * $? in a word (not inside '...') is the last pipeline's exit status:
 * its last command's exit code, 128 + N if a signal N ended or stopped
 * it, 127 for a command not found, 2 for a syntax error.
 * Built in: cd [dir], exit [status], ulimit [-a] [-S|-H] [-s|-u|-n [N]],
 * kill [-SIGNUM] [--] pid|-pgid|%job..., jobs.
 * Other commands run as programs; a name without '/' is looked up in /bin.
 * A line longer than MAXLINE characters is rejected whole, with one
 * message; no part of it runs.
 *
 * After a foreground pipeline whose last command fails, one line says
 * so: "sh: name: exit status N" or "sh: name: killed by signal N".
 * The shell's own exit status is that of the last pipeline it ran.
 *
 * Job control (when interactive, as in every POSIX shell): each pipeline
 * is a process group of its own (setpgid in the parent and in the child,
 * so that it is done whichever runs first); a foreground pipeline owns
 * the console while it runs (tcsetpgrp), so ^C (SIGINT) reaches it and
 * not the shell, which ignores SIGINT, SIGQUIT, SIGTSTP and SIGTTOU
 * itself (its children go back to the default actions before exec).
 * Background jobs are not in the foreground group, so ^C leaves them
 * alone; each gets a job number ("[pid] %1" when it starts; `jobs` lists
 * them) and is reaped before a prompt: "[pid] done". A stopped
 * foreground job is reported ("[pid] stopped") and left alone; kill
 * -18 continues it (in the background).
 *
 * kill is built in so that it needs no fork: when a fork bomb has filled
 * the process table (or the user's RLIMIT_NPROC), the shell cannot start
 * /bin/kill, but `kill -9 %1` (or `kill -9 -PGID`) still ends the whole
 * job with one kill(-pgid, SIGKILL).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 1024
#define MAXWORDS 32 /* arguments per command: the kernel's MAXARG */
#define MAXCMDS 16  /* commands per pipeline */

typedef struct {
    char* argv[MAXWORDS + 1];
    int argc;
    const char* in;  /* < file, or NULL */
    const char* out; /* > or >> file, or NULL */
    int append;      /* out was given with >> */
} Command;

typedef struct {
    Command cmds[MAXCMDS];
    int ncmds;
} Pipeline;

/* ---------------------------------------------------------------- lexing */

enum Token { T_END, T_WORD, T_PIPE, T_IN, T_OUT, T_APPEND, T_SEMI, T_AMP, T_ERROR };

typedef struct {
    const char* p; /* the rest of the line */
    char* store;   /* where the next word's characters go */
    char* word;    /* the current T_WORD, unquoted, NUL-terminated */
} Lexer;

static int last_status; /* of the last foreground pipeline, as exit() takes it */

/* $? outside single quotes: the last status in decimal (0..255, so at
 * most 3 characters for the 2 of "$?"). */
static int expand_status(Lexer* lx, const char* at) {
    if (at[0] != '$' || at[1] != '?') return 0;
    lx->store += sprintf(lx->store, "%d", last_status);
    return 2;
}

/* The next token. A word's characters, without their quotes and with
 * $? expanded, are copied into the lexer's store (at least twice as big
 * as the line: a word grows only by expanding $?, 2 characters to 3). */
static enum Token next_token(Lexer* lx) {
    while (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r')
        lx->p++;
    char c = *lx->p;
    if (c == 0 || c == '#') return T_END;
    if (strchr("|<>;&", c)) {
        lx->p++;
        switch (c) {
        case '|':
            return T_PIPE;
        case '<':
            return T_IN;
        case ';':
            return T_SEMI;
        case '&':
            return T_AMP;
        default: /* '>' */
            if (*lx->p == '>') {
                lx->p++;
                return T_APPEND;
            }
            return T_OUT;
        }
    }
    lx->word = lx->store;
    while (*lx->p && !strchr(" \t\r\n|<>;&", *lx->p)) {
        char q = *lx->p;
        if (q == '\'' || q == '"') {
            const char* close = strchr(lx->p + 1, q);
            if (close == NULL) {
                fprintf(stderr, "sh: unterminated quote\n");
                return T_ERROR;
            }
            for (const char* s = lx->p + 1; s < close; s++) {
                int used = q == '"' && s + 1 < close ? expand_status(lx, s) : 0;
                if (used) s += used - 1;
                else *lx->store++ = *s;
            }
            lx->p = close + 1;
        } else {
            int used = expand_status(lx, lx->p);
            if (used) lx->p += used;
            else *lx->store++ = *lx->p++;
        }
    }
    *lx->store++ = 0;
    return T_WORD;
}

/* ---------------------------------------------------------------- parsing */

/* Parse one pipeline; *end is the token that ended it (T_SEMI, T_AMP or
 * T_END). An empty pipeline (ncmds 0) is allowed only alone before the
 * end or a ';'. -1 after reporting a syntax error. */
static int parse_pipeline(Lexer* lx, Pipeline* pl, enum Token* end) {
    pl->ncmds = 0;
    Command* cmd = NULL;
    for (;;) {
        enum Token t = next_token(lx);
        switch (t) {
        case T_ERROR:
            return -1;
        case T_WORD:
            if (cmd == NULL) {
                if (pl->ncmds == MAXCMDS) {
                    fprintf(stderr, "sh: too many commands in a pipeline\n");
                    return -1;
                }
                cmd = &pl->cmds[pl->ncmds++];
                memset(cmd, 0, sizeof *cmd);
            }
            if (cmd->argc == MAXWORDS) {
                fprintf(stderr, "sh: too many arguments\n");
                return -1;
            }
            cmd->argv[cmd->argc++] = lx->word;
            break;
        case T_IN:
        case T_OUT:
        case T_APPEND:
            if (next_token(lx) != T_WORD) {
                fprintf(stderr, "sh: syntax error: file name expected after %s\n",
                        t == T_IN    ? "<"
                        : t == T_OUT ? ">"
                                     : ">>");
                return -1;
            }
            if (cmd == NULL) {
                if (pl->ncmds == MAXCMDS) {
                    fprintf(stderr, "sh: too many commands in a pipeline\n");
                    return -1;
                }
                cmd = &pl->cmds[pl->ncmds++];
                memset(cmd, 0, sizeof *cmd);
            }
            if (t == T_IN) {
                cmd->in = lx->word;
            } else {
                cmd->out = lx->word;
                cmd->append = t == T_APPEND;
            }
            break;
        case T_PIPE:
            if (cmd == NULL || cmd->argc == 0) {
                fprintf(stderr, "sh: syntax error near '|'\n");
                return -1;
            }
            cmd = NULL;
            break;
        case T_SEMI:
        case T_AMP:
        case T_END:
            if (pl->ncmds > 0 && (cmd == NULL || cmd->argc == 0)) {
                fprintf(stderr, "sh: syntax error: command expected\n");
                return -1;
            }
            if (pl->ncmds == 0 && t == T_AMP) {
                fprintf(stderr, "sh: syntax error near '&'\n");
                return -1;
            }
            *end = t;
            return 0;
        }
    }
}

/* ---------------------------------------------------------------- running */

static int job_control;  /* interactive: pipelines get process groups and the console */
static pid_t shell_pgid; /* the shell's own process group */

/* Background jobs not yet reaped, for the "[pid] done" lines and for
 * kill %N. Job N is jobs[N - 1]. */
#define MAXJOBS 16
typedef struct {
    pid_t pids[MAXCMDS]; /* its processes; 0 once reaped */
    int alive;           /* how many are not reaped yet */
    pid_t last;          /* the pid printed when it started: "[last]" */
    pid_t pgid;          /* its process group (job control), or 0 */
    int status;          /* the last command's wait status */
    char name[32];       /* the last command's name, for `jobs` */
} Job;
static Job jobs[MAXJOBS];

/* Remember a job; its number (1..MAXJOBS), or 0 if the table is full
 * (the job still runs and is still reaped, silently). */
static int add_job(const pid_t* pids, int n, pid_t pgid, const char* name) {
    for (int j = 0; j < MAXJOBS; j++) {
        if (jobs[j].alive == 0) {
            for (int i = 0; i < MAXCMDS; i++)
                jobs[j].pids[i] = i < n ? pids[i] : 0;
            jobs[j].alive = n;
            jobs[j].last = pids[n - 1];
            jobs[j].pgid = pgid;
            jobs[j].status = 0;
            snprintf(jobs[j].name, sizeof jobs[j].name, "%s", name);
            return j + 1;
        }
    }
    return 0;
}

/* Reap every child that has ended, without waiting; with report, say
 * "[pid] done" for each background job whose processes have all ended. */
static void reap_jobs(int report) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (int j = 0; j < MAXJOBS; j++) {
            for (int i = 0; i < MAXCMDS; i++) {
                if (jobs[j].alive == 0 || jobs[j].pids[i] != pid) continue;
                jobs[j].pids[i] = 0;
                if (pid == jobs[j].last) jobs[j].status = status;
                if (--jobs[j].alive == 0 && report) {
                    int st = jobs[j].status;
                    if (WIFSIGNALED(st))
                        printf("[%d] killed by signal %d\n", jobs[j].last, WTERMSIG(st));
                    else if (WEXITSTATUS(st) != 0)
                        printf("[%d] done, exit status %d\n", jobs[j].last, WEXITSTATUS(st));
                    else
                        printf("[%d] done\n", jobs[j].last);
                }
            }
        }
    }
}

/* The signals an interactive shell ignores and its children must not. */
static const int job_signals[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTOU};

static void set_job_signals(sighandler_t action) {
    for (unsigned i = 0; i < sizeof job_signals / sizeof job_signals[0]; i++)
        signal(job_signals[i], action);
}

/* Give the console to process group pgid (the shell ignores SIGTTOU, so
 * it may do this from the background too). */
static void give_console(pid_t pgid) {
    if (job_control) tcsetpgrp(0, pgid);
}

/* Where a command's program is: names without '/' are in /bin. */
static void program_path(const char* name, char* path, size_t size) {
    if (strchr(name, '/'))
        snprintf(path, size, "%s", name);
    else
        snprintf(path, size, "/bin/%s", name);
}

/* ---------------------------------------------------------------- ulimit */

static const struct {
    char option;
    int resource;
    unsigned long unit; /* bytes per unit shown */
    const char* what;
} limits[] = {
    {'s', RLIMIT_STACK, 1024, "stack size (kbytes)"},
    {'u', RLIMIT_NPROC, 1, "max user processes"},
    {'n', RLIMIT_NOFILE, 1, "open files"},
};
#define NLIMITS (int)(sizeof limits / sizeof limits[0])

static void print_limit(int i, int hard, int with_name) {
    struct rlimit rl;
    if (getrlimit(limits[i].resource, &rl) < 0) {
        fprintf(stderr, "sh: ulimit: -%c: %s\n", limits[i].option, strerror(errno));
        return;
    }
    rlim_t v = hard ? rl.rlim_max : rl.rlim_cur;
    if (with_name) printf("%-24s(-%c) ", limits[i].what, limits[i].option);
    if (v == RLIM_INFINITY)
        printf("unlimited\n");
    else
        printf("%lu\n", v / limits[i].unit);
}

/* ulimit [-a] [-S|-H] [-s|-u|-n] [N|unlimited]: show or set a limit of
 * the shell, which its later children inherit. Setting changes both the
 * soft and the hard limit unless -S or -H says which; showing shows the
 * soft one unless -H. 0, or 1 after a one-line error. */
static int ulimit_builtin(Command* cmd) {
    int all = 0, soft = 0, hard = 0, which = -1;
    const char* value = NULL;
    for (int a = 1; a < cmd->argc; a++) {
        const char* arg = cmd->argv[a];
        if (arg[0] != '-' || arg[1] == 0) {
            if (value != NULL || a + 1 != cmd->argc) goto usage;
            value = arg;
            continue;
        }
        for (const char* o = arg + 1; *o; o++) {
            if (*o == 'a') {
                all = 1;
            } else if (*o == 'S') {
                soft = 1;
            } else if (*o == 'H') {
                hard = 1;
            } else {
                int found = -1;
                for (int i = 0; i < NLIMITS; i++)
                    if (limits[i].option == *o) found = i;
                if (found < 0) {
                    fprintf(stderr, "sh: ulimit: -%c: invalid option\n", *o);
                    return 1;
                }
                which = found;
            }
        }
    }
    if (all || (which < 0 && value == NULL)) {
        if (value != NULL) goto usage;
        for (int i = 0; i < NLIMITS; i++)
            print_limit(i, hard && !soft, 1);
        return 0;
    }
    if (which < 0) goto usage;
    if (value == NULL) {
        print_limit(which, hard && !soft, 0);
        return 0;
    }
    rlim_t v;
    if (strcmp(value, "unlimited") == 0) {
        v = RLIM_INFINITY;
    } else {
        char* end;
        if (*value < '0' || *value > '9') {
            fprintf(stderr, "sh: ulimit: %s: invalid number\n", value);
            return 1;
        }
        v = strtoul(value, &end, 10);
        if (*end != 0 || v > RLIM_INFINITY / limits[which].unit) {
            fprintf(stderr, "sh: ulimit: %s: invalid number\n", value);
            return 1;
        }
        v *= limits[which].unit;
    }
    struct rlimit rl;
    if (getrlimit(limits[which].resource, &rl) < 0) {
        fprintf(stderr, "sh: ulimit: -%c: %s\n", limits[which].option, strerror(errno));
        return 1;
    }
    if (!soft && !hard) soft = hard = 1;
    if (soft) rl.rlim_cur = v;
    if (hard) rl.rlim_max = v;
    if (setrlimit(limits[which].resource, &rl) < 0) {
        fprintf(stderr, "sh: ulimit: -%c: cannot set limit: %s\n", limits[which].option,
                strerror(errno));
        return 1;
    }
    return 0;
usage:
    fprintf(stderr, "sh: ulimit: usage: ulimit [-a] [-S|-H] [-s|-u|-n] [N|unlimited]\n");
    return 1;
}

/* ---------------------------------------------------------------- kill, jobs */

/* A whole decimal number >= 0, or -1. */
static long number(const char* s) {
    char* end;
    if (*s < '0' || *s > '9') return -1;
    long v = strtol(s, &end, 10);
    return *end == 0 ? v : -1;
}

/* %N: the job, or NULL after saying why not. */
static Job* find_job(const char* spec) {
    long n = number(spec + 1);
    if (n < 1 || n > MAXJOBS || jobs[n - 1].alive == 0) {
        fprintf(stderr, "sh: kill: %s: no such job\n", spec);
        return NULL;
    }
    return &jobs[n - 1];
}

/* Send sig to job: to its process group in one kill() when it has one
 * (so that a process it forks meanwhile cannot escape: the kernel makes
 * fork and a group kill exclude each other), else to each process. */
static int kill_job(Job* job, int sig) {
    if (job->pgid > 0) return kill(-job->pgid, sig);
    int result = 0;
    for (int i = 0; i < MAXCMDS; i++)
        if (job->pids[i] > 0 && kill(job->pids[i], sig) < 0) result = -1;
    return result;
}

/* kill [-SIGNUM] [--] pid | -pgid | %job ...: as /bin/kill, plus job
 * numbers, and without a fork. 0, or 1 after one line per failure. */
static int kill_builtin(Command* cmd) {
    int sig = SIGTERM, a = 1;
    if (a < cmd->argc && cmd->argv[a][0] == '-' && strcmp(cmd->argv[a], "--") != 0) {
        long s = number(cmd->argv[a] + 1);
        if (s < 0 || s >= NSIG) {
            fprintf(stderr, "sh: kill: %s: invalid signal\n", cmd->argv[a]);
            return 1;
        }
        sig = (int)s;
        a++;
    }
    if (a < cmd->argc && strcmp(cmd->argv[a], "--") == 0) a++;
    if (a == cmd->argc) {
        fprintf(stderr, "sh: kill: usage: kill [-signal] [--] pid | -pgid | %%job ...\n");
        return 1;
    }
    int status = 0;
    for (; a < cmd->argc; a++) {
        const char* arg = cmd->argv[a];
        int result;
        if (arg[0] == '%') {
            Job* job = find_job(arg);
            if (job == NULL) {
                status = 1;
                continue;
            }
            result = kill_job(job, sig);
        } else {
            int group = arg[0] == '-';
            long pid = number(arg + group);
            if (pid <= 0 || (group && pid == 1)) { /* -1 would mean "everybody" */
                fprintf(stderr, "sh: kill: %s: invalid process id\n", arg);
                status = 1;
                continue;
            }
            result = kill((pid_t)(group ? -pid : pid), sig);
        }
        if (result < 0) {
            fprintf(stderr, "sh: kill: %s: %s\n", arg, strerror(errno));
            status = 1;
        }
    }
    return status;
}

/* jobs: the background jobs not yet reaped, "%N [pid] name". */
static int jobs_builtin(void) {
    for (int j = 0; j < MAXJOBS; j++)
        if (jobs[j].alive > 0) printf("%%%d [%d] %s\n", j + 1, jobs[j].last, jobs[j].name);
    return 0;
}

static int is_builtin(const char* name) {
    return strcmp(name, "cd") == 0 || strcmp(name, "exit") == 0 || strcmp(name, "ulimit") == 0 ||
           strcmp(name, "kill") == 0 || strcmp(name, "jobs") == 0;
}

/* Built-in commands run in the shell itself; 1 if cmd was one. */
static int run_builtin(Command* cmd) {
    const char* name = cmd->argv[0];
    if (strcmp(name, "ulimit") == 0) {
        fflush(stdout);
        last_status = ulimit_builtin(cmd);
        fflush(stdout);
        return 1;
    }
    if (strcmp(name, "kill") == 0) {
        last_status = kill_builtin(cmd);
        return 1;
    }
    if (strcmp(name, "jobs") == 0) {
        last_status = jobs_builtin();
        fflush(stdout);
        return 1;
    }
    if (strcmp(name, "cd") == 0) {
        const char* dir = cmd->argc > 1 ? cmd->argv[1] : "/";
        if (cmd->argc > 2) {
            fprintf(stderr, "sh: cd: too many arguments\n");
            last_status = 1;
        } else if (chdir(dir) < 0) {
            fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
            last_status = 1;
        } else {
            last_status = 0;
        }
        return 1;
    }
    if (strcmp(name, "exit") == 0) {
        exit(cmd->argc > 1 ? atoi(cmd->argv[1]) : last_status);
    }
    return 0;
}

/* In a child: open path as fd target; exits on failure. */
static void redirect(const char* path, int flags, int target) {
    int fd = open(path, flags, 0644);
    if (fd < 0) {
        fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
        _exit(1);
    }
    if (fd != target) {
        dup2(fd, target);
        close(fd);
    }
}

/* In a child: the command's redirections, then exec (or, for a
 * built-in in a pipeline, run it here). Never returns. */
static void exec_command(Command* cmd) {
    if (cmd->in) redirect(cmd->in, O_RDONLY, 0);
    if (cmd->out) redirect(cmd->out, O_WRONLY | O_CREAT | (cmd->append ? O_APPEND : O_TRUNC), 1);
    if (is_builtin(cmd->argv[0])) {
        run_builtin(cmd);
        fflush(stdout);
        _exit(last_status);
    }
    char path[PATH_MAX];
    program_path(cmd->argv[0], path, sizeof path);
    execv(path, cmd->argv);
    int err = errno;
    /* A name longer than a directory entry can hold cannot exist either. */
    int missing = err == ENOENT || err == ENAMETOOLONG;
    fprintf(stderr, "sh: %s: %s\n", cmd->argv[0], missing ? "command not found" : strerror(err));
    _exit(missing ? 127 : 126);
}

/* fork failed. EAGAIN means out of processes: the kernel's table is
 * full or the user is at RLIMIT_NPROC (which counts uid 0 too), often
 * because of a runaway job; say what still works. */
static void report_fork_failure(void) {
    int err = errno;
    if (err != EAGAIN) {
        fprintf(stderr, "sh: fork: %s\n", strerror(err));
        return;
    }
    struct rlimit rl;
    char limit[32] = "unlimited";
    if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        snprintf(limit, sizeof limit, "%lu", rl.rlim_cur);
    fprintf(stderr,
            "sh: fork: %s: too many processes (ulimit -u: %s); built-in commands such as kill "
            "still work\n",
            strerror(err), limit);
}

static void report(const char* name, int status) {
    if (WIFSIGNALED(status))
        fprintf(stderr, "sh: %s: killed by signal %d\n", name, WTERMSIG(status));
    else if (WEXITSTATUS(status) != 0)
        fprintf(stderr, "sh: %s: exit status %d\n", name, WEXITSTATUS(status));
}

static void run_pipeline(Pipeline* pl, int background) {
    if (pl->ncmds == 0) return;
    if (pl->ncmds == 1 && !background && run_builtin(&pl->cmds[0])) return;

    /* Unknown commands are reported here, once, and nothing runs. */
    for (int i = 0; i < pl->ncmds; i++) {
        char path[PATH_MAX];
        struct stat st;
        if (is_builtin(pl->cmds[i].argv[0])) continue;
        program_path(pl->cmds[i].argv[0], path, sizeof path);
        if (stat(path, &st) < 0 && (errno == ENOENT || errno == ENAMETOOLONG)) {
            fprintf(stderr, "sh: %s: command not found\n", pl->cmds[i].argv[0]);
            last_status = 127;
            return;
        }
    }

    pid_t pids[MAXCMDS];
    pid_t pgid = 0; /* the pipeline's process group: its first process's pid */
    int started = 0;
    int prev_read = -1; /* the read end of the pipe from the previous command */
    fflush(stdout);
    for (int i = 0; i < pl->ncmds; i++) {
        int p[2] = {-1, -1};
        if (i + 1 < pl->ncmds && pipe(p) < 0) {
            fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            report_fork_failure();
            if (p[0] >= 0) {
                close(p[0]);
                close(p[1]);
            }
            break;
        }
        if (pid == 0) {
            if (job_control) {
                setpgid(0, pgid);
                if (!background) give_console(pgid ? pgid : getpid());
                set_job_signals(SIG_DFL);
            }
            if (prev_read >= 0) {
                dup2(prev_read, 0);
                close(prev_read);
            }
            if (p[1] >= 0) {
                dup2(p[1], 1);
                close(p[1]);
                close(p[0]);
            }
            exec_command(&pl->cmds[i]);
        }
        pids[started++] = pid;
        if (job_control) {
            /* Also here: whichever of parent and child runs first, the
             * group exists before the next command joins it and before
             * the shell waits. */
            if (pgid == 0) pgid = pid;
            setpgid(pid, pgid);
            if (!background && started == 1) give_console(pgid);
        }
        if (prev_read >= 0) close(prev_read);
        if (p[1] >= 0) close(p[1]);
        prev_read = p[0];
    }
    if (prev_read >= 0) close(prev_read);

    const char* name = pl->cmds[pl->ncmds - 1].argv[0];
    if (background) {
        if (started > 0) {
            int number = add_job(pids, started, pgid, name);
            if (number > 0)
                printf("[%d] %%%d\n", pids[started - 1], number);
            else
                printf("[%d]\n", pids[started - 1]);
        }
        last_status = 0;
        return;
    }
    int status = 0, stopped = -1; /* stopped: the first command found stopped */
    for (int i = 0; i < started; i++) {
        int st;
        pid_t got;
        while ((got = waitpid(pids[i], &st, job_control ? WUNTRACED : 0)) < 0 && errno == EINTR)
            ;
        if (got == pids[i] && WIFSTOPPED(st)) {
            stopped = i;
            status = st;
            break;
        }
        if (got == pids[i]) status = st;
    }
    give_console(shell_pgid);
    if (stopped >= 0) {
        /* SIGSTOP (or SIGTSTP): the job lives on, now as a background
         * job made of the commands not reaped yet. */
        int number = add_job(pids + stopped, started - stopped, pgid, name);
        if (number > 0)
            printf("[%d] stopped %%%d\n", pids[started - 1], number);
        else
            printf("[%d] stopped\n", pids[started - 1]);
        last_status = 128 + WSTOPSIG(status);
        return;
    }
    if (started < pl->ncmds) {
        last_status = 1;
        return;
    }
    report(name, status);
    last_status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static void report_long_line(size_t length) {
    fprintf(stderr, "sh: line too long (%zu characters, at most %d): nothing run\n", length,
            MAXLINE);
    last_status = 2;
}

static void run_line(const char* line) {
    static char store[2 * MAXLINE + 2];
    static Pipeline pl;
    Lexer lx = {line, store, NULL};
    size_t length = strlen(line);
    if (length > MAXLINE) {
        report_long_line(length);
        return;
    }
    for (;;) {
        enum Token end;
        if (parse_pipeline(&lx, &pl, &end) < 0) {
            last_status = 2;
            return;
        }
        run_pipeline(&pl, end == T_AMP);
        if (end == T_END) return;
    }
}

/* The next line of in, without its newline, into line (MAXLINE + 2
 * bytes). Its length, or -1 at end of input. A line longer than MAXLINE
 * is read to its end and thrown away: the length says so (> MAXLINE)
 * and line is left empty, so no part of it can run. (A long line may
 * come in pieces -- the console hands over a line longer than its
 * buffer that way -- so only a newline or the end of input ends one.) */
static int read_line(char* line, FILE* in) {
    if (fgets(line, MAXLINE + 2, in) == NULL) return -1;
    int length = (int)strlen(line);
    int complete = length > 0 && line[length - 1] == '\n';
    if (complete) line[--length] = 0;
    if (length <= MAXLINE) return length;
    /* Too long: skip the rest, up to and including its newline. */
    char rest[256];
    while (!complete && fgets(rest, sizeof rest, in) != NULL) {
        size_t n = strlen(rest);
        complete = n > 0 && rest[n - 1] == '\n';
        length += (int)n - complete;
    }
    line[0] = 0;
    return length;
}

/* Prompt only when a person is typing: standard input is a device. */
static int interactive(void) {
    struct stat st;
    return fstat(0, &st) < 0 || S_ISCHR(st.st_mode);
}

int main(int argc, char** argv) {
    if (argc == 3 && strcmp(argv[1], "-c") == 0) {
        run_line(argv[2]);
        return last_status;
    }
    FILE* in = stdin;
    if (argc == 2) {
        in = fopen(argv[1], "r");
        if (in == NULL) {
            fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
    } else if (argc > 2) {
        fprintf(stderr, "sh: usage: sh [file | -c command]\n");
        return 2;
    }
    int prompt = in == stdin && interactive();
    if (prompt) {
        /* Job control: the shell leads a process group of its own and
         * owns the console; ^C and friends are for its jobs, not for it. */
        job_control = 1;
        set_job_signals(SIG_IGN);
        setpgid(0, 0);
        shell_pgid = getpgrp();
        give_console(shell_pgid);
    }
    static char line[MAXLINE + 2];
    for (;;) {
        reap_jobs(prompt);
        if (prompt) {
            fputs("$ ", stdout);
            fflush(stdout);
        }
        int length = read_line(line, in);
        if (length < 0) break;
        if (length > MAXLINE) {
            report_long_line(length);
            continue;
        }
        run_line(line);
    }
    return last_status;
}
