/* i386 file syscalls needing more than a number change: directory offsets, 32-bit lseek, sendfile, preadv/pwritev
 * with split offsets, ftruncate64 on descriptors opened without O_LARGEFILE; and waitid/getrusage (rusage and
 * siginfo with 32-bit longs). */
#include "i386_handlers.h"

/* ---- directory offsets ------------------------------------------------------------------------------------
 * ext4 hands a 64-bit process 64-bit hash cookies ((major >> 1) << 32 | minor >> 1) and a 32-bit one only the
 * major half (major >> 1); glibc's i386 readdir fails with EOVERFLOW on the former. The host sees a 64-bit
 * process, so the guest gets cookie >> 32 and its seeks are shifted back: exactly the 32-bit positions. */
#define EXT4_SUPER_MAGIC 0xEF53
#define HTREE_EOF_32 0x7fffffffll
#define HTREE_EOF_64 0x7fffffffffffffffll

static int hashed_dir_offsets(int32_t fd) {
    struct host_stat st;
    if (xl_host_fstat(fd, &st) < 0 || (st.st_mode & 0170000) != 0040000) return 0;
    uint64_t sfs[15]; /* struct statfs (aarch64): f_type first */
    return host_sc2(HOST_NR_fstatfs, fd, sfs) == 0 && sfs[0] == EXT4_SUPER_MAGIC;
}
static int64_t cookie_to_guest(int64_t off) { return off == HTREE_EOF_64 ? HTREE_EOF_32 : (int64_t)((uint64_t)off >> 32); }
static int64_t cookie_to_host(int64_t off) { return off == HTREE_EOF_32 ? HTREE_EOF_64 : (int64_t)((uint64_t)off << 32); }

static int64_t dir_aware_lseek(int32_t fd, int64_t off, uint32_t whence) {
    int hashed = hashed_dir_offsets(fd);
    if (hashed && whence == 0 /* SEEK_SET */) off = cookie_to_host(off);
    int64_t r = host_sc3(HOST_NR_lseek, fd, off, whence);
    return hashed && r >= 0 ? cookie_to_guest(r) : r;
}
int64_t i386_sys_lseek(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t r = dir_aware_lseek((int32_t)a[0], (int64_t)(int32_t)a[1], (uint32_t)a[2]);
    return r > 0x7fffffffll ? -XE_OVERFLOW : r;
}
int64_t i386_sys_llseek(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t r = dir_aware_lseek((int32_t)a[0], (int64_t)((a[1] << 32) | (a[2] & 0xffffffffull)), (uint32_t)a[4]);
    if (r < 0) return r;
    memcpy(I386_PTR(a[3]), &r, 8);
    return 0;
}

struct host_dirent64 { uint64_t d_ino; int64_t d_off; uint16_t d_reclen; uint8_t d_type; char d_name[]; };

int64_t i386_sys_getdents64(GuestState *s, const uint64_t *a) {
    (void)s;
    int32_t fd = (int32_t)a[0];
    int64_t r = host_sc3(HOST_NR_getdents64, fd, a[1], a[2]);
    if (r <= 0 || !hashed_dir_offsets(fd)) return r;
    for (int64_t pos = 0; pos < r;) {
        struct host_dirent64 *d = (struct host_dirent64 *)((char *)I386_PTR(a[1]) + pos);
        d->d_off = cookie_to_guest(d->d_off);
        pos += d->d_reclen;
    }
    return r;
}

/* getdents: struct linux_dirent { u32 d_ino, d_off; u16 d_reclen; char d_name[]; ... d_type in the last byte }.
 * Each record is no longer than its dirent64 source, so they are rewritten in place, front to back. */
int64_t i386_sys_getdents(GuestState *s, const uint64_t *a) {
    (void)s;
    int32_t fd = (int32_t)a[0];
    int64_t r = host_sc3(HOST_NR_getdents64, fd, a[1], a[2]);
    if (r <= 0) return r;
    int hashed = hashed_dir_offsets(fd);
    char *buf = I386_PTR(a[1]);
    int64_t in = 0, out = 0;
    while (in < r) {
        struct host_dirent64 *d = (struct host_dirent64 *)(buf + in);
        uint64_t ino = d->d_ino;
        int64_t off = hashed ? cookie_to_guest(d->d_off) : d->d_off;
        uint16_t inlen = d->d_reclen;
        uint8_t type = d->d_type;
        size_t namelen = xl_strlen(d->d_name);
        if (ino > 0xffffffffull || off > 0x7fffffffll) return -XE_OVERFLOW;
        uint16_t outlen = (uint16_t)((10 + namelen + 2 + 3) & ~(size_t)3);
        char *o = buf + out;
        memmove(o + 10, d->d_name, namelen + 1);
        uint32_t ino32 = (uint32_t)ino, off32 = (uint32_t)off;
        memcpy(o, &ino32, 4);
        memcpy(o + 4, &off32, 4);
        memcpy(o + 8, &outlen, 2);
        o[outlen - 1] = (char)type;
        in += inlen;
        out += outlen;
    }
    return out;
}

/* ---- sendfile / vectored I/O / truncate ------------------------------------------------------------------- */
int64_t i386_sys_sendfile(GuestState *s, const uint64_t *a) { /* off_t * of 32 bits */
    (void)s;
    int64_t off = 0;
    if (a[2]) off = *(int32_t *)I386_PTR(a[2]);
    int64_t r = host_sc4(HOST_NR_sendfile, (int32_t)a[0], (int32_t)a[1], a[2] ? (uint64_t)&off : 0, a[3]);
    if (r >= 0 && a[2]) {
        if (off > 0x7fffffffll) return -XE_OVERFLOW;
        *(int32_t *)I386_PTR(a[2]) = (int32_t)off;
    }
    return r;
}
int64_t i386_sys_sendfile64(GuestState *s, const uint64_t *a) { /* loff_t * is the host's */
    (void)s; return host_sc4(HOST_NR_sendfile, (int32_t)a[0], (int32_t)a[1], a[2], a[3]);
}

static int64_t vectored_at(uint64_t nr, const uint64_t *a, int64_t pos, uint64_t flags) {
    uint32_t n = (uint32_t)a[2];
    if (n > I386_MAX_IOV) return -XE_INVAL;
    struct host_iovec h[n ? n : 1];
    const struct i386_iovec *g = I386_PTR(a[1]);
    for (uint32_t i = 0; i < n; i++) { h[i].base = g[i].iov_base; h[i].len = g[i].iov_len; }
    return host_sc6(nr, (int32_t)a[0], (uint64_t)h, n, (uint64_t)pos, 0, flags);
}
/* (fd, iov, count, pos_low, pos_high[, flags]) */
static int64_t split_pos(const uint64_t *a) { return (int64_t)((a[4] << 32) | (a[3] & 0xffffffffull)); }
int64_t i386_sys_preadv(GuestState *s, const uint64_t *a) { (void)s; return vectored_at(HOST_NR_preadv, a, split_pos(a), 0); }
int64_t i386_sys_pwritev(GuestState *s, const uint64_t *a) { (void)s; return vectored_at(HOST_NR_pwritev, a, split_pos(a), 0); }
int64_t i386_sys_preadv2(GuestState *s, const uint64_t *a) {
    (void)s; return vectored_at(HOST_NR_preadv2, a, split_pos(a), a[5]);
}
int64_t i386_sys_pwritev2(GuestState *s, const uint64_t *a) {
    (void)s; return vectored_at(HOST_NR_pwritev2, a, split_pos(a), a[5]);
}

/* A 32-bit kernel refuses lengths beyond 2 GiB on a descriptor opened without O_LARGEFILE. */
int64_t i386_sys_ftruncate64(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t len = (int64_t)((a[2] << 32) | (a[1] & 0xffffffffull));
    if (len > 0x7fffffffll && !xl_fd_largefile((int32_t)a[0])) return -XE_INVAL;
    return host_sc2(HOST_NR_ftruncate, (int32_t)a[0], len);
}
/* fadvise64_64(fd, off_lo, off_hi, len_lo, len_hi, advice) */
int64_t i386_sys_fadvise64_64(GuestState *s, const uint64_t *a) {
    (void)s;
    return host_sc4(HOST_NR_fadvise64, (int32_t)a[0], (a[2] << 32) | a[1], (a[4] << 32) | a[3], (int32_t)a[5]);
}

/* fadvise64(fd, off_lo, off_hi, len, advice), readahead(fd, off_lo, off_hi, count),
 * sync_file_range(fd, off_lo, off_hi, n_lo, n_hi, flags) */
int64_t i386_sys_fadvise64(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc4(HOST_NR_fadvise64, (int32_t)a[0], (a[2] << 32) | a[1], a[3], (int32_t)a[4]);
}
int64_t i386_sys_readahead(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc3(HOST_NR_readahead, (int32_t)a[0], (a[2] << 32) | a[1], a[3]);
}
int64_t i386_sys_sync_file_range(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc4(HOST_NR_sync_file_range, (int32_t)a[0], (a[2] << 32) | a[1], (a[4] << 32) | a[3], a[5]);
}

/* ---- statfs ---------------------------------------------------------------------------------------------- */
struct host_statfs {
    int64_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct host_statfs) == 120, "host statfs");

static int64_t statfs_out(int64_t r, const struct host_statfs *h, uint64_t out, int is64) {
    if (r < 0) return r;
    if (is64) {
        struct i386_statfs64 *g = I386_PTR(out);
        memset(g, 0, sizeof *g);
        g->f_type = (uint32_t)h->f_type; g->f_bsize = (uint32_t)h->f_bsize; g->f_blocks = h->f_blocks;
        g->f_bfree = h->f_bfree; g->f_bavail = h->f_bavail; g->f_files = h->f_files; g->f_ffree = h->f_ffree;
        g->f_fsid[0] = h->f_fsid[0]; g->f_fsid[1] = h->f_fsid[1]; g->f_namelen = (uint32_t)h->f_namelen;
        g->f_frsize = (uint32_t)h->f_frsize; g->f_flags = (uint32_t)h->f_flags;
        return 0;
    }
    /* the old struct: counts must fit 32 bits (files/ffree of ~0 mean "unknown" and pass as ~0) */
    const uint64_t counts[5] = { h->f_blocks, h->f_bfree, h->f_bavail, h->f_files, h->f_ffree };
    for (int i = 0; i < 5; i++)
        if (counts[i] > 0xffffffffull && !(i >= 3 && counts[i] == ~0ull)) return -XE_OVERFLOW;
    struct i386_statfs *g = I386_PTR(out);
    memset(g, 0, sizeof *g);
    g->f_type = (uint32_t)h->f_type; g->f_bsize = (uint32_t)h->f_bsize; g->f_blocks = (uint32_t)h->f_blocks;
    g->f_bfree = (uint32_t)h->f_bfree; g->f_bavail = (uint32_t)h->f_bavail; g->f_files = (uint32_t)h->f_files;
    g->f_ffree = (uint32_t)h->f_ffree; g->f_fsid[0] = h->f_fsid[0]; g->f_fsid[1] = h->f_fsid[1];
    g->f_namelen = (uint32_t)h->f_namelen; g->f_frsize = (uint32_t)h->f_frsize; g->f_flags = (uint32_t)h->f_flags;
    return 0;
}
int64_t i386_sys_statfs(GuestState *s, const uint64_t *a) {
    (void)s; struct host_statfs h; return statfs_out(host_sc2(HOST_NR_statfs, a[0], &h), &h, a[1], 0);
}
int64_t i386_sys_fstatfs(GuestState *s, const uint64_t *a) {
    (void)s; struct host_statfs h; return statfs_out(host_sc2(HOST_NR_fstatfs, (int32_t)a[0], &h), &h, a[1], 0);
}
/* statfs64(path, size, buf), fstatfs64(fd, size, buf) */
int64_t i386_sys_statfs64(GuestState *s, const uint64_t *a) {
    (void)s;
    if ((uint32_t)a[1] != sizeof(struct i386_statfs64)) return -XE_INVAL;
    struct host_statfs h;
    return statfs_out(host_sc2(HOST_NR_statfs, a[0], &h), &h, a[2], 1);
}
int64_t i386_sys_fstatfs64(GuestState *s, const uint64_t *a) {
    (void)s;
    if ((uint32_t)a[1] != sizeof(struct i386_statfs64)) return -XE_INVAL;
    struct host_statfs h;
    return statfs_out(host_sc2(HOST_NR_fstatfs, (int32_t)a[0], &h), &h, a[2], 1);
}

/* ---- utime / utimes / futimesat (32-bit times) -> utimensat ---------------------------------------------- */
int64_t i386_sys_utime(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts[2];
    if (a[1]) {
        const struct i386_utimbuf *g = I386_PTR(a[1]);
        ts[0] = (struct host_timespec){ g->actime, 0 };
        ts[1] = (struct host_timespec){ g->modtime, 0 };
    }
    return host_sc4(HOST_NR_utimensat, H_AT_FDCWD, a[0], a[1] ? (uint64_t)ts : 0, 0);
}
static int64_t utimes_at(int64_t dfd, uint64_t path, uint64_t times) {
    struct host_timespec ts[2];
    if (times) {
        const struct i386_timeval *g = I386_PTR(times);
        for (int i = 0; i < 2; i++) {
            if (g[i].tv_usec < 0 || g[i].tv_usec >= 1000000) return -XE_INVAL;
            ts[i] = (struct host_timespec){ g[i].tv_sec, (int64_t)g[i].tv_usec * 1000 };
        }
    }
    return host_sc4(HOST_NR_utimensat, dfd, path, times ? (uint64_t)ts : 0, 0);
}
int64_t i386_sys_utimensat(GuestState *s, const uint64_t *a) { /* (dfd, path, timespec32[2], flags) */
    (void)s;
    struct host_timespec ts[2];
    if (a[2]) { i386_ts_in(a[2], &ts[0]); i386_ts_in(a[2] + sizeof(struct i386_timespec), &ts[1]); }
    return host_sc4(HOST_NR_utimensat, (int32_t)a[0], a[1], a[2] ? (uint64_t)ts : 0, (int32_t)a[3]);
}
int64_t i386_sys_utimes(GuestState *s, const uint64_t *a) { (void)s; return utimes_at(H_AT_FDCWD, a[0], a[1]); }
int64_t i386_sys_futimesat(GuestState *s, const uint64_t *a) { (void)s; return utimes_at((int32_t)a[0], a[1], a[2]); }

/* ---- rusage / siginfo with 32-bit longs ------------------------------------------------------------------- */
static void rusage_to32(const int64_t *h, uint64_t guest) {
    int32_t *g = I386_PTR(guest);
    for (int i = 0; i < 18; i++) g[i] = (int32_t)h[i]; /* 2 timevals + 14 longs, all longs */
}
int64_t i386_sys_getrusage(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t ru[18];
    int64_t r = host_sc2(HOST_NR_getrusage, (int32_t)a[0], ru);
    if (r == 0) rusage_to32(ru, a[1]);
    return r;
}
/* waitid(which, id, siginfo *, options, rusage *): the SIGCHLD fields of siginfo move (i386: pid at 12, clock_t
 * utime/stime of 4 bytes; aarch64: pid at 16, 8-byte clock_t at 32/40). */
int64_t i386_sys_waitid(GuestState *s, const uint64_t *a) {
    (void)s;
    int32_t hsi[32];
    int64_t ru[18];
    memset(hsi, 0, sizeof hsi);
    int64_t r = host_sc5(HOST_NR_waitid, (int32_t)a[0], (int32_t)a[1], a[2] ? (uint64_t)hsi : 0, (int32_t)a[3],
                         a[4] ? (uint64_t)ru : 0);
    if (r < 0) return r;
    if (a[2]) {
        int32_t *g = I386_PTR(a[2]);
        memset(g, 0, 128);
        g[0] = hsi[0]; g[1] = hsi[1]; g[2] = hsi[2];         /* signo, errno, code */
        g[3] = hsi[4]; g[4] = hsi[5]; g[5] = hsi[6];         /* pid, uid, status */
        int64_t utime, stime;
        memcpy(&utime, &hsi[8], 8);
        memcpy(&stime, &hsi[10], 8);
        g[6] = (int32_t)utime; g[7] = (int32_t)stime;
    }
    if (a[4]) rusage_to32(ru, a[4]);
    return r;
}
