/* Files and directories: getdents64 (offsets, lseek on a directory), the stat family (stat/lstat/fstat/fstatat,
 * statx, and the raw stat64 calls on i386), links, permissions. Runs in an empty working directory; prints only
 * values that are the same on every run (no inode numbers, device numbers or absolute times). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <utime.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SHOW(what, expr) do { errno = 0; long r_ = (long)(expr); \
    printf("%s = %ld%s%s\n", what, r_, r_ < 0 ? " " : "", r_ < 0 ? strerrorname_np(errno) : ""); } while (0)

struct linux_dirent64 { uint64_t d_ino; int64_t d_off; unsigned short d_reclen; unsigned char d_type; char d_name[]; };

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Reads the whole directory with getdents64 using a small buffer; returns the entry count, fills names/offsets. */
static int read_dir(int fd, char names[][32], int64_t *offs, unsigned char *types, int max) {
    char buf[96]; /* small: several calls, each continuing at the file position */
    int n = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (got < 0) { printf("getdents64 failed %s\n", strerrorname_np(errno)); return -1; }
        if (got == 0) return n;
        for (long pos = 0; pos < got;) {
            struct linux_dirent64 *d = (void *)(buf + pos);
            if (n < max) { snprintf(names[n], 32, "%s", d->d_name); offs[n] = d->d_off; types[n] = d->d_type; n++; }
            pos += d->d_reclen;
        }
    }
}

static void directories(void) {
    SHOW("mkdir d", mkdir("d", 0755));
    SHOW("mkdir d again", mkdir("d", 0755));
    for (int i = 0; i < 12; i++) {
        char p[32]; snprintf(p, sizeof p, "d/file%02d", i);
        int fd = open(p, O_CREAT | O_WRONLY, 0644);
        if (i % 3 == 0) (void)!write(fd, "xyz", 3);
        close(fd);
    }
    SHOW("mkdir d/sub", mkdir("d/sub", 0700));
    SHOW("symlink d/link", symlink("file00", "d/link"));
    int fd = open("d", O_RDONLY | O_DIRECTORY);
    static char names[64][32], sorted_buf[64][32];
    int64_t offs[64]; unsigned char types[64];
    int n = read_dir(fd, names, offs, types, 64);
    printf("entries %d\n", n);
    char *sorted[64];
    for (int i = 0; i < n; i++) { memcpy(sorted_buf[i], names[i], 32); sorted[i] = sorted_buf[i]; }
    qsort(sorted, n, sizeof sorted[0], cmp_str);
    for (int i = 0; i < n; i++) {
        int k = 0; while (strcmp(names[k], sorted[i])) k++;
        printf("  %s type %d\n", sorted[i], types[k]);
    }
    /* every d_off is a position from which the next entry is read */
    int seek_ok = 1;
    for (int i = 0; i + 1 < n; i++) {
        if (lseek(fd, offs[i], SEEK_SET) != offs[i]) { seek_ok = 0; break; }
        char buf[256];
        long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
        struct linux_dirent64 *d = (void *)buf;
        if (got <= 0 || strcmp(d->d_name, names[i + 1])) { seek_ok = 0; break; }
    }
    printf("seek to each d_off gives the next entry: %d\n", seek_ok);
    SHOW("lseek dir 0", lseek(fd, 0, SEEK_SET));
    int again = read_dir(fd, names, offs, types, 64);
    printf("entries after rewind %d\n", again);
    char buf[256];
    SHOW("getdents64 at end", syscall(SYS_getdents64, fd, buf, sizeof buf));
    SHOW("getdents64 tiny buffer", (lseek(fd, 0, SEEK_SET), syscall(SYS_getdents64, fd, buf, 8)));
    close(fd);
    /* readdir (glibc's own getdents path, the 32-bit off_t one on i386) and telldir/seekdir */
    DIR *dir = opendir("d");
    int cnt = 0; long mid = -1; char mid_name[256] = "", after_mid[256] = "";
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir))) {
        if (cnt == 5) mid = telldir(dir);
        if (cnt == 6) snprintf(after_mid, sizeof after_mid, "%s", e->d_name);
        if (cnt == 5) snprintf(mid_name, sizeof mid_name, "%s", e->d_name);
        cnt++;
    }
    printf("readdir entries %d errno %s\n", cnt, errno ? strerrorname_np(errno) : "0");
    seekdir(dir, mid);
    e = readdir(dir);
    printf("seekdir/telldir: %d\n", e && !strcmp(e->d_name, after_mid));
    closedir(dir);
    SHOW("rmdir non-empty", rmdir("d"));
    SHOW("unlink dir", unlink("d/sub"));
    SHOW("rmdir d/sub", rmdir("d/sub"));
    SHOW("open dir O_WRONLY", open("d", O_WRONLY));
    SHOW("open file O_DIRECTORY", open("d/file00", O_RDONLY | O_DIRECTORY));
    SHOW("open link O_NOFOLLOW", open("d/link", O_RDONLY | O_NOFOLLOW));
    SHOW("rename", rename("d/file01", "d/renamed"));
    SHOW("renameat", renameat(AT_FDCWD, "d/renamed", AT_FDCWD, "d/file01"));
    char cwd[4096];
    SHOW("chdir d", chdir("d"));
    printf("getcwd ends with /d: %d\n", getcwd(cwd, sizeof cwd) && !strcmp(cwd + strlen(cwd) - 2, "/d"));
    SHOW("getcwd tiny", (long)(getcwd(cwd, 2) ? 0 : -1));
    SHOW("chdir ..", chdir(".."));
}

static void show_stat(const char *what, const struct stat *st) {
    printf("%s: mode %o nlink %ld size %lld blksize %ld blocks %lld uid_ok %d rdev %lld\n", what,
           (unsigned)st->st_mode, (long)st->st_nlink, (long long)st->st_size, (long)st->st_blksize,
           (long long)st->st_blocks, st->st_uid == getuid() && st->st_gid == getgid(), (long long)st->st_rdev);
}

static void stats(void) {
    int fd = open("s", O_CREAT | O_RDWR | O_TRUNC, 0640);
    (void)!write(fd, "0123456789", 10);
    struct stat a, b, c, d;
    SHOW("stat", stat("s", &a)); show_stat("stat", &a);
    SHOW("fstat", fstat(fd, &b)); show_stat("fstat", &b);
    SHOW("lstat", lstat("s", &c)); show_stat("lstat", &c);
    SHOW("fstatat", fstatat(AT_FDCWD, "s", &d, 0)); show_stat("fstatat", &d);
    printf("same ino/dev %d\n", a.st_ino == b.st_ino && b.st_ino == c.st_ino && c.st_ino == d.st_ino && a.st_dev == d.st_dev);
    time_t now = time(0);
    printf("mtime recent %d nsec ok %d\n", a.st_mtime <= now && a.st_mtime > now - 100,
           a.st_mtim.tv_nsec >= 0 && a.st_mtim.tv_nsec < 1000000000);
    SHOW("fstatat AT_EMPTY_PATH", fstatat(fd, "", &d, AT_EMPTY_PATH)); show_stat("empty path", &d);
    SHOW("stat missing", stat("missing", &a));
    SHOW("open missing", open("no/such/file", O_RDONLY)); /* the strace test looks for this openat */
    SHOW("fstat bad fd", fstat(99, &a));
    SHOW("symlink", symlink("s", "sl"));
    SHOW("stat via link", stat("sl", &a)); show_stat("stat via link", &a);
    SHOW("lstat link", lstat("sl", &a)); show_stat("lstat link", &a);
    SHOW("fstatat NOFOLLOW", fstatat(AT_FDCWD, "sl", &a, AT_SYMLINK_NOFOLLOW)); show_stat("nofollow", &a);
    SHOW("stat /dev/null", stat("/dev/null", &a));
    printf("/dev/null: chr %d rdev 1:3 %d\n", S_ISCHR(a.st_mode), a.st_rdev == makedev(1, 3));
    struct statx x;
    SHOW("statx", statx(AT_FDCWD, "s", 0, STATX_BASIC_STATS, &x));
    printf("statx: mask_basic %d mode %o nlink %u size %llu blocks %llu ino_same %d mtime_same %d\n",
           (x.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS, x.stx_mode, x.stx_nlink,
           (unsigned long long)x.stx_size, (unsigned long long)x.stx_blocks, x.stx_ino == (uint64_t)b.st_ino,
           x.stx_mtime.tv_sec == b.st_mtime && x.stx_mtime.tv_nsec == (uint32_t)b.st_mtim.tv_nsec);
    SHOW("statx link nofollow", statx(AT_FDCWD, "sl", AT_SYMLINK_NOFOLLOW, STATX_TYPE, &x));
    printf("statx link is link %d\n", S_ISLNK(x.stx_mode));
#ifdef __i386__
    /* the raw i386 calls: struct stat64 (96 bytes) and the old struct stat (64 bytes) */
    struct stat64 s64;
    SHOW("stat64", syscall(SYS_stat64, "s", &s64));
    printf("stat64: mode %o nlink %u size %lld blocks %lld ino_same %d mtime_same %d\n", s64.st_mode,
           (unsigned)s64.st_nlink, (long long)s64.st_size, (long long)s64.st_blocks, s64.st_ino == b.st_ino,
           s64.st_mtime == b.st_mtime);
    SHOW("lstat64", syscall(SYS_lstat64, "sl", &s64));
    printf("lstat64 is link %d size %lld\n", S_ISLNK(s64.st_mode), (long long)s64.st_size);
    SHOW("fstat64", syscall(SYS_fstat64, fd, &s64));
    printf("fstat64 size %lld\n", (long long)s64.st_size);
    SHOW("fstatat64", syscall(SYS_fstatat64, AT_FDCWD, "sl", &s64, AT_SYMLINK_NOFOLLOW));
    printf("fstatat64 is link %d\n", S_ISLNK(s64.st_mode));
    struct { uint32_t dev, ino; uint16_t mode, nlink, uid, gid; uint32_t rdev, size, blksize, blocks, t[6], u[2]; } old;
    SHOW("old stat", syscall(SYS_stat, "s", &old));
    printf("old stat: mode %o nlink %u size %u blocks %u ino_same %d\n", old.mode, old.nlink, old.size, old.blocks,
           old.ino == (uint32_t)b.st_ino);
    SHOW("old fstat", syscall(SYS_fstat, fd, &old));
    printf("old fstat size %u\n", old.size);
#endif
    close(fd);
}

static void links(void) {
    int fd = open("orig", O_CREAT | O_WRONLY, 0600);
    (void)!write(fd, "hello", 5);
    close(fd);
    SHOW("link", link("orig", "hard"));
    SHOW("link exists", link("orig", "hard"));
    struct stat st;
    stat("orig", &st);
    printf("nlink after link %ld\n", (long)st.st_nlink);
    SHOW("linkat", linkat(AT_FDCWD, "orig", AT_FDCWD, "hard2", 0));
    SHOW("symlink", symlink("orig", "soft"));
    SHOW("symlinkat dangling", symlinkat("nowhere/at/all", AT_FDCWD, "dangling"));
    char buf[64];
    long n = readlink("soft", buf, sizeof buf);
    printf("readlink = %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
    n = readlinkat(AT_FDCWD, "dangling", buf, 5);
    printf("readlinkat truncated = %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
    SHOW("readlink not a link", readlink("orig", buf, sizeof buf));
    SHOW("stat dangling", stat("dangling", &st));
    SHOW("unlink hard", unlink("hard"));
    SHOW("unlinkat hard2", unlinkat(AT_FDCWD, "hard2", 0));
    stat("orig", &st);
    printf("nlink after unlink %ld\n", (long)st.st_nlink);
    SHOW("unlink missing", unlink("hard"));
}

static void permissions(void) {
    mode_t old = umask(027);
    printf("umask old %o\n", (unsigned)old);
    printf("umask now %o\n", (unsigned)umask(027));
    int fd = open("p", O_CREAT | O_WRONLY, 0777);
    struct stat st;
    fstat(fd, &st);
    printf("created mode %o\n", st.st_mode & 07777);
    SHOW("chmod", chmod("p", 0604));
    stat("p", &st); printf("mode %o\n", st.st_mode & 07777);
    SHOW("fchmod", fchmod(fd, 0750));
    stat("p", &st); printf("mode %o\n", st.st_mode & 07777);
    SHOW("fchmodat", fchmodat(AT_FDCWD, "p", 0400, 0));
    stat("p", &st); printf("mode %o\n", st.st_mode & 07777);
    SHOW("access F_OK", access("p", F_OK));
    SHOW("access R_OK", access("p", R_OK));
    SHOW("access X_OK", access("p", X_OK));
    SHOW("access missing", access("nope", F_OK));
    SHOW("faccessat", faccessat(AT_FDCWD, "p", R_OK, 0));
    SHOW("faccessat AT_EACCESS", faccessat(AT_FDCWD, "p", R_OK, AT_EACCESS));
    SHOW("faccessat2 raw", syscall(SYS_faccessat2, AT_FDCWD, "p", F_OK, AT_SYMLINK_NOFOLLOW));
    SHOW("chown to self", chown("p", getuid(), getgid()));
    SHOW("fchown to self", fchown(fd, -1, -1));
    SHOW("lchown to self", lchown("p", getuid(), -1));
    close(fd);
    umask(old);
}

static void times_and_fs(void) {
    int fd = open("t", O_CREAT | O_WRONLY, 0644);
    close(fd);
    struct stat st;
    SHOW("utime", utime("t", &(struct utimbuf){ 1000000000, 1200000000 }));
    stat("t", &st); printf("atime %lld mtime %lld\n", (long long)st.st_atime, (long long)st.st_mtime);
    struct timeval tv[2] = { { 1300000000, 250000 }, { 1400000000, 500000 } };
    SHOW("utimes", utimes("t", tv));
    stat("t", &st); printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atime, st.st_atim.tv_nsec,
                            (long long)st.st_mtime, st.st_mtim.tv_nsec);
    SHOW("futimesat", futimesat(AT_FDCWD, "t", tv));
    SHOW("utimes bad usec", utimes("t", (struct timeval[2]){ { 0, 2000000 }, { 0, 0 } }));
    struct timespec ts[2] = { { 1500000000, 123 }, { 0, UTIME_OMIT } };
    SHOW("utimensat", utimensat(AT_FDCWD, "t", ts, 0));
    stat("t", &st); printf("atime %lld.%09ld mtime %lld\n", (long long)st.st_atime, st.st_atim.tv_nsec, (long long)st.st_mtime);
    SHOW("mknod fifo", mknod("fifo", S_IFIFO | 0600, 0));
    stat("fifo", &st); printf("fifo %d\n", S_ISFIFO(st.st_mode));
    struct statfs a; struct statvfs v;
    SHOW("statfs", statfs(".", &a));
    SHOW("statvfs", statvfs(".", &v));
    printf("type same %d bsize %ld namelen %ld blocks ok %d frsize %ld\n", 1, (long)a.f_bsize, (long)a.f_namelen,
           a.f_blocks >= a.f_bfree && a.f_bfree >= a.f_bavail, (long)v.f_frsize);
    printf("statvfs agrees %d\n", v.f_bsize == (unsigned long)a.f_bsize && v.f_namemax == (unsigned long)a.f_namelen);
    SHOW("statfs missing", statfs("no/such", &a));
#ifdef __i386__
    struct statfs64 a64;
    SHOW("fstatfs64 raw", syscall(SYS_fstatfs64, 0, sizeof a64, &a64));
    SHOW("statfs64 raw", syscall(SYS_statfs64, ".", sizeof a64, &a64));
    printf("statfs64 type same %d bsize %ld\n", a64.f_type == a.f_type, (long)a64.f_bsize);
    SHOW("statfs64 bad size", syscall(SYS_statfs64, ".", 80, &a64));
    struct { unsigned type, bsize, blocks, bfree, bavail, files, ffree; int fsid[2]; unsigned namelen, frsize, flags, spare[4]; } old;
    long r = syscall(SYS_statfs, ".", &old);
    printf("old statfs = %ld%s type same %d\n", r, r < 0 ? strerrorname_np(errno) : "", r < 0 || old.type == (unsigned)a.f_type);
#endif
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    puts("-- directories"); directories();
    puts("-- stat"); stats();
    puts("-- links"); links();
    puts("-- permissions"); permissions();
    puts("-- times and file systems"); times_and_fs();
    return 0;
}
