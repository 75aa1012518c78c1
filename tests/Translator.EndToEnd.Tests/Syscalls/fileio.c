/* File I/O: pread/pwrite/readv/writev, truncate/ftruncate, sendfile, lseek, dup/dup2/dup3, fcntl (F_GETFL flag
 * bits such as O_DIRECTORY/O_NOFOLLOW/O_LARGEFILE/O_APPEND/O_NONBLOCK, F_GETFD/F_SETFD, F_DUPFD_CLOEXEC, locks). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define SHOW(what, expr) do { errno = 0; long long r_ = (long long)(expr); \
    printf("%s = %lld%s%s\n", what, r_, r_ < 0 ? " " : "", r_ < 0 ? strerrorname_np(errno) : ""); } while (0)

static void rw(void) {
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    SHOW("write", write(fd, "abcdefghijklmnopqrstuvwxyz", 26));
    char buf[64] = {0};
    SHOW("pread 5@10", pread(fd, buf, 5, 10)); printf("  '%s'\n", buf);
    SHOW("pwrite 3@2", pwrite(fd, "XYZ", 3, 2));
    SHOW("lseek cur", lseek(fd, 0, SEEK_CUR));
    SHOW("pread past end", pread(fd, buf, 5, 100));
    SHOW("pread negative", pread(fd, buf, 5, -1));
    SHOW("pwrite far", pwrite(fd, "!", 1, 5000000000LL > 0x7fffffff && sizeof(off_t) == 8 ? 100 : 100));
    struct iovec wv[3] = { { "one ", 4 }, { "", 0 }, { "two three\n", 10 } };
    SHOW("lseek end", lseek(fd, 0, SEEK_END));
    SHOW("writev", writev(fd, wv, 3));
    char a[5] = {0}, b[7] = {0}, c[40] = {0};
    struct iovec rv[3] = { { a, 4 }, { b, 6 }, { c, 39 } };
    SHOW("lseek set", lseek(fd, 0, SEEK_SET));
    SHOW("readv", readv(fd, rv, 3)); printf("  '%s' '%s' '%.20s'\n", a, b, c);
    SHOW("preadv", preadv(fd, rv, 2, 4)); printf("  '%s' '%s'\n", a, b);
    SHOW("pwritev", pwritev(fd, wv, 1, 0));
    SHOW("readv bad iovcnt", readv(fd, rv, -1));
    SHOW("pread64 raw", syscall(SYS_pread64, fd, buf, 4, 0LL)); printf("  '%.4s'\n", buf);
    SHOW("lseek64 beyond 4G", lseek64(fd, 0x100000010LL, SEEK_SET));
    SHOW("lseek beyond 2G (off_t)", lseek(fd, 0x7fffffff, SEEK_SET));
    SHOW("lseek bad whence", lseek(fd, 0, 9));
    SHOW("lseek negative", lseek(fd, -5, SEEK_SET));
    SHOW("ftruncate 7", ftruncate(fd, 7));
    struct stat st; fstat(fd, &st); printf("size %lld\n", (long long)st.st_size);
    SHOW("truncate 3", truncate("f", 3));
    stat("f", &st); printf("size %lld\n", (long long)st.st_size);
    SHOW("ftruncate64 5G", ftruncate64(fd, 5LL << 30));
    fstat(fd, &st); printf("size %lld blocks %lld\n", (long long)st.st_size, (long long)st.st_blocks);
    SHOW("truncate64 1", truncate64("f", 1));
    SHOW("truncate missing", truncate("nope", 1));
    SHOW("ftruncate negative", ftruncate(fd, -1));
    close(fd);
}

static void copies(void) {
    int in = open("src", O_CREAT | O_RDWR | O_TRUNC, 0644);
    for (int i = 0; i < 100; i++) dprintf(in, "line %03d\n", i);
    int out = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
    off_t off = 9;
    SHOW("sendfile with offset", sendfile(out, in, &off, 18));
    printf("offset now %lld, in pos %lld\n", (long long)off, (long long)lseek(in, 0, SEEK_CUR));
    lseek(in, 900 - 9, SEEK_SET);
    SHOW("sendfile from pos", sendfile(out, in, 0, 100));
    char buf[64] = {0};
    SHOW("pread dst", pread(out, buf, 40, 0)); printf("  %s", buf);
    SHOW("sendfile bad fd", sendfile(out, 77, 0, 10));
    loff_t o1 = 0, o2 = 0;
    SHOW("copy_file_range", copy_file_range(in, &o1, out, &o2, 9, 0));
    printf("offsets %lld %lld\n", (long long)o1, (long long)o2);
    close(in); close(out);
}

static void print_fl(const char *what, int fd) {
    int fl = fcntl(fd, F_GETFL);
    printf("%s F_GETFL 0%o (accmode %d append %d nonblock %d directory %d nofollow %d largefile %d path %d)\n", what,
           fl, fl & O_ACCMODE, !!(fl & O_APPEND), !!(fl & O_NONBLOCK), !!(fl & O_DIRECTORY), !!(fl & O_NOFOLLOW),
           !!(fl & 0100000 /* x86 O_LARGEFILE */), !!(fl & O_PATH));
}

static void descriptors(void) {
    int fd = open("g", O_CREAT | O_RDWR | O_APPEND, 0644);
    print_fl("rdwr|append", fd);
    int d = dup(fd);
    printf("dup gives next fd %d\n", d == fd + 1);
    SHOW("dup2 to 20", dup2(fd, 20));
    SHOW("dup2 same", dup2(20, 20));
    SHOW("dup2 bad", dup2(99, 21));
    SHOW("dup3 cloexec to 21", dup3(fd, 21, O_CLOEXEC));
    SHOW("F_GETFD 21", fcntl(21, F_GETFD));
    SHOW("F_GETFD 20", fcntl(20, F_GETFD));
    SHOW("dup3 same", dup3(21, 21, 0));
    SHOW("dup3 bad flags", dup3(fd, 22, 1));
    SHOW("F_SETFD", fcntl(20, F_SETFD, FD_CLOEXEC));
    SHOW("F_GETFD 20 again", fcntl(20, F_GETFD));
    SHOW("F_DUPFD 30", fcntl(fd, F_DUPFD, 30));
    SHOW("F_DUPFD_CLOEXEC 40", fcntl(fd, F_DUPFD_CLOEXEC, 40));
    SHOW("F_GETFD 40", fcntl(40, F_GETFD));
    SHOW("F_SETFL nonblock", fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND));
    print_fl("after setfl", fd);
    SHOW("F_SETFL clear", fcntl(fd, F_SETFL, 0));
    print_fl("cleared", fd);
    int dir = open(".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    print_fl("directory|nofollow", dir);
    int lf = open("g", O_RDONLY | O_LARGEFILE);
    print_fl("largefile", lf);
    int raw = syscall(SYS_openat, AT_FDCWD, "g", O_WRONLY | 0100000);
    print_fl("raw largefile", raw);
    int p = open(".", O_PATH);
    print_fl("path", p);
    int ro = open("g", O_RDONLY | O_NOATIME);
    print_fl("noatime", ro);
    struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 20 };
    SHOW("F_SETLK", fcntl(fd, F_SETLK, &lk));
    struct flock q = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
    SHOW("F_GETLK", fcntl(fd, F_GETLK, &q));
    printf("  type unlock %d\n", q.l_type == F_UNLCK);
    struct flock64 lk64 = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1LL << 33, .l_len = 5 };
    SHOW("F_SETLK64", fcntl(fd, F_SETLK64, &lk64));
    struct flock ofd = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0 };
    SHOW("F_OFD_GETLK", fcntl(d, F_OFD_GETLK, &ofd));
    printf("  ofd type %d start %lld len %lld\n", ofd.l_type, (long long)ofd.l_start, (long long)ofd.l_len);
    SHOW("F_GETFL bad fd", fcntl(99, F_GETFL));
    SHOW("F_GETPIPE_SZ file", fcntl(fd, F_GETPIPE_SZ));
    SHOW("close", close(d));
    SHOW("close twice", close(d));
    SHOW("close_range", syscall(SYS_close_range, 20, 50, 0));
    SHOW("F_GETFD 30 after close_range", fcntl(30, F_GETFD));
    SHOW("flock", flock(fd, LOCK_EX));
    SHOW("fsync", fsync(fd));
    SHOW("fdatasync", fdatasync(fd));
    SHOW("creat", creat("h", 0600));
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    puts("-- read/write"); rw();
    puts("-- copies"); copies();
    puts("-- descriptors"); descriptors();
    return 0;
}
