/* Strings and memory (<string.h>). */
#ifndef _STRING_H
#define _STRING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NULL
#define NULL ((void*)0)
#endif

void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
void* memchr(const void* p, int c, size_t n);

size_t strlen(const char* s);
size_t strnlen(const char* s, size_t max);
char* strcpy(char* dst, const char* src);
char* strncpy(char* dst, const char* src, size_t n);
char* strcat(char* dst, const char* src);
char* strncat(char* dst, const char* src, size_t n);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strchr(const char* s, int c);
char* strrchr(const char* s, int c);
char* strstr(const char* haystack, const char* needle);
size_t strspn(const char* s, const char* accept);
size_t strcspn(const char* s, const char* reject);
char* strpbrk(const char* s, const char* accept);
char* strtok(char* s, const char* delim);
char* strtok_r(char* s, const char* delim, char** save);
char* strdup(const char* s);
char* strndup(const char* s, size_t n);

/* Linux's message for an error number ("No such file or directory"). */
char* strerror(int errnum);
/* The description of a signal ("Killed", "Segmentation fault"). */
char* strsignal(int sig);

#ifdef __cplusplus
}
#endif

#endif
