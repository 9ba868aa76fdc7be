/* <stdio.h> streams on file descriptors.
 *
 * A FILE has an output buffer and an input buffer. Output buffering:
 * _IONBF writes at once, _IOLBF at every '\n' and when full, _IOFBF when
 * full. stdout is line buffered, stderr unbuffered, other streams fully
 * buffered. Before a stream refills its input buffer, stdout is flushed
 * so a prompt appears before the program waits for the answer. exit()
 * flushes every stream (__stdio_flush_all).
 *
 * Thread-safe: each stream has a lock (recursive, thread_hooks.h) that
 * every public function holds while it works on the stream, so one
 * printf's output is never mixed with another's; streams_lock guards
 * the list of open streams. The system calls underneath are made raw,
 * not through read()/write(): stdio is not a cancellation point, so a
 * thread is never cancelled while holding a stream's lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "thread_hooks.h"

enum { F_READ = 1, F_WRITE = 2, F_EOF = 4, F_ERR = 8, F_HEAP = 16 };

struct __weft_file {
    int fd;
    int flags;
    int bufmode;                   /* _IONBF, _IOLBF, _IOFBF */
    size_t wlen;                   /* bytes waiting in wbuf */
    size_t rpos, rlen;             /* rbuf[rpos..rlen) not yet consumed */
    struct __weft_file* next_open; /* every open stream, for flush at exit */
    struct __weft_lock lock;       /* held by whoever uses the stream */
    char wbuf[BUFSIZ];
    char rbuf[BUFSIZ];
};

static FILE std_streams[3] = {
    {.fd = 0, .flags = F_READ, .bufmode = _IOLBF},
    {.fd = 1, .flags = F_WRITE, .bufmode = _IOLBF},
    {.fd = 2, .flags = F_WRITE, .bufmode = _IONBF},
};
FILE* stdin = &std_streams[0];
FILE* stdout = &std_streams[1];
FILE* stderr = &std_streams[2];

static FILE* open_streams;                                      /* those made by fopen/fdopen */
static struct __weft_lock streams_lock = WEFT_LOCK_INITIALIZER; /* guards open_streams */

/* Call fn(args) holding f's lock; return its result. */
#define LOCKED(f, type, call)                                                                      \
    do {                                                                                           \
        __lock_acquire(&(f)->lock);                                                                \
        type result_ = (call);                                                                     \
        __lock_release(&(f)->lock);                                                                \
        return result_;                                                                            \
    } while (0)

/* Write all of buf, retrying short writes; -1 on error. */
static int write_all(int fd, const char* buf, size_t n) {
    while (n > 0) {
        ssize_t w = __syscall_ret(__sys_write(fd, buf, n));
        if (w <= 0) return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

static int fflush_locked(FILE* f) {
    if (f->wlen == 0) return 0;
    int r = write_all(f->fd, f->wbuf, f->wlen);
    f->wlen = 0;
    if (r < 0) {
        f->flags |= F_ERR;
        return EOF;
    }
    return 0;
}

int fflush(FILE* f) {
    if (f == NULL) {
        __stdio_flush_all();
        return 0;
    }
    LOCKED(f, int, fflush_locked(f));
}

void __stdio_flush_all(void) {
    fflush(stdout);
    fflush(stderr);
    __lock_acquire(&streams_lock);
    for (FILE* f = open_streams; f; f = f->next_open)
        fflush(f);
    __lock_release(&streams_lock);
}

static int fputc_locked(int c, FILE* f) {
    if (!(f->flags & F_WRITE)) {
        f->flags |= F_ERR;
        errno = EBADF;
        return EOF;
    }
    char ch = (char)c;
    if (f->bufmode == _IONBF) {
        if (write_all(f->fd, &ch, 1) < 0) {
            f->flags |= F_ERR;
            return EOF;
        }
        return (unsigned char)ch;
    }
    f->wbuf[f->wlen++] = ch;
    if (f->wlen == BUFSIZ || (f->bufmode == _IOLBF && ch == '\n'))
        if (fflush(f) == EOF) return EOF;
    return (unsigned char)ch;
}

int fputc(int c, FILE* f) {
    LOCKED(f, int, fputc_locked(c, f));
}

int putc(int c, FILE* f) {
    return fputc(c, f);
}
int putchar(int c) {
    return fputc(c, stdout);
}

static size_t fwrite_locked(const void* p, size_t size, size_t n, FILE* f) {
    const char* s = p;
    size_t total = size * n;
    if (f->bufmode == _IONBF && (f->flags & F_WRITE)) {
        if (write_all(f->fd, s, total) < 0) {
            f->flags |= F_ERR;
            return 0;
        }
        return n;
    }
    for (size_t i = 0; i < total; i++)
        if (fputc(s[i], f) == EOF) return size ? i / size : 0;
    return n;
}

size_t fwrite(const void* p, size_t size, size_t n, FILE* f) {
    LOCKED(f, size_t, fwrite_locked(p, size, n, f));
}

int fputs(const char* s, FILE* f) {
    size_t n = strlen(s);
    return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

static int puts_locked(const char* s) {
    if (fputs(s, stdout) == EOF) return EOF;
    return fputc('\n', stdout) == EOF ? EOF : 0;
}

int puts(const char* s) {
    LOCKED(stdout, int, puts_locked(s));
}

/* The printf family writes into a small staging buffer first, so an
 * unbuffered stream (stderr) still gets a whole message per write(). */
typedef struct {
    FILE* f;
    char buf[128];
    size_t n;
} Staging;

static void stage_out(char c, void* arg) {
    Staging* st = arg;
    if (st->n == sizeof st->buf) {
        fwrite(st->buf, 1, st->n, st->f);
        st->n = 0;
    }
    st->buf[st->n++] = c;
}

static int vfprintf_locked(FILE* f, const char* fmt, va_list ap) {
    Staging st;
    st.f = f;
    st.n = 0;
    int n = __vformat(stage_out, &st, fmt, ap);
    fwrite(st.buf, 1, st.n, f);
    return (f->flags & F_ERR) ? -1 : n;
}

int vfprintf(FILE* f, const char* fmt, va_list ap) {
    LOCKED(f, int, vfprintf_locked(f, fmt, ap));
}

int fprintf(FILE* f, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char* fmt, va_list ap) {
    return vfprintf(stdout, fmt, ap);
}

int printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

typedef struct {
    int fd;
    char buf[128];
    size_t n;
    int failed;
} FdStaging;

static void fd_out(char c, void* arg) {
    FdStaging* st = arg;
    if (st->n == sizeof st->buf) {
        st->failed |= write_all(st->fd, st->buf, st->n);
        st->n = 0;
    }
    st->buf[st->n++] = c;
}

int vdprintf(int fd, const char* fmt, va_list ap) {
    FdStaging st;
    st.fd = fd;
    st.n = 0;
    st.failed = 0;
    int n = __vformat(fd_out, &st, fmt, ap);
    st.failed |= write_all(fd, st.buf, st.n);
    return st.failed ? -1 : n;
}

int dprintf(int fd, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

typedef struct {
    char* buf;
    size_t size; /* room, the terminating NUL included */
    size_t n;
} StringSink;

static void string_out(char c, void* arg) {
    StringSink* s = arg;
    if (s->n + 1 < s->size) s->buf[s->n] = c;
    s->n++;
}

int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap) {
    StringSink s = {buf, size, 0};
    int n = __vformat(string_out, &s, fmt, ap);
    if (size > 0) buf[s.n < size ? s.n : size - 1] = 0;
    return n;
}

int vsprintf(char* buf, const char* fmt, va_list ap) {
    return vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
}

int snprintf(char* buf, size_t size, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int sprintf(char* buf, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}

void perror(const char* s) {
    const char* msg = strerror(errno);
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, msg);
    else
        fprintf(stderr, "%s\n", msg);
}

/* Refill the input buffer; 0 at end of file or on error. */
static int fill(FILE* f) {
    if (!(f->flags & F_READ)) {
        f->flags |= F_ERR;
        return 0;
    }
    fflush(stdout);
    ssize_t n = __syscall_ret(__sys_read(f->fd, f->rbuf, BUFSIZ));
    if (n <= 0) {
        f->flags |= n == 0 ? F_EOF : F_ERR;
        return 0;
    }
    f->rpos = 0;
    f->rlen = (size_t)n;
    return 1;
}

static int fgetc_locked(FILE* f) {
    if (f->rpos == f->rlen && !fill(f)) return EOF;
    return (unsigned char)f->rbuf[f->rpos++];
}

int fgetc(FILE* f) {
    LOCKED(f, int, fgetc_locked(f));
}

int getc(FILE* f) {
    return fgetc(f);
}
int getchar(void) {
    return fgetc(stdin);
}

static char* fgets_locked(char* buf, int size, FILE* f) {
    int i = 0;
    while (i + 1 < size) {
        int c = fgetc(f);
        if (c == EOF) break;
        buf[i++] = (char)c;
        if (c == '\n') break;
    }
    if (i == 0 || size <= 0) return NULL;
    buf[i] = 0;
    return buf;
}

char* fgets(char* buf, int size, FILE* f) {
    LOCKED(f, char*, fgets_locked(buf, size, f));
}

static size_t fread_locked(void* p, size_t size, size_t n, FILE* f) {
    char* d = p;
    size_t total = size * n, got = 0;
    while (got < total) {
        if (f->rpos == f->rlen && !fill(f)) break;
        size_t chunk = f->rlen - f->rpos;
        if (chunk > total - got) chunk = total - got;
        memcpy(d + got, f->rbuf + f->rpos, chunk);
        f->rpos += chunk;
        got += chunk;
    }
    return size ? got / size : 0;
}

size_t fread(void* p, size_t size, size_t n, FILE* f) {
    LOCKED(f, size_t, fread_locked(p, size, n, f));
}

static int mode_flags(const char* mode, int* stream_flags) {
    int plus = strchr(mode, '+') != NULL;
    switch (mode[0]) {
    case 'r':
        *stream_flags = plus ? F_READ | F_WRITE : F_READ;
        return plus ? O_RDWR : O_RDONLY;
    case 'w':
        *stream_flags = plus ? F_READ | F_WRITE : F_WRITE;
        return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
    case 'a':
        *stream_flags = plus ? F_READ | F_WRITE : F_WRITE;
        return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
    default:
        return -1;
    }
}

FILE* fdopen(int fd, const char* mode) {
    int sflags;
    if (mode_flags(mode, &sflags) < 0) {
        errno = EINVAL;
        return NULL;
    }
    FILE* f = calloc(1, sizeof *f);
    if (f == NULL) return NULL;
    f->fd = fd;
    f->flags = sflags | F_HEAP;
    f->bufmode = _IOFBF;
    f->lock = (struct __weft_lock)WEFT_LOCK_INITIALIZER;
    __lock_acquire(&streams_lock);
    f->next_open = open_streams;
    open_streams = f;
    __lock_release(&streams_lock);
    return f;
}

FILE* fopen(const char* path, const char* mode) {
    int sflags;
    int oflags = mode_flags(mode, &sflags);
    if (oflags < 0) {
        errno = EINVAL;
        return NULL;
    }
    int fd = open(path, oflags, 0644);
    if (fd < 0) return NULL;
    FILE* f = fdopen(fd, mode);
    if (f == NULL) close(fd);
    return f;
}

int fclose(FILE* f) {
    int r = fflush(f);
    if (close(f->fd) < 0) r = EOF;
    if (f->flags & F_HEAP) {
        __lock_acquire(&streams_lock);
        for (FILE** p = &open_streams; *p; p = &(*p)->next_open) {
            if (*p == f) {
                *p = f->next_open;
                break;
            }
        }
        __lock_release(&streams_lock);
        free(f);
    } else {
        f->flags &= ~(F_READ | F_WRITE);
    }
    return r;
}

static int setvbuf_locked(FILE* f, char* buf, int mode, size_t size) {
    (void)size;
    if (buf != NULL || mode < _IOFBF || mode > _IONBF) return -1;
    fflush(f);
    f->bufmode = mode;
    return 0;
}

int setvbuf(FILE* f, char* buf, int mode, size_t size) {
    LOCKED(f, int, setvbuf_locked(f, buf, mode, size));
}

int fileno(FILE* f) {
    return f->fd;
}
int feof(FILE* f) {
    return (f->flags & F_EOF) != 0;
}
int ferror(FILE* f) {
    return (f->flags & F_ERR) != 0;
}
void clearerr(FILE* f) {
    f->flags &= ~(F_EOF | F_ERR);
}
