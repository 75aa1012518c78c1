/* i386 guest syscalls (`int 0x80`): nr in eax; args ebx, ecx, edx, esi, edi, ebp; 32-bit result in eax.
 * Every pointer is a 32-bit guest address (zero-extended); every struct with longs/pointers/time_t is converted
 * between the i386 layouts of guest_abi_i386.h and the aarch64 host layouts. */
#include "common.h"
#include "guest_abi_i386.h"
#define I386_NR_WANT_NAMES
#include "nr_i386.h"
#include "../signal.h"
#include "../thread.h"
#include "i386_handlers.h"

#define G(p) ((void *)(uintptr_t)(p))        /* guest address -> host pointer (identity) */
#define LIMIT32 (1ull << 32)
#define I386_MAP_32BIT 0x40

/* ---- stat ------------------------------------------------------------------------------------------------ */
static void stat_to_stat64(const struct host_stat *h, struct i386_stat64 *g) {
    memset(g, 0, sizeof *g);
    g->st_dev = h->st_dev; g->__st_ino = (uint32_t)h->st_ino; g->st_mode = h->st_mode; g->st_nlink = h->st_nlink;
    g->st_uid = h->st_uid; g->st_gid = h->st_gid; g->st_rdev = h->st_rdev; g->st_size = h->st_size;
    g->st_blksize = (uint32_t)h->st_blksize; g->st_blocks = (uint64_t)h->st_blocks;
    g->st_atime_ = (uint32_t)h->st_atime_; g->st_atime_nsec = (uint32_t)h->st_atime_nsec;
    g->st_mtime_ = (uint32_t)h->st_mtime_; g->st_mtime_nsec = (uint32_t)h->st_mtime_nsec;
    g->st_ctime_ = (uint32_t)h->st_ctime_; g->st_ctime_nsec = (uint32_t)h->st_ctime_nsec;
    g->st_ino = h->st_ino;
}
static int64_t stat_to_old(const struct host_stat *h, struct i386_stat *g) {
    if (h->st_ino > 0xffffffffull || h->st_size > 0x7fffffffll || h->st_nlink > 0xffff) return -XE_OVERFLOW;
    memset(g, 0, sizeof *g);
    g->st_dev = (uint32_t)h->st_dev; g->st_ino = (uint32_t)h->st_ino; g->st_mode = (uint16_t)h->st_mode;
    g->st_nlink = (uint16_t)h->st_nlink;
    g->st_uid = h->st_uid > 0xffff ? 65534 : (uint16_t)h->st_uid;
    g->st_gid = h->st_gid > 0xffff ? 65534 : (uint16_t)h->st_gid;
    g->st_rdev = (uint32_t)h->st_rdev; g->st_size = (uint32_t)h->st_size; g->st_blksize = (uint32_t)h->st_blksize;
    g->st_blocks = (uint32_t)h->st_blocks;
    g->st_atime_ = (uint32_t)h->st_atime_; g->st_atime_nsec = (uint32_t)h->st_atime_nsec;
    g->st_mtime_ = (uint32_t)h->st_mtime_; g->st_mtime_nsec = (uint32_t)h->st_mtime_nsec;
    g->st_ctime_ = (uint32_t)h->st_ctime_; g->st_ctime_nsec = (uint32_t)h->st_ctime_nsec;
    return 0;
}
static int64_t stat_path(int64_t dfd, uint64_t path, uint64_t out, int64_t flags, int is64) {
    struct host_stat h;
    int64_t r = xl_host_fstatat(dfd, path, &h, flags);
    if (r < 0) return r;
    if (is64) { stat_to_stat64(&h, G(out)); return 0; }
    return stat_to_old(&h, G(out));
}
static int64_t stat_fd(int64_t fd, uint64_t out, int is64) {
    struct host_stat h;
    int64_t r = xl_host_fstat(fd, &h);
    if (r < 0) return r;
    if (is64) { stat_to_stat64(&h, G(out)); return 0; }
    return stat_to_old(&h, G(out));
}
static int64_t i_stat(GuestState *s, const uint64_t *a) { (void)s; return stat_path(H_AT_FDCWD, a[0], a[1], 0, 0); }
static int64_t i_lstat(GuestState *s, const uint64_t *a) { (void)s; return stat_path(H_AT_FDCWD, a[0], a[1], 0x100, 0); }
static int64_t i_fstat(GuestState *s, const uint64_t *a) { (void)s; return stat_fd((int32_t)a[0], a[1], 0); }
static int64_t i_stat64(GuestState *s, const uint64_t *a) { (void)s; return stat_path(H_AT_FDCWD, a[0], a[1], 0, 1); }
static int64_t i_lstat64(GuestState *s, const uint64_t *a) { (void)s; return stat_path(H_AT_FDCWD, a[0], a[1], 0x100, 1); }
static int64_t i_fstat64(GuestState *s, const uint64_t *a) { (void)s; return stat_fd((int32_t)a[0], a[1], 1); }
static int64_t i_fstatat64(GuestState *s, const uint64_t *a) {
    (void)s; return stat_path((int32_t)a[0], a[1], a[2], (int32_t)a[3], 1);
}

/* ---- time ------------------------------------------------------------------------------------------------ */
static int64_t ts_from32(uint64_t p, struct host_timespec *t) {
    const struct i386_timespec *g = G(p);
    t->tv_sec = g->tv_sec; t->tv_nsec = g->tv_nsec;
    return 0;
}
static void ts_to32(const struct host_timespec *t, uint64_t p) {
    struct i386_timespec *g = G(p);
    g->tv_sec = (int32_t)t->tv_sec; g->tv_nsec = (int32_t)t->tv_nsec;
}
static int64_t i_time(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts;
    int64_t r = host_sc2(HOST_NR_clock_gettime, 0, &ts);
    if (r < 0) return r;
    if (a[0]) { int32_t t = (int32_t)ts.tv_sec; memcpy(G(a[0]), &t, 4); }
    return (int32_t)ts.tv_sec;
}
static int64_t i_gettimeofday(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timeval tv;
    int64_t r = host_sc2(HOST_NR_gettimeofday, a[0] ? &tv : 0, a[1]);
    if (r < 0) return r;
    if (a[0]) { struct i386_timeval *g = G(a[0]); g->tv_sec = (int32_t)tv.tv_sec; g->tv_usec = (int32_t)tv.tv_usec; }
    return r;
}
static int64_t i_clock_gettime(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts;
    int64_t r = host_sc2(HOST_NR_clock_gettime, (int32_t)a[0], &ts);
    if (r == 0 && a[1]) ts_to32(&ts, a[1]);
    return r;
}
static int64_t i_clock_getres(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts;
    int64_t r = host_sc2(HOST_NR_clock_getres, (int32_t)a[0], &ts);
    if (r == 0 && a[1]) ts_to32(&ts, a[1]);
    return r;
}
static int64_t i_nanosleep(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec req, rem;
    ts_from32(a[0], &req);
    int64_t r = host_sc2(HOST_NR_nanosleep, &req, a[1] ? &rem : 0);
    if (r < 0 && a[1]) ts_to32(&rem, a[1]);
    return r;
}
static int64_t i_clock_nanosleep(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec req, rem;
    ts_from32(a[2], &req);
    int64_t r = host_sc4(HOST_NR_clock_nanosleep, (int32_t)a[0], a[1], &req, a[3] ? &rem : 0);
    if (r < 0 && a[3]) ts_to32(&rem, a[3]);
    return r;
}
static int64_t i_times(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t h[4];
    int64_t r = host_sc1(HOST_NR_times, a[0] ? h : 0);
    if (a[0] && r >= 0) {
        struct i386_tms *g = G(a[0]);
        g->tms_utime = (int32_t)h[0]; g->tms_stime = (int32_t)h[1]; g->tms_cutime = (int32_t)h[2];
        g->tms_cstime = (int32_t)h[3];
    }
    return (int32_t)r;
}
static int64_t i_futex(GuestState *s, const uint64_t *a) {
    (void)s;
    int cmd = (int)(a[1] & 0x7f);
    int has_timeout = cmd == 0 || cmd == 6 || cmd == 9 || cmd == 11 || cmd == 13;
    struct host_timespec ts;
    uint64_t t = a[3];
    if (has_timeout && a[3]) { ts_from32(a[3], &ts); t = (uint64_t)&ts; }
    return host_sc6(HOST_NR_futex, a[0], a[1], a[2], t, a[4], a[5]);
}

/* ---- files ----------------------------------------------------------------------------------------------- */
static int64_t i_pread64(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc4(HOST_NR_pread64, a[0], a[1], a[2], (a[4] << 32) | a[3]);
}
static int64_t i_pwrite64(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc4(HOST_NR_pwrite64, a[0], a[1], a[2], (a[4] << 32) | a[3]);
}
static int64_t i_truncate(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc2(HOST_NR_truncate, a[0], (int64_t)(int32_t)a[1]);
}
static int64_t i_ftruncate(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc2(HOST_NR_ftruncate, a[0], (int64_t)(int32_t)a[1]);
}
static int64_t i_truncate64(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc2(HOST_NR_truncate, a[0], (a[2] << 32) | a[1]);
}
#define MAX_IOV 1024
static int64_t iov_call(uint64_t nr, const uint64_t *a) {
    uint32_t n = (uint32_t)a[2];
    if (n > MAX_IOV) return -XE_INVAL;
    struct host_iovec h[n ? n : 1];
    const struct i386_iovec *g = G(a[1]);
    for (uint32_t i = 0; i < n; i++) { h[i].base = g[i].iov_base; h[i].len = g[i].iov_len; }
    return host_sc3(nr, a[0], h, n);
}
static int64_t i_readv(GuestState *s, const uint64_t *a) { (void)s; return iov_call(HOST_NR_readv, a); }
static int64_t i_writev(GuestState *s, const uint64_t *a) { (void)s; return iov_call(HOST_NR_writev, a); }

/* fcntl: struct flock (32-bit offsets) for fcntl, struct flock64 for fcntl64's F_*LK64 / OFD commands */
enum { F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_GETLK64 = 12, F_SETLK64 = 13, F_SETLKW64 = 14,
       F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38 };
struct host_flock { int16_t l_type, l_whence; int32_t pad; int64_t l_start, l_len; int32_t l_pid, pad2; };
static int64_t i_fcntl_common(const uint64_t *a, int allow64) {
    int32_t cmd = (int32_t)a[1];
    struct host_flock h;
    int hcmd;
    if (cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW) {
        struct i386_flock *g = G(a[2]);
        h = (struct host_flock){ g->l_type, g->l_whence, 0, g->l_start, g->l_len, g->l_pid, 0 };
        int64_t r = host_sc3(HOST_NR_fcntl, a[0], cmd, &h);
        if (r == 0 && cmd == F_GETLK) {
            if (h.l_start > 0x7fffffffll || h.l_len > 0x7fffffffll) return -XE_OVERFLOW;
            g->l_type = h.l_type; g->l_whence = h.l_whence; g->l_start = (int32_t)h.l_start;
            g->l_len = (int32_t)h.l_len; g->l_pid = h.l_pid;
        }
        return r;
    }
    if (allow64 && ((cmd >= F_GETLK64 && cmd <= F_SETLKW64) || (cmd >= F_OFD_GETLK && cmd <= F_OFD_SETLKW))) {
        struct i386_flock64 *g = G(a[2]);
        hcmd = cmd == F_GETLK64 ? F_GETLK : cmd == F_SETLK64 ? F_SETLK : cmd == F_SETLKW64 ? F_SETLKW : cmd;
        h = (struct host_flock){ g->l_type, g->l_whence, 0, g->l_start, g->l_len, g->l_pid, 0 };
        int64_t r = host_sc3(HOST_NR_fcntl, a[0], hcmd, &h);
        if (r == 0 && (hcmd == F_GETLK || hcmd == F_OFD_GETLK)) {
            g->l_type = h.l_type; g->l_whence = h.l_whence; g->l_start = h.l_start; g->l_len = h.l_len;
            g->l_pid = h.l_pid;
        }
        return r;
    }
    return sys_fcntl_flags(0, a);
}
static int64_t i_fcntl(GuestState *s, const uint64_t *a) { (void)s; return i_fcntl_common(a, 0); }
static int64_t i_fcntl64(GuestState *s, const uint64_t *a) { (void)s; return i_fcntl_common(a, 1); }

static int64_t i_waitpid(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc4(HOST_NR_wait4, (int64_t)(int32_t)a[0], a[1], a[2], 0);
}
static int64_t i_wait4(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t ru[18];
    int64_t r = host_sc4(HOST_NR_wait4, (int64_t)(int32_t)a[0], a[1], a[2], a[3] ? ru : 0);
    if (r >= 0 && a[3]) { int32_t *g = G(a[3]); for (int i = 0; i < 18; i++) g[i] = (int32_t)ru[i]; }
    return r;
}

/* 16-bit uid/gid calls */
static uint64_t id16(uint64_t v) { return (uint16_t)v == 0xffff ? 0xffffffffull : (uint16_t)v; }
static int64_t hi2lo(int64_t v) { return v < 0 ? v : v > 0xffff ? 65534 : v; }
static int64_t i_getuid16(GuestState *s, const uint64_t *a) { (void)s; (void)a; return hi2lo(host_sc0(HOST_NR_getuid)); }
static int64_t i_getgid16(GuestState *s, const uint64_t *a) { (void)s; (void)a; return hi2lo(host_sc0(HOST_NR_getgid)); }
static int64_t i_geteuid16(GuestState *s, const uint64_t *a) { (void)s; (void)a; return hi2lo(host_sc0(HOST_NR_geteuid)); }
static int64_t i_getegid16(GuestState *s, const uint64_t *a) { (void)s; (void)a; return hi2lo(host_sc0(HOST_NR_getegid)); }
static int64_t i_chown16(GuestState *s, const uint64_t *a) {
    uint64_t b[3] = { a[0], id16(a[1]), id16(a[2]) }; return sys_chown(s, b);
}
static int64_t i_lchown16(GuestState *s, const uint64_t *a) {
    uint64_t b[3] = { a[0], id16(a[1]), id16(a[2]) }; return sys_lchown(s, b);
}
static int64_t i_fchown16(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc3(HOST_NR_fchown, a[0], id16(a[1]), id16(a[2]));
}

/* ---- memory ---------------------------------------------------------------------------------------------- */
static int64_t i_mmap2(GuestState *s, const uint64_t *a) {
    (void)s;
    int flags = (int)a[3] & ~I386_MAP_32BIT;
    return xl_mmap_noreplace_result(a[0], a[1], flags,
                                    xl_guest_mmap(a[0], a[1], (int)a[2], flags, (int32_t)a[4], a[5] << 12, LIMIT32));
}
static int64_t i_old_mmap(GuestState *s, const uint64_t *a) {
    (void)s;
    const struct i386_mmap_arg_struct *m = G(a[0]);
    if (m->offset & 0xfff) return -XE_INVAL;
    return xl_guest_mmap(m->addr, m->len, (int)m->prot, (int)m->flags & ~I386_MAP_32BIT, (int32_t)m->fd, m->offset,
                         LIMIT32);
}
static int64_t i_mremap(GuestState *s, const uint64_t *a) {
    (void)s; return xl_guest_mremap(a[0], a[1], a[2], (int)a[3], a[4], LIMIT32);
}

/* ---- process / signals ----------------------------------------------------------------------------------- */
static int64_t i_rt_sigaction(GuestState *s, const uint64_t *a) {
    (void)s;
    if (a[3] != 8) return -XE_INVAL;
    struct host_sigaction act, old;
    if (a[1]) { const struct i386_sigaction *g = G(a[1]); act.handler = g->handler; act.flags = g->flags;
                act.restorer = g->restorer; act.mask = g->mask; }
    int64_t r = xl_rt_sigaction((int)a[0], a[1] ? &act : 0, a[2] ? &old : 0);
    if (r == 0 && a[2]) { struct i386_sigaction *g = G(a[2]); g->handler = (uint32_t)old.handler;
                          g->flags = (uint32_t)old.flags; g->restorer = (uint32_t)old.restorer; g->mask = old.mask; }
    return r;
}
/* the pre-rt calls: sigaction with a 32-bit mask (struct old_sigaction: handler, mask, flags, restorer), and
 * signal(), which installs a one-shot handler without masking (SA_RESETHAND | SA_NODEFER) */
static int64_t i_sigaction(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_sigaction act, old;
    if (a[1]) { const uint32_t *g = G(a[1]); act.handler = g[0]; act.mask = g[1]; act.flags = g[2]; act.restorer = g[3]; }
    int64_t r = xl_rt_sigaction((int)a[0], a[1] ? &act : 0, a[2] ? &old : 0);
    if (r == 0 && a[2]) { uint32_t *g = G(a[2]); g[0] = (uint32_t)old.handler; g[1] = (uint32_t)old.mask;
                          g[2] = (uint32_t)old.flags; g[3] = (uint32_t)old.restorer; }
    return r;
}
static int64_t i_signal(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_sigaction act = { (uint32_t)a[1], 0x80000000u | 0x40000000u /* SA_RESETHAND | SA_NODEFER */, 0, 0 }, old;
    int64_t r = xl_rt_sigaction((int)a[0], &act, &old);
    return r < 0 ? r : (int64_t)(uint32_t)old.handler;
}
static int64_t i_sigaltstack(GuestState *s, const uint64_t *a) { /* emulated, see x64_sigaltstack */
    XlStack n, o;
    if (a[0]) { const struct i386_stack_t *g = G(a[0]); n.sp = g->ss_sp; n.flags = g->ss_flags; n.size = g->ss_size; }
    int64_t r = xl_sigaltstack(s, a[0] ? &n : 0, a[1] ? &o : 0);
    if (r == 0 && a[1]) { struct i386_stack_t *g = G(a[1]); g->ss_sp = (uint32_t)o.sp; g->ss_flags = (int32_t)o.flags;
                          g->ss_size = (uint32_t)o.size; }
    return r;
}
/* interval timers (SIGALRM, SIGVTALRM, SIGPROF): struct itimerval of two 32-bit timevals */
static void itv_from32(uint64_t p, struct host_itimerval *h) {
    const struct i386_timeval *g = G(p);
    h->it_interval.tv_sec = g[0].tv_sec; h->it_interval.tv_usec = g[0].tv_usec;
    h->it_value.tv_sec = g[1].tv_sec; h->it_value.tv_usec = g[1].tv_usec;
}
static void itv_to32(const struct host_itimerval *h, uint64_t p) {
    struct i386_timeval *g = G(p);
    g[0].tv_sec = (int32_t)h->it_interval.tv_sec; g[0].tv_usec = (int32_t)h->it_interval.tv_usec;
    g[1].tv_sec = (int32_t)h->it_value.tv_sec; g[1].tv_usec = (int32_t)h->it_value.tv_usec;
}
static int64_t i_setitimer(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_itimerval n, o;
    if (a[1]) itv_from32(a[1], &n);
    int64_t r = host_sc3(HOST_NR_setitimer, (int32_t)a[0], a[1] ? &n : 0, a[2] ? &o : 0);
    if (r == 0 && a[2]) itv_to32(&o, a[2]);
    return r;
}
static int64_t i_getitimer(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_itimerval o;
    int64_t r = host_sc2(HOST_NR_getitimer, (int32_t)a[0], &o);
    if (r == 0) itv_to32(&o, a[1]);
    return r;
}
static int64_t i_getrlimit(GuestState *s, const uint64_t *a) { /* ugetrlimit: infinity stays all-ones */
    (void)s;
    struct host_rlimit h;
    int64_t r = host_sc4(HOST_NR_prlimit64, 0, a[0], 0, &h);
    if (r < 0) return r;
    struct i386_rlimit *g = G(a[1]);
    g->rlim_cur = h.cur > 0xffffffffull ? 0xffffffffu : (uint32_t)h.cur;
    g->rlim_max = h.max > 0xffffffffull ? 0xffffffffu : (uint32_t)h.max;
    return 0;
}
static int64_t i_old_getrlimit(GuestState *s, const uint64_t *a) {
    int64_t r = i_getrlimit(s, a);
    if (r == 0) {
        struct i386_rlimit *g = G(a[1]);
        if (g->rlim_cur > 0x7fffffffu) g->rlim_cur = 0x7fffffffu;
        if (g->rlim_max > 0x7fffffffu) g->rlim_max = 0x7fffffffu;
    }
    return r;
}
static int64_t i_setrlimit(GuestState *s, const uint64_t *a) {
    (void)s;
    const struct i386_rlimit *g = G(a[1]);
    struct host_rlimit h = { g->rlim_cur == 0xffffffffu ? ~0ull : g->rlim_cur,
                             g->rlim_max == 0xffffffffu ? ~0ull : g->rlim_max };
    return host_sc4(HOST_NR_prlimit64, 0, a[0], &h, 0);
}
static int64_t i_sysinfo(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_sysinfo h;
    int64_t r = host_sc1(HOST_NR_sysinfo, &h);
    if (r < 0) return r;
    uint64_t *v[] = { &h.totalram, &h.freeram, &h.sharedram, &h.bufferram, &h.totalswap, &h.freeswap,
                      &h.totalhigh, &h.freehigh };
    int shift = 0;
    for (;;) {
        int big = 0;
        for (unsigned i = 0; i < 8; i++) if ((*v[i] >> shift) > 0xffffffffull) big = 1;
        if (!big || h.mem_unit << shift >= 0x80000000u) break;
        shift++;
    }
    struct i386_sysinfo *g = G(a[0]);
    memset(g, 0, sizeof *g);
    g->uptime = (int32_t)h.uptime;
    for (int i = 0; i < 3; i++) g->loads[i] = (uint32_t)h.loads[i];
    g->totalram = (uint32_t)(h.totalram >> shift); g->freeram = (uint32_t)(h.freeram >> shift);
    g->sharedram = (uint32_t)(h.sharedram >> shift); g->bufferram = (uint32_t)(h.bufferram >> shift);
    g->totalswap = (uint32_t)(h.totalswap >> shift); g->freeswap = (uint32_t)(h.freeswap >> shift);
    g->procs = h.procs; g->totalhigh = (uint32_t)(h.totalhigh >> shift); g->freehigh = (uint32_t)(h.freehigh >> shift);
    g->mem_unit = h.mem_unit << shift;
    return 0;
}
/* set_thread_area: also clone's CLONE_SETTLS argument. Loads the entry into gs, which is what glibc then uses. */
int64_t xl_i386_set_tls(GuestState *s, uint64_t user_desc) {
    XlThread *t = xl_thread_of(s);
    struct i386_user_desc *u = G(user_desc);
    uint32_t idx = u->entry_number;
    if (idx == 0xffffffffu) {
        for (idx = XL_GDT_TLS_MIN; idx <= XL_GDT_TLS_MAX; idx++) if (!t->tls_used[idx - XL_GDT_TLS_MIN]) break;
        if (idx > XL_GDT_TLS_MAX) return -XE_SRCH;
        u->entry_number = idx;
    }
    if (idx < XL_GDT_TLS_MIN || idx > XL_GDT_TLS_MAX) return -XE_INVAL;
    int empty = (u->flags & (1u << 5)) /* seg_not_present */ && u->base_addr == 0 && u->limit == 0;
    t->tls_used[idx - XL_GDT_TLS_MIN] = !empty;
    t->tls_base[idx - XL_GDT_TLS_MIN] = empty ? 0 : u->base_addr;
    s->gs_base = t->tls_base[idx - XL_GDT_TLS_MIN];
    return 0;
}
static int64_t i_set_thread_area(GuestState *s, const uint64_t *a) { return xl_i386_set_tls(s, a[0]); }
static int64_t i_get_thread_area(GuestState *s, const uint64_t *a) {
    XlThread *t = xl_thread_of(s);
    struct i386_user_desc *u = G(a[0]);
    uint32_t idx = u->entry_number;
    if (idx < XL_GDT_TLS_MIN || idx > XL_GDT_TLS_MAX) return -XE_INVAL;
    u->base_addr = t->tls_base[idx - XL_GDT_TLS_MIN];
    u->limit = 0xfffff;
    u->flags = t->tls_used[idx - XL_GDT_TLS_MIN] ? 0x51 /* seg_32bit | limit_in_pages | useable */ : 0x28;
    return 0;
}
/* clone(flags, newsp, parent_tid, tls, child_tid): the host's order */
static int64_t i_clone(GuestState *s, const uint64_t *a) { return xl_clone(s, a[0], a[1], a[2], a[3], a[4]); }
static int64_t i_set_robust_list(GuestState *s, const uint64_t *a) {
    (void)s; (void)a;
    return 0; /* the 12-byte i386 robust_list_head is not understood by the host kernel; single thread: no-op */
}
static int64_t i_rseq(GuestState *s, const uint64_t *a) { (void)s; (void)a; return -XE_NOSYS; }
static int64_t i_newselect(GuestState *s, const uint64_t *a) {
    (void)s;
    struct i386_timeval *tv = G(a[4]);
    struct host_timespec ts;
    if (a[4]) { ts.tv_sec = tv->tv_sec; ts.tv_nsec = (int64_t)tv->tv_usec * 1000; }
    int64_t r = host_sc6(HOST_NR_pselect6, a[0], a[1], a[2], a[3], a[4] ? (uint64_t)&ts : 0, 0);
    if (a[4] && r >= 0) { tv->tv_sec = (int32_t)ts.tv_sec; tv->tv_usec = (int32_t)(ts.tv_nsec / 1000); }
    return r;
}
static int64_t i_old_select(GuestState *s, const uint64_t *a) {
    const struct i386_sel_arg_struct *g = G(a[0]);
    uint64_t b[5] = { g->n, g->inp, g->outp, g->exp, g->tvp };
    return i_newselect(s, b);
}

/* i386_events.c: signals taken as data */
int64_t i386_sys_rt_sigtimedwait(GuestState *, const uint64_t *);
int64_t i386_sys_rt_sigtimedwait_time64(GuestState *, const uint64_t *);
int64_t i386_sys_rt_sigqueueinfo(GuestState *, const uint64_t *);
int64_t i386_sys_rt_tgsigqueueinfo(GuestState *, const uint64_t *);
int64_t i386_sys_signalfd(GuestState *, const uint64_t *);
int64_t i386_sys_timer_create(GuestState *, const uint64_t *);
int64_t i386_sys_timer_settime(GuestState *, const uint64_t *);
int64_t i386_sys_timer_gettime(GuestState *, const uint64_t *);

#define T(nr) [I386_NR_##nr]
static const SysEntry i386_table[I386_NR_MAX] = {
    T(exit) = FN(sys_exit), T(fork) = FN(sys_fork), T(clone) = FN(i_clone), T(clone3) = FN(sys_clone3_unsupported),
    T(read) = PASS(read), T(write) = PASS(write),
    T(open) = FN(sys_open), T(close) = FN(sys_close), T(waitpid) = FN(i_waitpid), T(creat) = FN(sys_creat),
    T(link) = FN(sys_link), T(unlink) = FN(sys_unlink), T(execve) = FN(sys_execve), T(chdir) = PASS(chdir),
    T(time) = FN(i_time), T(chmod) = FN(sys_chmod), T(lchown) = FN(i_lchown16), T(lseek) = FN(i386_sys_lseek),
    T(getpid) = PASS(getpid), T(getuid) = FN(i_getuid16), T(alarm) = FN(sys_alarm), T(pause) = FN(sys_pause),
    T(access) = FN(sys_access), T(sync) = PASS(sync), T(kill) = PASS(kill), T(rename) = FN(sys_rename),
    T(mkdir) = FN(sys_mkdir), T(rmdir) = FN(sys_rmdir), T(dup) = FN(sys_dup), T(pipe) = FN(sys_pipe),
    T(times) = FN(i_times), T(brk) = FN(sys_brk), T(getgid) = FN(i_getgid16), T(geteuid) = FN(i_geteuid16),
    T(getegid) = FN(i_getegid16), T(ioctl) = PASS(ioctl), T(fcntl) = FN(i_fcntl), T(setpgid) = PASS(setpgid),
    T(umask) = PASS(umask), T(dup2) = FN(sys_dup2), T(getppid) = PASS(getppid), T(getpgrp) = FN(sys_getpgrp),
    T(setsid) = PASS(setsid), T(setrlimit) = FN(i_setrlimit), T(getrlimit) = FN(i_old_getrlimit),
    T(gettimeofday) = FN(i_gettimeofday), T(select) = FN(i_old_select), T(symlink) = FN(sys_symlink),
    T(readlink) = FN(sys_readlink), T(mmap) = FN(i_old_mmap), T(munmap) = FN(sys_munmap),
    T(truncate) = FN(i_truncate), T(ftruncate) = FN(i_ftruncate), T(fchmod) = PASS(fchmod),
    T(fchown) = FN(i_fchown16), T(socketcall) = FN(i386_sys_socketcall), T(stat) = FN(i_stat), T(lstat) = FN(i_lstat),
    T(fstat) = FN(i_fstat), T(wait4) = FN(i_wait4), T(sysinfo) = FN(i_sysinfo), T(fsync) = PASS(fsync),
    T(uname) = FN(sys_uname), T(mprotect) = FN(sys_mprotect), T(getpgid) = PASS(getpgid),
    T(fchdir) = PASS(fchdir), T(_llseek) = FN(i386_sys_llseek), T(_newselect) = FN(i_newselect), T(flock) = PASS(flock),
    T(msync) = PASS(msync), T(readv) = FN(i_readv), T(writev) = FN(i_writev), T(getsid) = PASS(getsid),
    T(fdatasync) = PASS(fdatasync), T(mlock) = PASS(mlock), T(munlock) = PASS(munlock),
    T(sched_yield) = PASS(sched_yield), T(nanosleep) = FN(i_nanosleep), T(mremap) = FN(i_mremap),
    T(poll) = FN(sys_poll), T(prctl) = PASS(prctl), T(rt_sigaction) = FN(i_rt_sigaction),
    T(rt_sigprocmask) = FN(xl_sys_rt_sigprocmask), T(rt_sigpending) = FN(xl_sys_rt_sigpending),
    T(rt_sigsuspend) = FN(xl_sys_rt_sigsuspend), T(rt_sigreturn) = FN(xl_sys_rt_sigreturn_i386),
    T(sigreturn) = FN(xl_sys_sigreturn_i386), T(sigprocmask) = FN(xl_sys_sigprocmask_i386),
    T(sigaction) = FN(i_sigaction), T(signal) = FN(i_signal), T(sigsuspend) = FN(xl_sys_sigsuspend_i386),
    T(sigpending) = FN(xl_sys_sigpending_i386), T(setitimer) = FN(i_setitimer),
    T(getitimer) = FN(i_getitimer),
    T(pread64) = FN(i_pread64), T(pwrite64) = FN(i_pwrite64),
    T(chown) = FN(i_chown16), T(getcwd) = PASS(getcwd), T(sigaltstack) = FN(i_sigaltstack),
    T(vfork) = FN(sys_fork), T(ugetrlimit) = FN(i_getrlimit), T(mmap2) = FN(i_mmap2),
    T(truncate64) = FN(i_truncate64), T(ftruncate64) = FN(i386_sys_ftruncate64), T(stat64) = FN(i_stat64),
    T(lstat64) = FN(i_lstat64), T(fstat64) = FN(i_fstat64), T(lchown32) = FN(sys_lchown),
    T(getuid32) = PASS(getuid), T(getgid32) = PASS(getgid), T(geteuid32) = PASS(geteuid),
    T(getegid32) = PASS(getegid), T(setreuid32) = PASS(setreuid), T(setregid32) = PASS(setregid),
    T(getgroups32) = PASS(getgroups), T(setgroups32) = PASS(setgroups), T(fchown32) = PASS(fchown),
    T(setresuid32) = PASS(setresuid), T(getresuid32) = PASS(getresuid), T(setresgid32) = PASS(setresgid),
    T(getresgid32) = PASS(getresgid), T(chown32) = FN(sys_chown), T(setuid32) = PASS(setuid),
    T(setgid32) = PASS(setgid), T(madvise) = PASS(madvise), T(getdents64) = FN(i386_sys_getdents64),
    T(fcntl64) = FN(i_fcntl64), T(gettid) = PASS(gettid), T(tkill) = PASS(tkill), T(futex) = FN(i_futex),
    T(sched_setaffinity) = PASS(sched_setaffinity), T(sched_getaffinity) = PASS(sched_getaffinity),
    T(set_thread_area) = FN(i_set_thread_area), T(get_thread_area) = FN(i_get_thread_area),
    T(exit_group) = FN(sys_exit_group), T(set_tid_address) = PASS(set_tid_address),
    T(clock_gettime) = FN(i_clock_gettime), T(clock_getres) = FN(i_clock_getres),
    T(clock_nanosleep) = FN(i_clock_nanosleep), T(tgkill) = PASS(tgkill), T(openat) = FN(sys_openat),
    T(mkdirat) = PASS(mkdirat), T(fchownat) = PASS(fchownat), T(fstatat64) = FN(i_fstatat64),
    T(unlinkat) = PASS(unlinkat), T(renameat) = PASS(renameat), T(linkat) = PASS(linkat),
    T(symlinkat) = PASS(symlinkat), T(readlinkat) = PASS(readlinkat), T(fchmodat) = PASS(fchmodat),
    T(faccessat) = PASS(faccessat), T(set_robust_list) = FN(i_set_robust_list), T(eventfd2) = PASS(eventfd2),
    T(epoll_create1) = PASS(epoll_create1), T(dup3) = FN(sys_dup3), T(pipe2) = FN(sys_pipe2),
    T(prlimit64) = PASS(prlimit64), T(syncfs) = PASS(syncfs), T(getrandom) = PASS(getrandom),
    T(memfd_create) = PASS(memfd_create), T(socket) = PASS(socket), T(socketpair) = PASS(socketpair),
    T(bind) = PASS(bind), T(connect) = PASS(connect), T(listen) = PASS(listen), T(accept4) = PASS(accept4),
    T(getsockopt) = FN(i386_sys_getsockopt), T(setsockopt) = FN(i386_sys_setsockopt),
    T(getsockname) = PASS(getsockname),
    T(getpeername) = PASS(getpeername), T(sendto) = PASS(sendto), T(sendmsg) = FN(i386_sys_sendmsg),
    T(recvfrom) = PASS(recvfrom), T(recvmsg) = FN(i386_sys_recvmsg), T(shutdown) = PASS(shutdown),
    T(statx) = PASS(statx), T(rseq) = FN(i_rseq), T(clock_gettime64) = PASS(clock_gettime),
    T(clock_settime64) = PASS(clock_settime), T(clock_getres_time64) = PASS(clock_getres),
    T(clock_nanosleep_time64) = PASS(clock_nanosleep), T(utimensat_time64) = PASS(utimensat),
    T(ppoll_time64) = FN(i386_sys_ppoll_time64), T(futex_time64) = PASS(futex), T(close_range) = FN(sys_close_range),
    T(faccessat2) = PASS(faccessat2),
    T(getdents) = FN(i386_sys_getdents), T(sendfile) = FN(i386_sys_sendfile), T(sendfile64) = FN(i386_sys_sendfile64),
    T(preadv) = FN(i386_sys_preadv), T(pwritev) = FN(i386_sys_pwritev), T(preadv2) = FN(i386_sys_preadv2),
    T(pwritev2) = FN(i386_sys_pwritev2), T(fadvise64_64) = FN(i386_sys_fadvise64_64),
    T(waitid) = FN(i386_sys_waitid), T(getrusage) = FN(i386_sys_getrusage), T(mincore) = PASS(mincore),
    T(getpriority) = PASS(getpriority), T(setpriority) = PASS(setpriority), T(ppoll) = FN(i386_sys_ppoll),
    T(pselect6) = FN(i386_sys_pselect6), T(pselect6_time64) = FN(i386_sys_pselect6_time64),
    T(epoll_create) = FN(i386_sys_epoll_create), T(epoll_ctl) = FN(i386_sys_epoll_ctl),
    T(epoll_wait) = FN(i386_sys_epoll_wait), T(epoll_pwait) = FN(i386_sys_epoll_pwait),
    T(eventfd) = FN(sys_eventfd), T(fadvise64) = FN(i386_sys_fadvise64), T(readahead) = FN(i386_sys_readahead),
    T(sync_file_range) = FN(i386_sys_sync_file_range), T(statfs) = FN(i386_sys_statfs),
    T(fstatfs) = FN(i386_sys_fstatfs), T(statfs64) = FN(i386_sys_statfs64), T(fstatfs64) = FN(i386_sys_fstatfs64),
    T(utime) = FN(i386_sys_utime), T(utimes) = FN(i386_sys_utimes), T(utimensat) = FN(i386_sys_utimensat),
    T(futimesat) = FN(i386_sys_futimesat),
    T(mknod) = FN(sys_mknod), T(mknodat) = PASS(mknodat), T(inotify_init) = FN(sys_inotify_init),
    T(inotify_init1) = PASS(inotify_init1), T(inotify_add_watch) = PASS(inotify_add_watch),
    T(inotify_rm_watch) = PASS(inotify_rm_watch), T(chroot) = PASS(chroot), T(splice) = PASS(splice),
    T(tee) = PASS(tee), T(mlockall) = PASS(mlockall), T(munlockall) = PASS(munlockall), T(getcpu) = PASS(getcpu),
    T(setns) = PASS(setns), T(unshare) = PASS(unshare), T(sethostname) = PASS(sethostname),
    T(timerfd_create) = PASS(timerfd_create),
    T(timerfd_settime) = FN(i386_sys_timerfd_settime), T(timerfd_gettime) = FN(i386_sys_timerfd_gettime),
    T(timerfd_settime64) = PASS(timerfd_settime), T(timerfd_gettime64) = PASS(timerfd_gettime),
    T(renameat2) = PASS(renameat2), T(copy_file_range) = PASS(copy_file_range),
    T(rt_sigtimedwait) = FN(i386_sys_rt_sigtimedwait), T(rt_sigtimedwait_time64) = FN(i386_sys_rt_sigtimedwait_time64),
    T(rt_sigqueueinfo) = FN(i386_sys_rt_sigqueueinfo), T(rt_tgsigqueueinfo) = FN(i386_sys_rt_tgsigqueueinfo),
    T(signalfd) = FN(i386_sys_signalfd), T(signalfd4) = PASS(signalfd4),
    T(timer_create) = FN(i386_sys_timer_create), T(timer_settime) = FN(i386_sys_timer_settime),
    T(timer_gettime) = FN(i386_sys_timer_gettime), T(timer_settime64) = PASS(timer_settime),
    T(timer_gettime64) = PASS(timer_gettime), T(timer_getoverrun) = PASS(timer_getoverrun),
    T(timer_delete) = PASS(timer_delete),
};
#undef T

static uint8_t i386_reported[(I386_NR_MAX + 7) / 8];
static const SysAbi i386_abi = { "i386", i386_table, i386_syscall_names, I386_NR_MAX, i386_reported };

/* i386_compat.c: path A (kernel compat syscalls); returns 0 for what stays on this file's path B */
int xl_i386_compat_syscall(GuestState *s, uint32_t nr, const uint64_t *a, int64_t *result);

void xl_syscall_i386(GuestState *s) {
    uint64_t a[6] = { (uint32_t)s->gpr[GPR_RBX], (uint32_t)s->gpr[GPR_RCX], (uint32_t)s->gpr[GPR_RDX],
                      (uint32_t)s->gpr[GPR_RSI], (uint32_t)s->gpr[GPR_RDI], (uint32_t)s->gpr[GPR_RBP] };
    uint32_t nr = (uint32_t)s->gpr[GPR_RAX];
    int64_t r;
    if (!xl_i386_compat_syscall(s, nr, a, &r)) r = xl_dispatch_syscall(s, &i386_abi, nr, a);
    s->gpr[GPR_RAX] = (uint32_t)r;
}

const char *xl_i386_syscall_name(uint64_t nr) { return nr < I386_NR_MAX ? i386_syscall_names[nr] : 0; }
