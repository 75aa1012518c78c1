/* Shared syscall machinery: table format, dispatcher, ABI-independent handlers.
 * Guest memory is identity-mapped: a guest pointer (zero-extended for i386) is a host pointer. */
#ifndef XLATE_SYSCALLS_COMMON_H
#define XLATE_SYSCALLS_COMMON_H
#include "../host.h"

/* Handler: args already extracted from the guest registers (i386: zero-extended 32-bit values). */
typedef int64_t (*xl_sys_fn)(GuestState *s, const uint64_t *a);

enum { SYS_NONE = 0, SYS_PASS, SYS_FN };
typedef struct {
    uint8_t kind;      /* SYS_PASS: call host_nr with the args unchanged; SYS_FN: call fn */
    int16_t host_nr;
    xl_sys_fn fn;
} SysEntry;
#define PASS(name) { SYS_PASS, HOST_NR_##name, 0 }
#define PASS_AS(hname) { SYS_PASS, HOST_NR_##hname, 0 }
#define FN(f) { SYS_FN, -1, (f) }

typedef struct {
    const char *abi;               /* "x86-64" / "i386" */
    const SysEntry *table;
    const char *const *names;
    uint32_t count;
    uint8_t *reported;             /* one bit per number: unsupported already reported */
} SysAbi;

/* Runs syscall `nr` with args a[0..5] through `abi`, handling strace and the unsupported report. */
int64_t xl_dispatch_syscall(GuestState *s, const SysAbi *abi, uint64_t nr, const uint64_t *a);

/* host struct stat (asm-generic, used by aarch64) */
struct host_stat {
    uint64_t st_dev, st_ino;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev, __pad1;
    int64_t  st_size;
    int32_t  st_blksize, __pad2;
    int64_t  st_blocks;
    int64_t  st_atime_; uint64_t st_atime_nsec;
    int64_t  st_mtime_; uint64_t st_mtime_nsec;
    int64_t  st_ctime_; uint64_t st_ctime_nsec;
    uint32_t __unused4, __unused5;
};
_Static_assert(sizeof(struct host_stat) == 128, "host stat");

struct host_sigaction { uint64_t handler, flags, restorer, mask; };
struct host_timeval { int64_t tv_sec, tv_usec; };
struct host_itimerval { struct host_timeval it_interval, it_value; };
struct host_iovec { uint64_t base, len; };
struct host_msghdr { uint64_t name; uint32_t namelen, pad0; uint64_t iov, iovlen, control, controllen; int32_t flags, pad1; };
struct host_utsname { char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65]; };
struct host_rlimit { uint64_t cur, max; };
struct host_sysinfo {
    int64_t uptime; uint64_t loads[3]; uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad; uint32_t pad2; uint64_t totalhigh, freehigh; uint32_t mem_unit; char _f[4];
};
_Static_assert(sizeof(struct host_sysinfo) == 112, "host sysinfo");

/* x86 <-> aarch64 open(2) flag bits */
uint64_t xl_open_flags_to_host(uint64_t f);
uint64_t xl_open_flags_to_guest(uint64_t f);

/* fstatat on the host; path may be NULL/"" with AT_EMPTY_PATH semantics via fstat when fd-only */
int64_t xl_host_fstatat(int64_t dfd, uint64_t path, struct host_stat *st, int64_t flags);
int64_t xl_host_fstat(int64_t fd, struct host_stat *st);

/* Guest signal dispositions (recorded, not yet delivered). Neutral 64-bit form. */
int64_t xl_rt_sigaction(int sig, const struct host_sigaction *act, struct host_sigaction *old);

/* Shared handlers (args as documented per function; all take the guest's arg vector) */
int64_t sys_open(GuestState *, const uint64_t *);      /* path, flags, mode */
int64_t sys_openat(GuestState *, const uint64_t *);    /* dfd, path, flags, mode */
int64_t sys_creat(GuestState *, const uint64_t *);     /* path, mode */
int64_t sys_access(GuestState *, const uint64_t *);
int64_t sys_unlink(GuestState *, const uint64_t *);
int64_t sys_rmdir(GuestState *, const uint64_t *);
int64_t sys_mkdir(GuestState *, const uint64_t *);
int64_t sys_rename(GuestState *, const uint64_t *);
int64_t sys_link(GuestState *, const uint64_t *);
int64_t sys_symlink(GuestState *, const uint64_t *);
int64_t sys_readlink(GuestState *, const uint64_t *);
int64_t sys_chmod(GuestState *, const uint64_t *);
int64_t sys_chown(GuestState *, const uint64_t *);
int64_t sys_lchown(GuestState *, const uint64_t *);
int64_t sys_pipe(GuestState *, const uint64_t *);
int64_t sys_pipe2(GuestState *, const uint64_t *);     /* fds, flags */
int64_t sys_dup2(GuestState *, const uint64_t *);
int64_t sys_fcntl_flags(GuestState *, const uint64_t *); /* fd, cmd, arg: commands without struct args */
int64_t sys_brk(GuestState *, const uint64_t *);
int64_t sys_uname(GuestState *, const uint64_t *);
int64_t sys_getpgrp(GuestState *, const uint64_t *);
int64_t sys_fork(GuestState *, const uint64_t *);
int64_t sys_alarm(GuestState *, const uint64_t *);
int64_t sys_poll(GuestState *, const uint64_t *);
int64_t sys_enosys(GuestState *, const uint64_t *);
int64_t sys_execve(GuestState *, const uint64_t *);
int64_t sys_munmap(GuestState *, const uint64_t *);
int64_t sys_pause(GuestState *, const uint64_t *);
int64_t sys_mprotect(GuestState *, const uint64_t *);
int64_t sys_exit_group(GuestState *, const uint64_t *);
int64_t sys_exit(GuestState *, const uint64_t *);
int64_t sys_close(GuestState *, const uint64_t *);
int64_t sys_mknod(GuestState *, const uint64_t *);        /* path, mode, dev */
int64_t sys_inotify_init(GuestState *, const uint64_t *);
int64_t sys_eventfd(GuestState *, const uint64_t *);      /* count */
int64_t sys_close_range(GuestState *, const uint64_t *);
int64_t sys_dup(GuestState *, const uint64_t *);
int64_t sys_dup3(GuestState *, const uint64_t *);

/* mmap result for MAP_FIXED_NOREPLACE: -EEXIST when the host placed the mapping elsewhere */
int64_t xl_mmap_noreplace_result(uint64_t addr, uint64_t len, int flags, int64_t r);

/* O_LARGEFILE of a guest descriptor as the guest's kernel reports it in F_GETFL (common.c) */
void xl_fd_set_largefile(int64_t fd, int on);
int xl_fd_largefile(int64_t fd);

/* XLATE_STRACE output (strace.c): the call before it runs (`finished` = 0, for calls that may not return) or
 * with its result */
void xl_strace_call(const SysAbi *abi, const char *name, uint64_t nr, const uint64_t *a, int finished, int64_t r);

/* clone for both guests (thread.c), arguments in the host's order */
int64_t sys_clone3_unsupported(GuestState *, const uint64_t *); /* -ENOSYS, quietly: glibc falls back to clone */

#endif
