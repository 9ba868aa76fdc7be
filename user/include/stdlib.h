/* General utilities (<stdlib.h>): memory, exit, numbers, sorting. */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NULL
#define NULL ((void*)0)
#endif
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

/* A first-fit free list on sbrk; 16-byte aligned blocks. */
void* malloc(size_t size);
void free(void* p);
void* calloc(size_t n, size_t size);
void* realloc(void* p, size_t size);

/* exit runs atexit functions and flushes stdio; _Exit does neither. */
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _Exit(int status);
__attribute__((noreturn)) void abort(void);
int atexit(void (*fn)(void));

int atoi(const char* s);
long atol(const char* s);
long strtol(const char* s, char** end, int base);
unsigned long strtoul(const char* s, char** end, int base);
long long strtoll(const char* s, char** end, int base);
unsigned long long strtoull(const char* s, char** end, int base);
int abs(int x);
long labs(long x);

void qsort(void* base, size_t n, size_t size, int (*cmp)(const void*, const void*));
int rand(void);
void srand(unsigned int seed);

/* Weft has no environment: always NULL. */
char* getenv(const char* name);

#ifdef __cplusplus
}
#endif

#endif
