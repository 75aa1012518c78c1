/* i386 Linux kernel ABI structures as the guest sees them: every long/pointer is 4 bytes, 64-bit fields are
 * 4-byte aligned. Layouts from /usr/i686-linux-gnu/include (asm/stat.h, asm/ldt.h, asm/signal.h, linux/...).
 * runtime/tests/abi_i386_check.c compiles these against the real i686 headers and compares offsets. */
#ifndef XLATE_GUEST_ABI_I386_H
#define XLATE_GUEST_ABI_I386_H
#include <stdint.h>
#include <stddef.h>

typedef uint64_t i386_u64 __attribute__((aligned(4)));
typedef int64_t  i386_s64 __attribute__((aligned(4)));

struct i386_stat {                /* asm/stat.h, __i386__: "struct stat" (old, 32-bit) */
    uint32_t st_dev;
    uint32_t st_ino;
    uint16_t st_mode;
    uint16_t st_nlink;
    uint16_t st_uid;
    uint16_t st_gid;
    uint32_t st_rdev;
    uint32_t st_size;
    uint32_t st_blksize;
    uint32_t st_blocks;
    uint32_t st_atime_, st_atime_nsec;
    uint32_t st_mtime_, st_mtime_nsec;
    uint32_t st_ctime_, st_ctime_nsec;
    uint32_t __unused4, __unused5;
};
_Static_assert(sizeof(struct i386_stat) == 64, "i386 stat size");
_Static_assert(offsetof(struct i386_stat, st_rdev) == 16, "i386 stat rdev");
_Static_assert(offsetof(struct i386_stat, st_atime_) == 32, "i386 stat atime");

struct i386_stat64 {              /* asm/stat.h, __i386__: "struct stat64" */
    i386_u64 st_dev;
    uint8_t  __pad0[4];
    uint32_t __st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    i386_u64 st_rdev;
    uint8_t  __pad3[4];
    i386_s64 st_size;
    uint32_t st_blksize;
    i386_u64 st_blocks;
    uint32_t st_atime_, st_atime_nsec;
    uint32_t st_mtime_, st_mtime_nsec;
    uint32_t st_ctime_, st_ctime_nsec;
    i386_u64 st_ino;
};
_Static_assert(sizeof(struct i386_stat64) == 96, "i386 stat64 size");
_Static_assert(offsetof(struct i386_stat64, __st_ino) == 12, "i386 stat64 __st_ino");
_Static_assert(offsetof(struct i386_stat64, st_rdev) == 32, "i386 stat64 rdev");
_Static_assert(offsetof(struct i386_stat64, st_size) == 44, "i386 stat64 size field");
_Static_assert(offsetof(struct i386_stat64, st_blocks) == 56, "i386 stat64 blocks");
_Static_assert(offsetof(struct i386_stat64, st_atime_) == 64, "i386 stat64 atime");
_Static_assert(offsetof(struct i386_stat64, st_ino) == 88, "i386 stat64 ino");

struct i386_timespec { int32_t tv_sec; int32_t tv_nsec; };
struct i386_timeval  { int32_t tv_sec; int32_t tv_usec; };
struct i386_iovec    { uint32_t iov_base; uint32_t iov_len; };
struct i386_tms      { int32_t tms_utime, tms_stime, tms_cutime, tms_cstime; };
struct i386_rlimit   { uint32_t rlim_cur, rlim_max; };
struct i386_itimerval { struct i386_timeval it_interval, it_value; };
_Static_assert(sizeof(struct i386_timespec) == 8 && sizeof(struct i386_iovec) == 8, "i386 small structs");
_Static_assert(sizeof(struct i386_tms) == 16 && sizeof(struct i386_rlimit) == 8, "i386 small structs");

struct i386_user_desc {           /* asm/ldt.h */
    uint32_t entry_number;
    uint32_t base_addr;
    uint32_t limit;
    uint32_t flags;               /* seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1 seg_not_present:1 useable:1 */
};
_Static_assert(sizeof(struct i386_user_desc) == 16, "i386 user_desc");

struct i386_flock   { int16_t l_type, l_whence; int32_t l_start, l_len, l_pid; };
struct i386_flock64 { int16_t l_type, l_whence; i386_s64 l_start, l_len; int32_t l_pid; };
_Static_assert(sizeof(struct i386_flock) == 16, "i386 flock");
_Static_assert(sizeof(struct i386_flock64) == 24 && offsetof(struct i386_flock64, l_start) == 4, "i386 flock64");

struct i386_sigaction {           /* kernel struct sigaction for rt_sigaction on i386 */
    uint32_t handler;
    uint32_t flags;
    uint32_t restorer;
    i386_u64 mask;
};
_Static_assert(sizeof(struct i386_sigaction) == 20, "i386 sigaction");

struct i386_mmap_arg_struct { uint32_t addr, len, prot, flags, fd, offset; };  /* old mmap (nr 90) */
_Static_assert(sizeof(struct i386_mmap_arg_struct) == 24, "i386 mmap args");

struct i386_sysinfo {             /* linux/sysinfo.h with 4-byte longs */
    int32_t  uptime;
    uint32_t loads[3];
    uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t totalhigh, freehigh;
    uint32_t mem_unit;
    char     _f[8];
};
_Static_assert(sizeof(struct i386_sysinfo) == 64, "i386 sysinfo");

struct i386_msghdr {
    uint32_t msg_name;
    uint32_t msg_namelen;
    uint32_t msg_iov;
    uint32_t msg_iovlen;
    uint32_t msg_control;
    uint32_t msg_controllen;
    uint32_t msg_flags;
};
_Static_assert(sizeof(struct i386_msghdr) == 28, "i386 msghdr");

struct i386_stack_t { uint32_t ss_sp; int32_t ss_flags; uint32_t ss_size; };
_Static_assert(sizeof(struct i386_stack_t) == 12, "i386 stack_t");

struct i386_sel_arg_struct { uint32_t n, inp, outp, exp, tvp; };  /* old select (nr 82) */

struct i386_statfs {               /* asm-generic/statfs.h with 4-byte words (statfs, fstatfs) */
    uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t  f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct i386_statfs) == 64, "i386 statfs");

struct i386_statfs64 {             /* statfs64, fstatfs64: 64-bit counts, 4-byte aligned (84 bytes) */
    uint32_t f_type, f_bsize;
    i386_u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t  f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct i386_statfs64) == 84, "i386 statfs64");
_Static_assert(offsetof(struct i386_statfs64, f_fsid) == 48, "i386 statfs64 fsid");

struct i386_utimbuf { int32_t actime, modtime; };

/* struct epoll_event is packed on i386 too (x86 uapi __EPOLL_PACKED): 12 bytes, the host's is 16 */
struct i386_epoll_event_abi { uint32_t events; uint64_t data; } __attribute__((packed));
_Static_assert(sizeof(struct i386_epoll_event_abi) == 12, "i386 epoll_event");

#endif
