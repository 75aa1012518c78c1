/* x86-64 guest syscalls (`syscall`): nr in rax; args rdi, rsi, rdx, r10, r8, r9; result in rax. */
#include "common.h"
#include "../thread.h"
#include "guest_abi_x86_64.h"
#define X64_NR_WANT_NAMES
#include "nr_x86_64.h"
#include "../signal.h"

#define X86_MAP_32BIT 0x40

static void stat_to_x64(const struct host_stat *h, struct x64_stat *g) {
    memset(g, 0, sizeof *g);
    g->st_dev = h->st_dev; g->st_ino = h->st_ino; g->st_nlink = h->st_nlink; g->st_mode = h->st_mode;
    g->st_uid = h->st_uid; g->st_gid = h->st_gid; g->st_rdev = h->st_rdev; g->st_size = h->st_size;
    g->st_blksize = h->st_blksize; g->st_blocks = h->st_blocks;
    g->st_atime_ = (uint64_t)h->st_atime_; g->st_atime_nsec = h->st_atime_nsec;
    g->st_mtime_ = (uint64_t)h->st_mtime_; g->st_mtime_nsec = h->st_mtime_nsec;
    g->st_ctime_ = (uint64_t)h->st_ctime_; g->st_ctime_nsec = h->st_ctime_nsec;
}
static int64_t x64_stat_common(int64_t dfd, uint64_t path, uint64_t out, int64_t flags) {
    struct host_stat h;
    int64_t r = xl_host_fstatat(dfd, path, &h, flags);
    if (r < 0) return r;
    stat_to_x64(&h, (struct x64_stat *)out);
    return 0;
}
static int64_t x64_stat(GuestState *s, const uint64_t *a) { (void)s; return x64_stat_common(H_AT_FDCWD, a[0], a[1], 0); }
static int64_t x64_lstat(GuestState *s, const uint64_t *a) { (void)s; return x64_stat_common(H_AT_FDCWD, a[0], a[1], 0x100); }
static int64_t x64_newfstatat(GuestState *s, const uint64_t *a) {
    (void)s; return x64_stat_common((int32_t)a[0], a[1], a[2], (int32_t)a[3]);
}
static int64_t x64_fstat(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_stat h;
    int64_t r = xl_host_fstat((int32_t)a[0], &h);
    if (r < 0) return r;
    stat_to_x64(&h, (struct x64_stat *)a[1]);
    return 0;
}

static int64_t x64_mmap(GuestState *s, const uint64_t *a) {
    (void)s;
    int flags = (int)a[3];
    uint64_t limit = UINT64_MAX;
    if (flags & X86_MAP_32BIT) { flags &= ~X86_MAP_32BIT; limit = 1ull << 31; }
    return xl_mmap_noreplace_result(a[0], a[1], flags, xl_guest_mmap(a[0], a[1], (int)a[2], flags, (int)a[4], a[5], limit));
}
static int64_t x64_mremap(GuestState *s, const uint64_t *a) {
    (void)s; return xl_guest_mremap(a[0], a[1], a[2], (int)a[3], a[4], UINT64_MAX);
}

static int64_t x64_time(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts;
    int64_t r = host_sc2(HOST_NR_clock_gettime, 0, &ts);
    if (r < 0) return r;
    if (a[0]) memcpy((void *)a[0], &ts.tv_sec, 8);
    return ts.tv_sec;
}
static int64_t x64_select(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timeval *tv = (struct host_timeval *)a[4];
    struct host_timespec ts;
    if (tv) { ts.tv_sec = tv->tv_sec; ts.tv_nsec = tv->tv_usec * 1000; }
    int64_t r = host_sc6(HOST_NR_pselect6, a[0], a[1], a[2], a[3], tv ? (uint64_t)&ts : 0, 0);
    if (tv && r >= 0) { tv->tv_sec = ts.tv_sec; tv->tv_usec = ts.tv_nsec / 1000; } /* Linux updates the timeout */
    return r;
}
static int64_t x64_getrlimit(GuestState *s, const uint64_t *a) { (void)s; return host_sc4(HOST_NR_prlimit64, 0, a[0], 0, a[1]); }
static int64_t x64_setrlimit(GuestState *s, const uint64_t *a) { (void)s; return host_sc4(HOST_NR_prlimit64, 0, a[0], a[1], 0); }

static int64_t x64_rt_sigaction(GuestState *s, const uint64_t *a) {
    (void)s;
    if (a[3] != 8) return -XE_INVAL;
    struct host_sigaction act, old;
    if (a[1]) { const struct x64_sigaction *g = (const void *)a[1]; act.handler = g->handler; act.flags = g->flags;
                act.restorer = g->restorer; act.mask = g->mask; }
    int64_t r = xl_rt_sigaction((int)a[0], a[1] ? &act : 0, a[2] ? &old : 0);
    if (r == 0 && a[2]) { struct x64_sigaction *g = (void *)a[2]; g->handler = old.handler; g->flags = old.flags;
                          g->restorer = old.restorer; g->mask = old.mask; }
    return r;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
/* clone(flags, newsp, parent_tid, child_tid, tls) */
static int64_t x64_clone(GuestState *s, const uint64_t *a) { return xl_clone(s, a[0], a[1], a[2], a[4], a[3]); }
static int64_t x64_arch_prctl(GuestState *s, const uint64_t *a) {
    switch (a[0]) {
    case ARCH_SET_FS: s->fs_base = a[1]; return 0;
    case ARCH_SET_GS: s->gs_base = a[1]; return 0;
    case ARCH_GET_FS: memcpy((void *)a[1], &s->fs_base, 8); return 0;
    case ARCH_GET_GS: memcpy((void *)a[1], &s->gs_base, 8); return 0;
    default: return -XE_INVAL;
    }
}
static int64_t x64_epoll_create(GuestState *s, const uint64_t *a) {
    (void)s; return (int32_t)a[0] <= 0 ? -XE_INVAL : host_sc1(HOST_NR_epoll_create1, 0);
}
static int64_t x64_epoll_ctl(GuestState *s, const uint64_t *a) {
    (void)s;
    struct { uint32_t events, pad; uint64_t data; } h;
    const struct x64_epoll_event *g = (const void *)a[3];
    if (g) { h.events = g->events; h.pad = 0; h.data = g->data; }
    return host_sc4(HOST_NR_epoll_ctl, a[0], a[1], a[2], g ? (uint64_t)&h : 0);
}
static int64_t x64_epoll_pwait(GuestState *s, const uint64_t *a) {
    (void)s;
    int32_t max = (int32_t)a[2];
    if (max <= 0 || max > 1024) max = max <= 0 ? max : 1024;
    if (max <= 0) return -XE_INVAL;
    struct { uint32_t events, pad; uint64_t data; } h[max];
    int64_t r = host_sc6(HOST_NR_epoll_pwait, a[0], (uint64_t)h, (uint64_t)max, a[3], a[4], 8);
    struct x64_epoll_event *g = (void *)a[1];
    for (int64_t i = 0; i < r; i++) { g[i].events = h[i].events; g[i].data = h[i].data; }
    return r;
}
static int64_t x64_epoll_wait(GuestState *s, const uint64_t *a) {
    uint64_t b[6] = { a[0], a[1], a[2], a[3], 0, 0 };
    return x64_epoll_pwait(s, b);
}
static int64_t x64_fcntl(GuestState *s, const uint64_t *a) { return sys_fcntl_flags(s, a); } /* struct flock is equal */
/* getdents: struct linux_dirent is linux_dirent64 with d_type moved from before the name to the record's last
 * byte; both records have the same length, so each is rewritten in place. */
static int64_t x64_getdents_old(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t r = host_sc3(HOST_NR_getdents64, (int32_t)a[0], a[1], a[2]);
    for (int64_t pos = 0; pos < r;) {
        uint8_t *d = (uint8_t *)a[1] + pos;
        uint16_t reclen;
        memcpy(&reclen, d + 16, 2);
        uint8_t type = d[18];
        memmove(d + 18, d + 19, (size_t)reclen - 19);
        d[reclen - 1] = type;
        pos += reclen;
    }
    return r;
}
static int64_t x64_rseq(GuestState *s, const uint64_t *a) { (void)s; (void)a; return -XE_NOSYS; }
/* emulated: the host handler must not run on the guest's alternate stack (signal.c builds frames there) */
static int64_t x64_sigaltstack(GuestState *s, const uint64_t *a) {
    XlStack n, o;
    if (a[0]) { const struct { uint64_t sp; int32_t flags, pad; uint64_t size; } *g = (const void *)a[0];
                n.sp = g->sp; n.flags = g->flags; n.size = g->size; }
    int64_t r = xl_sigaltstack(s, a[0] ? &n : 0, a[1] ? &o : 0);
    if (r == 0 && a[1]) { struct { uint64_t sp; int32_t flags, pad; uint64_t size; } *g = (void *)a[1];
                          g->sp = o.sp; g->flags = (int32_t)o.flags; g->pad = 0; g->size = o.size; }
    return r;
}

/* utime(path, {actime, modtime}), utimes(path, timeval[2]), futimesat(dfd, path, timeval[2]): utimensat */
static int64_t x64_utime(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts[2];
    if (a[1]) { const int64_t *g = (const int64_t *)a[1]; ts[0] = (struct host_timespec){ g[0], 0 };
                ts[1] = (struct host_timespec){ g[1], 0 }; }
    return host_sc4(HOST_NR_utimensat, H_AT_FDCWD, a[0], a[1] ? (uint64_t)ts : 0, 0);
}
static int64_t x64_utimes_at(int64_t dfd, uint64_t path, uint64_t times) {
    struct host_timespec ts[2];
    if (times) {
        const struct host_timeval *g = (const struct host_timeval *)times;
        for (int i = 0; i < 2; i++) {
            if (g[i].tv_usec < 0 || g[i].tv_usec >= 1000000) return -XE_INVAL;
            ts[i] = (struct host_timespec){ g[i].tv_sec, g[i].tv_usec * 1000 };
        }
    }
    return host_sc4(HOST_NR_utimensat, dfd, path, times ? (uint64_t)ts : 0, 0);
}
static int64_t x64_utimes(GuestState *s, const uint64_t *a) { (void)s; return x64_utimes_at(H_AT_FDCWD, a[0], a[1]); }
static int64_t x64_futimesat(GuestState *s, const uint64_t *a) { (void)s; return x64_utimes_at((int32_t)a[0], a[1], a[2]); }

/* signalfd(fd, mask, sizemask): aarch64 has only signalfd4 */
static int64_t x64_signalfd(GuestState *s, const uint64_t *a) { (void)s; return host_sc4(HOST_NR_signalfd4, (int32_t)a[0], a[1], a[2], 0); }

#define T(nr) [X64_NR_##nr]
static const SysEntry x64_table[X64_NR_MAX] = {
    T(read) = PASS(read), T(write) = PASS(write), T(open) = FN(sys_open), T(close) = FN(sys_close),
    T(stat) = FN(x64_stat), T(fstat) = FN(x64_fstat), T(lstat) = FN(x64_lstat), T(poll) = FN(sys_poll),
    T(lseek) = PASS(lseek), T(mmap) = FN(x64_mmap), T(mprotect) = PASS(mprotect), T(munmap) = PASS(munmap),
    T(brk) = FN(sys_brk), T(rt_sigaction) = FN(x64_rt_sigaction), T(rt_sigprocmask) = FN(xl_sys_rt_sigprocmask),
    T(rt_sigreturn) = FN(xl_sys_rt_sigreturn_x64),
    T(ioctl) = PASS(ioctl), T(pread64) = PASS(pread64), T(pwrite64) = PASS(pwrite64), T(readv) = PASS(readv),
    T(writev) = PASS(writev), T(access) = FN(sys_access), T(pipe) = FN(sys_pipe), T(select) = FN(x64_select),
    T(sched_yield) = PASS(sched_yield), T(mremap) = FN(x64_mremap), T(msync) = PASS(msync),
    T(mincore) = PASS(mincore), T(madvise) = PASS(madvise), T(dup) = FN(sys_dup), T(dup2) = FN(sys_dup2),
    T(pause) = FN(sys_pause), T(nanosleep) = PASS(nanosleep), T(getitimer) = PASS(getitimer),
    T(alarm) = FN(sys_alarm), T(setitimer) = PASS(setitimer), T(getpid) = PASS(getpid),
    T(sendfile) = PASS(sendfile), T(socket) = PASS(socket), T(connect) = PASS(connect), T(accept) = PASS_AS(accept),
    T(sendto) = PASS(sendto), T(recvfrom) = PASS(recvfrom), T(sendmsg) = PASS(sendmsg), T(recvmsg) = PASS(recvmsg),
    T(shutdown) = PASS(shutdown), T(bind) = PASS(bind), T(listen) = PASS(listen),
    T(getsockname) = PASS(getsockname), T(getpeername) = PASS(getpeername), T(socketpair) = PASS(socketpair),
    T(setsockopt) = PASS(setsockopt), T(getsockopt) = PASS(getsockopt), T(fork) = FN(sys_fork),
    T(vfork) = FN(sys_fork), T(clone) = FN(x64_clone), T(clone3) = FN(sys_clone3_unsupported),
    T(execve) = FN(sys_execve), T(exit) = FN(sys_exit), T(wait4) = PASS(wait4),
    T(kill) = PASS(kill), T(uname) = FN(sys_uname), T(fcntl) = FN(x64_fcntl), T(flock) = PASS(flock),
    T(fsync) = PASS(fsync), T(fdatasync) = PASS(fdatasync), T(truncate) = PASS(truncate),
    T(ftruncate) = PASS(ftruncate), T(getdents) = FN(x64_getdents_old), T(getcwd) = PASS(getcwd),
    T(chdir) = PASS(chdir), T(fchdir) = PASS(fchdir), T(rename) = FN(sys_rename), T(mkdir) = FN(sys_mkdir),
    T(rmdir) = FN(sys_rmdir), T(creat) = FN(sys_creat), T(link) = FN(sys_link), T(unlink) = FN(sys_unlink),
    T(symlink) = FN(sys_symlink), T(readlink) = FN(sys_readlink), T(chmod) = FN(sys_chmod),
    T(fchmod) = PASS(fchmod), T(chown) = FN(sys_chown), T(fchown) = PASS(fchown), T(lchown) = FN(sys_lchown),
    T(umask) = PASS(umask), T(gettimeofday) = PASS(gettimeofday), T(getrlimit) = FN(x64_getrlimit),
    T(getrusage) = PASS(getrusage), T(sysinfo) = PASS(sysinfo), T(times) = PASS(times),
    T(getuid) = PASS(getuid), T(getgid) = PASS(getgid), T(setuid) = PASS(setuid), T(setgid) = PASS(setgid),
    T(geteuid) = PASS(geteuid), T(getegid) = PASS(getegid), T(setpgid) = PASS(setpgid),
    T(getppid) = PASS(getppid), T(getpgrp) = FN(sys_getpgrp), T(setsid) = PASS(setsid),
    T(setreuid) = PASS(setreuid), T(setregid) = PASS(setregid), T(getgroups) = PASS(getgroups),
    T(setgroups) = PASS(setgroups), T(setresuid) = PASS(setresuid), T(getresuid) = PASS(getresuid),
    T(setresgid) = PASS(setresgid), T(getresgid) = PASS(getresgid), T(getpgid) = PASS(getpgid),
    T(getsid) = PASS(getsid), T(rt_sigpending) = FN(xl_sys_rt_sigpending),
    T(rt_sigtimedwait) = PASS(rt_sigtimedwait), T(rt_sigsuspend) = FN(xl_sys_rt_sigsuspend),
    T(sigaltstack) = FN(x64_sigaltstack), T(personality) = PASS(personality), T(statfs) = PASS(statfs),
    T(fstatfs) = PASS(fstatfs), T(getpriority) = PASS(getpriority), T(setpriority) = PASS(setpriority),
    T(sched_getparam) = PASS(sched_getparam), T(sched_getscheduler) = PASS(sched_getscheduler),
    T(sched_get_priority_max) = PASS(sched_get_priority_max),
    T(sched_get_priority_min) = PASS(sched_get_priority_min), T(mlock) = PASS(mlock), T(munlock) = PASS(munlock),
    T(prctl) = PASS(prctl), T(arch_prctl) = FN(x64_arch_prctl), T(setrlimit) = FN(x64_setrlimit),
    T(sync) = PASS(sync), T(gettid) = PASS(gettid), T(time) = FN(x64_time), T(futex) = PASS(futex),
    T(sched_setaffinity) = PASS(sched_setaffinity), T(sched_getaffinity) = PASS(sched_getaffinity),
    T(epoll_create) = FN(x64_epoll_create), T(getdents64) = PASS(getdents64),
    T(set_tid_address) = PASS(set_tid_address), T(fadvise64) = PASS(fadvise64),
    T(clock_settime) = PASS(clock_settime), T(clock_gettime) = PASS(clock_gettime),
    T(clock_getres) = PASS(clock_getres), T(clock_nanosleep) = PASS(clock_nanosleep),
    T(exit_group) = FN(sys_exit_group), T(epoll_wait) = FN(x64_epoll_wait), T(epoll_ctl) = FN(x64_epoll_ctl),
    T(tgkill) = PASS(tgkill), T(tkill) = PASS(tkill), T(waitid) = PASS(waitid), T(openat) = FN(sys_openat),
    T(mkdirat) = PASS(mkdirat), T(fchownat) = PASS(fchownat), T(newfstatat) = FN(x64_newfstatat),
    T(unlinkat) = PASS(unlinkat), T(renameat) = PASS(renameat), T(linkat) = PASS(linkat),
    T(symlinkat) = PASS(symlinkat), T(readlinkat) = PASS(readlinkat), T(fchmodat) = PASS(fchmodat),
    T(faccessat) = PASS(faccessat), T(pselect6) = PASS(pselect6), T(ppoll) = PASS(ppoll),
    T(set_robust_list) = PASS(set_robust_list), T(get_robust_list) = PASS(get_robust_list),
    T(splice) = PASS(splice), T(tee) = PASS(tee), T(utimensat) = PASS(utimensat),
    T(epoll_pwait) = FN(x64_epoll_pwait), T(timerfd_create) = PASS(timerfd_create),
    T(fallocate) = PASS(fallocate), T(timerfd_settime) = PASS(timerfd_settime),
    T(timerfd_gettime) = PASS(timerfd_gettime), T(accept4) = PASS(accept4), T(eventfd2) = PASS(eventfd2),
    T(epoll_create1) = PASS(epoll_create1), T(dup3) = FN(sys_dup3), T(pipe2) = FN(sys_pipe2),
    T(prlimit64) = PASS(prlimit64), T(syncfs) = PASS(syncfs), T(getcpu) = PASS(getcpu),
    T(renameat2) = PASS(renameat2), T(getrandom) = PASS(getrandom), T(memfd_create) = PASS(memfd_create),
    T(copy_file_range) = PASS(copy_file_range), T(statx) = PASS(statx), T(rseq) = FN(x64_rseq),
    T(close_range) = FN(sys_close_range), T(faccessat2) = PASS(faccessat2), T(preadv) = PASS(preadv),
    T(pwritev) = PASS(pwritev),
    T(preadv2) = PASS(preadv2), T(pwritev2) = PASS(pwritev2),
    T(utime) = FN(x64_utime), T(utimes) = FN(x64_utimes), T(futimesat) = FN(x64_futimesat), T(mknod) = FN(sys_mknod),
    T(mknodat) = PASS(mknodat), T(inotify_init) = FN(sys_inotify_init), T(inotify_init1) = PASS(inotify_init1),
    T(inotify_add_watch) = PASS(inotify_add_watch), T(inotify_rm_watch) = PASS(inotify_rm_watch),
    T(eventfd) = FN(sys_eventfd), T(sendmmsg) = PASS(sendmmsg), T(recvmmsg) = PASS(recvmmsg),
    T(chroot) = PASS(chroot), T(readahead) = PASS(readahead), T(sync_file_range) = PASS(sync_file_range),
    T(vmsplice) = PASS(vmsplice), T(execveat) = PASS(execveat), T(mlockall) = PASS(mlockall),
    T(munlockall) = PASS(munlockall), T(setns) = PASS(setns), T(unshare) = PASS(unshare),
    T(syslog) = PASS(syslog), T(mount) = PASS(mount), T(umount2) = PASS(umount2),
    T(sethostname) = PASS(sethostname), T(ioprio_get) = PASS(ioprio_get), T(ioprio_set) = PASS(ioprio_set),
    T(sched_getattr) = PASS(sched_getattr),
    T(clock_adjtime) = PASS(clock_adjtime), T(capget) = PASS(capget),
    T(pidfd_open) = PASS(pidfd_open), T(membarrier) = PASS(membarrier), T(mlock2) = PASS(mlock2),
    /* x86-64 and aarch64 share siginfo, sigevent, itimerspec and signalfd_siginfo */
    T(rt_sigqueueinfo) = PASS(rt_sigqueueinfo), T(rt_tgsigqueueinfo) = PASS(rt_tgsigqueueinfo),
    T(signalfd) = FN(x64_signalfd), T(signalfd4) = PASS(signalfd4),
    T(timer_create) = PASS(timer_create), T(timer_settime) = PASS(timer_settime),
    T(timer_gettime) = PASS(timer_gettime), T(timer_getoverrun) = PASS(timer_getoverrun),
    T(timer_delete) = PASS(timer_delete),
};
#undef T

static uint8_t x64_reported[(X64_NR_MAX + 7) / 8];
static const SysAbi x64_abi = { "x86-64", x64_table, x64_syscall_names, X64_NR_MAX, x64_reported };

void xl_syscall_x86_64(GuestState *s) {
    uint64_t a[6] = { s->gpr[GPR_RDI], s->gpr[GPR_RSI], s->gpr[GPR_RDX], s->gpr[GPR_R10], s->gpr[GPR_R8],
                      s->gpr[GPR_R9] };
    s->gpr[GPR_RAX] = (uint64_t)xl_dispatch_syscall(s, &x64_abi, s->gpr[GPR_RAX], a);
}

const char *xl_x86_64_syscall_name(uint64_t nr) { return nr < X64_NR_MAX ? x64_syscall_names[nr] : 0; }
