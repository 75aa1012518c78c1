/* Host (aarch64 Linux) primitives for the freestanding runtime: raw syscalls, constants, small helpers. */
#ifndef XLATE_HOST_H
#define XLATE_HOST_H
#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include "guest_state.h"
#include "syscalls/nr_host.h"

static inline int64_t host_sc6(uint64_t nr, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f) {
    register uint64_t x8 __asm__("x8") = nr;
    register uint64_t x0 __asm__("x0") = a;
    register uint64_t x1 __asm__("x1") = b;
    register uint64_t x2 __asm__("x2") = c;
    register uint64_t x3 __asm__("x3") = d;
    register uint64_t x4 __asm__("x4") = e;
    register uint64_t x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory", "cc");
    return (int64_t)x0;
}
#define host_sc0(n)                 host_sc6((n), 0, 0, 0, 0, 0, 0)
#define host_sc1(n, a)              host_sc6((n), (uint64_t)(a), 0, 0, 0, 0, 0)
#define host_sc2(n, a, b)           host_sc6((n), (uint64_t)(a), (uint64_t)(b), 0, 0, 0, 0)
#define host_sc3(n, a, b, c)        host_sc6((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), 0, 0, 0)
#define host_sc4(n, a, b, c, d)     host_sc6((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), 0, 0)
#define host_sc5(n, a, b, c, d, e)  host_sc6((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), (uint64_t)(e), 0)

/* errno values (identical on x86 and aarch64: both use the asm-generic numbering) */
#define XE_PERM 1
#define XE_NOENT 2
#define XE_SRCH 3
#define XE_BADF 9
#define XE_CHILD 10
#define XE_AGAIN 11
#define XE_NOMEM 12
#define XE_FAULT 14
#define XE_EXIST 17
#define XE_NOTDIR 20
#define XE_INVAL 22
#define XE_RANGE 34
#define XE_NOSYS 38
#define XE_OVERFLOW 75

/* Host mmap constants (asm-generic) */
#define H_PROT_NONE 0
#define H_PROT_READ 1
#define H_PROT_WRITE 2
#define H_MAP_SHARED 0x01
#define H_MAP_PRIVATE 0x02
#define H_MAP_FIXED 0x10
#define H_MAP_ANONYMOUS 0x20
#define H_MAP_NORESERVE 0x4000
#define H_MAP_STACK 0x20000
#define H_MAP_FIXED_NOREPLACE 0x100000
#define H_MREMAP_MAYMOVE 1
#define H_MREMAP_FIXED 2

#define H_AT_FDCWD (-100)
#define H_SIGCHLD 17
#define H_SIG_DFL 0
#define H_SIG_IGN 1
#define H_SIG_BLOCK 0
#define H_SIG_UNBLOCK 1
#define H_SIG_SETMASK 2

#define PAGE_SIZE 4096ull
#define PAGE_UP(x) (((uint64_t)(x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_DOWN(x) ((uint64_t)(x) & ~(PAGE_SIZE - 1))

struct host_timespec { int64_t tv_sec; int64_t tv_nsec; };

/* libc.c */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t xl_strlen(const char *s);
int xl_strcmp(const char *a, const char *b);
int xl_strncmp(const char *a, const char *b, size_t n);
void xl_strlcpy(char *d, const char *s, size_t n);
int xl_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int xl_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void xl_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* one write(2) per call */
_Noreturn void xl_exit_group(int status);
_Noreturn void xl_die_signal(int sig);

/* start.c */
extern char **xl_host_envp;
const char *xl_getenv(const char *name);
extern int xl_strace;

/* memory.c */
uint64_t xl_brk(uint64_t req);
/* mmap for a guest: `limit` = highest allowed end address (UINT64_MAX = anywhere). Returns result or -errno. */
int64_t xl_guest_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off, uint64_t limit);
int64_t xl_guest_mremap(uint64_t old, uint64_t oldlen, uint64_t newlen, int flags, uint64_t newaddr, uint64_t limit);
uint64_t xl_guest_limit(const GuestState *s);

/* cpuid.c */
uint32_t xl_cpuid_leaf1_edx(uint32_t mode);
uint32_t xl_cpuid_leaf1_ecx(uint32_t mode);

#endif
