#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <xen/types.h>

/* Log levels, as prefixes of the format string (Xen's spelling). */
#define XENLOG_ERR      "<0>"
#define XENLOG_WARNING  "<1>"
#define XENLOG_INFO     "<2>"
#define XENLOG_DEBUG    "<3>"
#define XENLOG_G_ERR    "<G><0>"
#define XENLOG_G_WARNING "<G><1>"
#define XENLOG_G_INFO   "<G><2>"
#define XENLOG_G_DEBUG  "<G><3>"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list args) __attribute__((format(printf, 1, 0)));
void __noreturn panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
void *memchr(const void *s, int c, size_t n);
size_t strlcpy(char *d, const char *s, size_t n);
unsigned long long simple_strtoull(const char *cp, const char **endp,
                                   unsigned int base);
long long simple_strtoll(const char *cp, const char **endp, unsigned int base);
/* "64M", "1G", "4096B", "4" (KiB by default, as in Xen) -> bytes; *endp past it. */
unsigned long long parse_size_and_unit(const char *s, const char **endp);

#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define ROUNDUP(x, a)   (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c) do { if ( unlikely(c) ) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c); } while ( 0 )
#ifdef CONFIG_DEBUG
#define ASSERT(c) do { if ( unlikely(!(c)) ) panic("Assertion '%s' failed at %s:%d", #c, __FILE__, __LINE__); } while ( 0 )
#else
#define ASSERT(c) do { (void)sizeof(c); } while ( 0 )
#endif

#endif
