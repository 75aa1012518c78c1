/* Compile-only check of guest_abi_*.h against the real x86 UAPI headers:
 *   clang-19 --target=i686-linux-gnu   -isystem /usr/i686-linux-gnu/include -fsyntax-only abi_check.c
 *   clang-19 --target=x86_64-linux-gnu -fsyntax-only abi_check.c                                   */
#include <stddef.h>
#include <asm/stat.h>
#include <asm/ldt.h>
#include <linux/sysinfo.h>
#include <linux/time_types.h>
#include <asm/fcntl.h>
#include <asm/signal.h>
#include "../include/guest_abi_i386.h"
#include "../include/guest_abi_x86_64.h"
#define SAME(g, k, f) _Static_assert(offsetof(struct g, f) == offsetof(struct k, f), #g "." #f)
#define SAME2(g, gf, k, kf) _Static_assert(offsetof(struct g, gf) == offsetof(struct k, kf), #g "." #gf)
#ifdef __i386__
_Static_assert(sizeof(struct i386_stat64) == sizeof(struct stat64), "stat64 size");
SAME(i386_stat64, stat64, st_dev); SAME(i386_stat64, stat64, __st_ino); SAME(i386_stat64, stat64, st_mode);
SAME(i386_stat64, stat64, st_nlink); SAME(i386_stat64, stat64, st_uid); SAME(i386_stat64, stat64, st_gid);
SAME(i386_stat64, stat64, st_rdev); SAME(i386_stat64, stat64, st_size); SAME(i386_stat64, stat64, st_blksize);
SAME(i386_stat64, stat64, st_blocks); SAME2(i386_stat64, st_atime_, stat64, st_atime);
SAME2(i386_stat64, st_mtime_nsec, stat64, st_mtime_nsec); SAME2(i386_stat64, st_ctime_nsec, stat64, st_ctime_nsec);
SAME(i386_stat64, stat64, st_ino);
_Static_assert(sizeof(struct i386_stat) == sizeof(struct stat), "stat size");
SAME(i386_stat, stat, st_mode); SAME(i386_stat, stat, st_gid); SAME(i386_stat, stat, st_rdev);
SAME(i386_stat, stat, st_size); SAME(i386_stat, stat, st_blocks); SAME2(i386_stat, st_ctime_nsec, stat, st_ctime_nsec);
_Static_assert(sizeof(struct i386_user_desc) == sizeof(struct user_desc), "user_desc");
_Static_assert(sizeof(struct i386_sysinfo) == sizeof(struct sysinfo), "sysinfo size");
_Static_assert(sizeof(struct i386_flock64) == sizeof(struct flock64), "flock64");
SAME(i386_flock64, flock64, l_start); SAME(i386_flock64, flock64, l_len); SAME(i386_flock64, flock64, l_pid);
_Static_assert(sizeof(struct i386_flock) == sizeof(struct flock), "flock");
SAME(i386_flock, flock, l_start); SAME(i386_flock, flock, l_pid);
SAME(i386_sysinfo, sysinfo, procs); SAME(i386_sysinfo, sysinfo, totalhigh); SAME(i386_sysinfo, sysinfo, mem_unit);
#else
_Static_assert(sizeof(struct x64_stat) == sizeof(struct stat), "stat size");
SAME(x64_stat, stat, st_nlink); SAME(x64_stat, stat, st_mode); SAME(x64_stat, stat, st_uid);
SAME(x64_stat, stat, st_rdev); SAME(x64_stat, stat, st_size); SAME(x64_stat, stat, st_blksize);
SAME(x64_stat, stat, st_blocks); SAME2(x64_stat, st_atime_, stat, st_atime);
SAME2(x64_stat, st_ctime_nsec, stat, st_ctime_nsec);
#endif
