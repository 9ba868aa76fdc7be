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
 * Built in: cd [dir], exit [status]. Other commands run as programs; a
 * name without '/' is looked up in /bin.
 *
 * After a foreground pipeline whose last command fails, one line says
 * so: "sh: name: exit status N" or "sh: name: killed by signal N".
 * The shell's own exit status is that of the last pipeline it ran.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The next token. A word's characters, without their quotes, are copied
 * into the lexer's store (at least as big as the line: a word never
 * grows when unquoted). */
static enum Token next_token(Lexer* lx) {
    while (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r')
        lx->p++;
    char c = *lx->p;
    if (c == 0 || c == '#')
        return T_END;
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
            for (const char* s = lx->p + 1; s < close; s++)
                *lx->store++ = *s;
            lx->p = close + 1;
        } else {
            *lx->store++ = *lx->p++;
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
                        t == T_IN ? "<" : t == T_OUT ? ">" : ">>");
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

static int last_status; /* of the last foreground pipeline, as exit() takes it */

/* Where a command's program is: names without '/' are in /bin. */
static void program_path(const char* name, char* path, size_t size) {
    if (strchr(name, '/'))
        snprintf(path, size, "%s", name);
    else
        snprintf(path, size, "/bin/%s", name);
}

/* Built-in commands run in the shell itself; 1 if cmd was one. */
static int run_builtin(Command* cmd) {
    const char* name = cmd->argv[0];
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

/* In a child: the command's redirections, then exec. Never returns. */
static void exec_command(Command* cmd) {
    if (cmd->in)
        redirect(cmd->in, O_RDONLY, 0);
    if (cmd->out)
        redirect(cmd->out, O_WRONLY | O_CREAT | (cmd->append ? O_APPEND : O_TRUNC), 1);
    char path[PATH_MAX];
    program_path(cmd->argv[0], path, sizeof path);
    execv(path, cmd->argv);
    int err = errno;
    /* A name longer than a directory entry can hold cannot exist either. */
    int missing = err == ENOENT || err == ENAMETOOLONG;
    fprintf(stderr, "sh: %s: %s\n", cmd->argv[0], missing ? "command not found" : strerror(err));
    _exit(missing ? 127 : 126);
}

static void report(const char* name, int status) {
    if (WIFSIGNALED(status))
        fprintf(stderr, "sh: %s: killed by signal %d\n", name, WTERMSIG(status));
    else if (WEXITSTATUS(status) != 0)
        fprintf(stderr, "sh: %s: exit status %d\n", name, WEXITSTATUS(status));
}

static void run_pipeline(Pipeline* pl, int background) {
    if (pl->ncmds == 0)
        return;
    if (pl->ncmds == 1 && !background && run_builtin(&pl->cmds[0]))
        return;

    /* Unknown commands are reported here, once, and nothing runs. */
    for (int i = 0; i < pl->ncmds; i++) {
        char path[PATH_MAX];
        struct stat st;
        program_path(pl->cmds[i].argv[0], path, sizeof path);
        if (stat(path, &st) < 0 && (errno == ENOENT || errno == ENAMETOOLONG)) {
            fprintf(stderr, "sh: %s: command not found\n", pl->cmds[i].argv[0]);
            last_status = 127;
            return;
        }
    }

    pid_t pids[MAXCMDS];
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
            fprintf(stderr, "sh: fork: %s\n", strerror(errno));
            if (p[0] >= 0) {
                close(p[0]);
                close(p[1]);
            }
            break;
        }
        if (pid == 0) {
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
        if (prev_read >= 0)
            close(prev_read);
        if (p[1] >= 0)
            close(p[1]);
        prev_read = p[0];
    }
    if (prev_read >= 0)
        close(prev_read);

    if (background) {
        if (started > 0)
            printf("[%d]\n", pids[started - 1]);
        last_status = 0;
        return;
    }
    int status = 0;
    for (int i = 0; i < started; i++) {
        int st;
        if (waitpid(pids[i], &st, 0) == pids[i])
            status = st;
    }
    if (started < pl->ncmds) {
        last_status = 1;
        return;
    }
    report(pl->cmds[pl->ncmds - 1].argv[0], status);
    last_status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static void run_line(const char* line) {
    static char store[MAXLINE + 1];
    static Pipeline pl;
    Lexer lx = {line, store, NULL};
    if (strlen(line) > MAXLINE) {
        fprintf(stderr, "sh: line too long\n");
        return;
    }
    for (;;) {
        enum Token end;
        if (parse_pipeline(&lx, &pl, &end) < 0) {
            last_status = 2;
            return;
        }
        run_pipeline(&pl, end == T_AMP);
        if (end == T_END)
            return;
    }
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
    static char line[MAXLINE + 2];
    for (;;) {
        if (prompt) {
            fputs("$ ", stdout);
            fflush(stdout);
        }
        if (fgets(line, sizeof line, in) == NULL)
            break;
        run_line(line);
    }
    return last_status;
}
