/* x86-64 Linux kernel ABI structures as the guest sees them (only those whose layout differs from aarch64's).
 * Layouts from the x86-64 UAPI headers (/usr/include/x86_64-linux-gnu/asm/stat.h). */
#ifndef XLATE_GUEST_ABI_X86_64_H
#define XLATE_GUEST_ABI_X86_64_H
#include <stdint.h>
#include <stddef.h>

struct x64_stat {                 /* asm/stat.h, !__i386__ */
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;
    uint32_t st_mode;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t __pad0;
    uint64_t st_rdev;
    int64_t  st_size;
    int64_t  st_blksize;
    int64_t  st_blocks;
    uint64_t st_atime_, st_atime_nsec;
    uint64_t st_mtime_, st_mtime_nsec;
    uint64_t st_ctime_, st_ctime_nsec;
    int64_t  __unused[3];
};
_Static_assert(sizeof(struct x64_stat) == 144, "x64 stat size");
_Static_assert(offsetof(struct x64_stat, st_nlink) == 16, "x64 stat nlink");
_Static_assert(offsetof(struct x64_stat, st_mode) == 24, "x64 stat mode");
_Static_assert(offsetof(struct x64_stat, st_rdev) == 40, "x64 stat rdev");
_Static_assert(offsetof(struct x64_stat, st_size) == 48, "x64 stat size field");
_Static_assert(offsetof(struct x64_stat, st_atime_) == 72, "x64 stat atime");
_Static_assert(offsetof(struct x64_stat, st_ctime_nsec) == 112, "x64 stat ctime_nsec");

/* struct epoll_event is packed on x86-64 (12 bytes) but not on aarch64 (16): converted when epoll is added. */
struct x64_epoll_event { uint32_t events; uint64_t data; } __attribute__((packed));
_Static_assert(sizeof(struct x64_epoll_event) == 12, "x64 epoll_event");

/* Kernel struct sigaction (arch/x86/include/uapi/asm/signal.h, 64-bit): same shape as aarch64's. */
struct x64_sigaction { uint64_t handler; uint64_t flags; uint64_t restorer; uint64_t mask; };
_Static_assert(sizeof(struct x64_sigaction) == 32, "x64 sigaction");

#endif
