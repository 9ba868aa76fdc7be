/* Standard I/O (<stdio.h>): formatted output, lines in, buffered streams.
 *
 * stdout is line buffered (written out at every '\n', when full, before
 * reading stdin, and at exit); stderr is unbuffered; stdin reads ahead
 * in blocks. Formats: %d %i %u %x %X %o %c %s %p %f %%, with flags
 * (- 0 + space #), width, precision (also *), and hh h l ll z t j.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NULL
#define NULL ((void*)0)
#endif
#define EOF (-1)
#define BUFSIZ 512

typedef struct __weft_file FILE;

extern FILE* stdin;
extern FILE* stdout;
extern FILE* stderr;

int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE* f, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
int dprintf(int fd, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char* buf, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char* buf, size_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
int vprintf(const char* fmt, va_list ap);
int vfprintf(FILE* f, const char* fmt, va_list ap);
int vdprintf(int fd, const char* fmt, va_list ap);
int vsprintf(char* buf, const char* fmt, va_list ap);
int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap);

int fputc(int c, FILE* f);
int putc(int c, FILE* f);
int putchar(int c);
int fputs(const char* s, FILE* f);
int puts(const char* s);
size_t fwrite(const void* p, size_t size, size_t n, FILE* f);

int fgetc(FILE* f);
int getc(FILE* f);
int getchar(void);
char* fgets(char* buf, int size, FILE* f);
size_t fread(void* p, size_t size, size_t n, FILE* f);

FILE* fopen(const char* path, const char* mode); /* "r", "w", "a", "r+", "w+", "a+" */
FILE* fdopen(int fd, const char* mode);
int fclose(FILE* f);
int fflush(FILE* f); /* NULL: every stream */
int fileno(FILE* f);
int feof(FILE* f);
int ferror(FILE* f);
void clearerr(FILE* f);
int setvbuf(FILE* f, char* buf, int mode, size_t size); /* buf must be NULL */
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

/* "s: strerror(errno)" on stderr. */
void perror(const char* s);

#ifdef __cplusplus
}
#endif

#endif
