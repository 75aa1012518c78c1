/* Syscall suite for the path-A rig: the same output natively (i386 on x86-64), translated under qemu-aarch64
 * (path B) and translated on the rig kernel (path A). Values that differ between runs (pids, times, inode
 * numbers) are printed as checks, not as values. Exit status: number of failed checks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int failures;
#define CHECK(name, cond) do { int ok_ = (cond); printf("%-28s %s\n", name, ok_ ? "ok" : "FAIL"); \
                               if (!ok_) { failures++; printf("  errno=%d\n", errno); } } while (0)

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pid_t pid = getpid();
    CHECK("getpid", pid > 1 && pid == (pid_t)syscall(SYS_getpid) && getppid() != pid);

    const char *path = "xlate-rig-file.txt";
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0640);
    CHECK("open", fd >= 3);
    CHECK("write", write(fd, "hello, rig\n", 11) == 11);
    struct iovec iov[2] = { { "abc", 3 }, { "defg\n", 5 } };
    CHECK("writev", writev(fd, iov, 2) == 8);
    CHECK("lseek", lseek(fd, 0, SEEK_SET) == 0);
    char buf[64] = { 0 };
    CHECK("read", read(fd, buf, sizeof buf) == 19 && memcmp(buf, "hello, rig\nabcdefg\n", 19) == 0);
    CHECK("pread64", pread(fd, buf, 3, 7) == 3 && memcmp(buf, "rig", 3) == 0);
    CHECK("pwrite64", pwrite(fd, "RIG", 3, 7) == 3 && pread(fd, buf, 4, 6) == 4 && memcmp(buf, " RIG", 4) == 0);
    off64_t big = lseek64(fd, 5000000000LL, SEEK_SET);
    CHECK("llseek-beyond-4g", big == 5000000000LL);

    struct stat64 st;
    CHECK("fstat64", fstat64(fd, &st) == 0 && st.st_size == 19 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0640
                         && st.st_nlink == 1 && st.st_blksize > 0);
    CHECK("ftruncate64", ftruncate64(fd, 4096) == 0 && fstat64(fd, &st) == 0 && st.st_size == 4096);
    CHECK("truncate64", truncate64(path, 12) == 0);
    struct stat64 st2;
    CHECK("stat64", stat64(path, &st2) == 0 && st2.st_size == 12 && st2.st_ino == st.st_ino && st2.st_dev == st.st_dev);
    struct stat64 raw;   /* glibc itself uses statx: the stat64 syscalls directly (kernel struct stat64 layout) */
    CHECK("sys-fstat64", syscall(SYS_fstat64, fd, &raw) == 0 && raw.st_size == 12 && raw.st_ino == st.st_ino
                             && raw.st_mode == st.st_mode && raw.st_blocks == st2.st_blocks
                             && raw.st_mtim.tv_sec == st2.st_mtim.tv_sec && raw.st_blksize == st2.st_blksize);
    CHECK("sys-stat64", syscall(SYS_stat64, path, &raw) == 0 && raw.st_size == 12 && raw.st_nlink == 1
                            && raw.st_uid == getuid() && raw.st_dev == st.st_dev);
    CHECK("sys-lstat64", syscall(SYS_lstat64, path, &raw) == 0 && raw.st_size == 12 && S_ISREG(raw.st_mode));
    CHECK("sys-fstatat64", syscall(SYS_fstatat64, AT_FDCWD, path, &raw, 0) == 0 && raw.st_size == 12
                               && raw.st_ino == st.st_ino);
    CHECK("lstat64-missing", lstat64("no-such-file", &st2) == -1 && errno == ENOENT);
    struct stat old;
    CHECK("stat", stat(path, &old) == 0 && old.st_size == 12);

    struct flock64 lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 5 };
    CHECK("fcntl64-setlk64", fcntl(fd, F_SETLK64, &lk) == 0);
    struct flock64 q = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
    CHECK("fcntl64-getlk64", fcntl(fd, F_GETLK64, &q) == 0 && q.l_type == F_UNLCK);
    int fl = fcntl(fd, F_GETFL);
    CHECK("fcntl-getfl", (fl & O_ACCMODE) == O_RDWR);
    printf("getfl-largefile %d\n", (fl & O_LARGEFILE) != 0);
    CHECK("close", close(fd) == 0);

    CHECK("mkdir", mkdir("xlate-rig-dir", 0755) == 0);
    int dfd = open("xlate-rig-dir", O_RDONLY | O_DIRECTORY);
    CHECK("open-directory", dfd >= 0);
    CHECK("open-notdir", open(path, O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR);
    close(dfd);
    CHECK("rmdir", rmdir("xlate-rig-dir") == 0);
    CHECK("unlink", unlink(path) == 0 && access(path, F_OK) == -1 && errno == ENOENT);

    void *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", m != MAP_FAILED);
    CHECK("mmap-below-4g", (uint64_t)(uintptr_t)m < (1ull << 32));
    memset(m, 0x5a, 1 << 20);
    CHECK("munmap", munmap(m, 1 << 20) == 0);

    struct timeval tv;
    struct timespec ts, mono1, mono2;
    CHECK("gettimeofday", gettimeofday(&tv, NULL) == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    CHECK("clock_gettime-realtime", clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000
                                        && (ts.tv_sec - tv.tv_sec) >= 0 && (ts.tv_sec - tv.tv_sec) <= 2);
    struct timespec ts32;
    CHECK("clock_gettime32", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts32) == 0 && ts32.tv_nsec < 1000000000);
    clock_gettime(CLOCK_MONOTONIC, &mono1);
    struct timespec nap = { 0, 20 * 1000 * 1000 };
    CHECK("nanosleep", nanosleep(&nap, NULL) == 0);
    clock_gettime(CLOCK_MONOTONIC, &mono2);
    long long ns = (mono2.tv_sec - mono1.tv_sec) * 1000000000LL + (mono2.tv_nsec - mono1.tv_nsec);
    CHECK("monotonic-advanced", ns >= 20 * 1000 * 1000);

    int p[2];
    CHECK("pipe", pipe(p) == 0);
    CHECK("pipe-write", write(p[1], "through the pipe", 16) == 16);
    memset(buf, 0, sizeof buf);
    CHECK("pipe-read", read(p[0], buf, sizeof buf) == 16 && strcmp(buf, "through the pipe") == 0);

    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL };
    CHECK("epoll_ctl", ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
    CHECK("pipe-write2", write(p[1], "x", 1) == 1);
    struct epoll_event out[4];
    memset(out, 0, sizeof out);
    int n = epoll_wait(ep, out, 4, 1000);
    CHECK("epoll_wait", n == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 0x1122334455667788ULL);
    close(ep); close(p[0]); close(p[1]);

    /* the direct socket syscalls (glibc itself uses socketcall): compat msghdr, cmsg, SCM_RIGHTS, old timeval */
    int sv[2];
    CHECK("sys-socketpair", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    int passed = open("/dev/null", O_RDONLY);
    union { char space[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct iovec one = { "fd", 2 };
    struct msghdr mh = { .msg_iov = &one, .msg_iovlen = 1, .msg_control = ctl.space, .msg_controllen = sizeof ctl.space };
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET; cm->cmsg_type = SCM_RIGHTS; cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &passed, sizeof(int));
    CHECK("sys-sendmsg-rights", syscall(SYS_sendmsg, sv[0], &mh, 0) == 2);
    memset(&ctl, 0, sizeof ctl);
    memset(buf, 0, sizeof buf);
    struct iovec in = { buf, sizeof buf };
    struct msghdr rh = { .msg_iov = &in, .msg_iovlen = 1, .msg_control = ctl.space, .msg_controllen = sizeof ctl.space };
    int got = -1;
    CHECK("sys-recvmsg-rights", syscall(SYS_recvmsg, sv[1], &rh, 0) == 2 && (cm = CMSG_FIRSTHDR(&rh)) != NULL
                                    && cm->cmsg_type == SCM_RIGHTS && cm->cmsg_len == CMSG_LEN(sizeof(int))
                                    && rh.msg_controllen == CMSG_SPACE(sizeof(int))
                                    && (memcpy(&got, CMSG_DATA(cm), sizeof got), got > passed));
    struct stat64 a64, b64;
    CHECK("passed-fd-same-file", fstat64(got, &a64) == 0 && fstat64(passed, &b64) == 0 && a64.st_rdev == b64.st_rdev);
    struct timeval rto = { 3, 500000 }, rto2 = { 0, 0 };
    socklen_t rlen = sizeof rto2;
    CHECK("sys-so-rcvtimeo", syscall(SYS_setsockopt, sv[0], SOL_SOCKET, SO_RCVTIMEO, &rto, sizeof rto) == 0
                                 && syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_RCVTIMEO, &rto2, &rlen) == 0
                                 && rlen == sizeof rto2 && rto2.tv_sec == 3 && rto2.tv_usec == 500000);
    close(sv[0]); close(sv[1]); close(passed); close(got);

    struct utsname u;
    CHECK("uname", uname(&u) == 0);
    printf("sysname %s\n", u.sysname);

    printf("failures %d\n", failures);
    return failures;
}
