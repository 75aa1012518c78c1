#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>

static void must(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s errno=%d\n", what, errno);
        _exit(1);
    }
}

int main(void)
{
    const char *name = "xlate_posix.tmp";
    int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    must(fd >= 0, "open");
    char buf[4096];
    for (int i = 0; i < (int)sizeof buf; i++)
        buf[i] = (char)('a' + i % 26);
    ssize_t w = write(fd, buf, sizeof buf);
    printf("wrote %zd\n", w);
    w = write(fd, "END", 3);
    printf("wrote %zd\n", w);
    off_t pos = lseek(fd, 0, SEEK_CUR);
    printf("pos=%ld\n", (long)pos);
    must(close(fd) == 0, "close");

    struct stat st;
    must(stat(name, &st) == 0, "stat");
    printf("size=%ld regular=%d dir=%d mode=%o\n", (long)st.st_size, S_ISREG(st.st_mode) != 0,
           S_ISDIR(st.st_mode) != 0, (unsigned)(st.st_mode & 0777));
    must(stat(".", &st) == 0, "stat .");
    printf("cwd is dir=%d\n", S_ISDIR(st.st_mode) != 0);

    fd = open(name, O_RDWR);
    must(fd >= 0, "open rw");
    struct stat fst;
    must(fstat(fd, &fst) == 0, "fstat");
    printf("fstat size=%ld\n", (long)fst.st_size);
    printf("lseek end=%ld\n", (long)lseek(fd, 0, SEEK_END));
    printf("lseek set=%ld\n", (long)lseek(fd, 100, SEEK_SET));
    char r[32];
    ssize_t n = read(fd, r, 10);
    r[n] = 0;
    printf("read %zd: %s\n", n, r);
    printf("lseek back=%ld\n", (long)lseek(fd, -5, SEEK_CUR));
    n = read(fd, r, 10);
    r[n] = 0;
    printf("read %zd: %s\n", n, r);
    lseek(fd, -3, SEEK_END);
    n = read(fd, r, 32);
    r[n] = 0;
    printf("tail read %zd: %s\n", n, r);
    n = read(fd, r, 32);
    printf("read at eof %zd\n", n);
    lseek(fd, 0, SEEK_SET);
    write(fd, "HEAD", 4);
    lseek(fd, 0, SEEK_SET);
    n = read(fd, r, 8);
    r[n] = 0;
    printf("after overwrite: %s\n", r);
    close(fd);

    int bad = open("xlate_does_not_exist.tmp", O_RDONLY);
    printf("open missing: %d errno==ENOENT %d\n", bad, errno == ENOENT);
    errno = 0;
    n = read(-1, r, 1);
    printf("read bad fd: %zd EBADF %d\n", n, errno == EBADF);

    must(unlink(name) == 0, "unlink");
    printf("stat after unlink: %d\n", stat(name, &st));

    must(mkdir("xlate_dir.tmp", 0755) == 0, "mkdir");
    must(stat("xlate_dir.tmp", &st) == 0 && S_ISDIR(st.st_mode), "stat dir");
    must(rmdir("xlate_dir.tmp") == 0, "rmdir");
    puts("dir ok");

    const char msg[] = "direct write to fd 1\n";
    write(1, msg, sizeof msg - 1);
    return 0;
}
