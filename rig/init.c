/* /init of the path-A rig's initramfs (static AArch64). Runs every case of /cases.txt, one per line:
 *     NAME [VAR=VALUE ...] -- PROGRAM [ARG ...]
 * in /tmp, with stdin from /dev/null and stdout/stderr captured, then prints on the console
 *     @@RIG BEGIN NAME / @@RIG STDOUT / ... / @@RIG STDERR / ... / @@RIG END NAME status=N
 * (N = exit status, or 128+signal) and powers the machine off. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORDS 64

static void print_file(const char *path) {
    char buf[4096];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return;
    ssize_t n;
    char last = '\n';
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        fwrite(buf, 1, (size_t)n, stdout);
        last = buf[n - 1];
    }
    close(fd);
    if (last != '\n') fputs("\n@@RIG NOEOL\n", stdout);
}

static void run_case(char *line) {
    char *words[MAX_WORDS + 1];
    int n = 0;
    for (char *t = strtok(line, " \t\n"); t && n < MAX_WORDS; t = strtok(NULL, " \t\n")) words[n++] = t;
    words[n] = NULL;
    if (n == 0 || words[0][0] == '#') return;
    int sep = 1;
    while (sep < n && strcmp(words[sep], "--") != 0) sep++;
    if (sep + 1 >= n) { printf("@@RIG BAD-CASE %s\n", words[0]); return; }
    const char *name = words[0];
    printf("@@RIG BEGIN %s\n", name);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = open("/tmp/.stdout", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open("/tmp/.stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0); dup2(out, 1); dup2(err, 2);
        if (in > 2) close(in);
        if (out > 2) close(out);
        if (err > 2) close(err);
        if (chdir("/tmp") != 0) _exit(126);
        for (int i = 1; i < sep; i++) putenv(words[i]);
        execv(words[sep + 1], &words[sep + 1]);
        dprintf(2, "init: cannot run %s: %s\n", words[sep + 1], strerror(errno));
        _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    puts("@@RIG STDOUT");
    print_file("/tmp/.stdout");
    puts("@@RIG STDERR");
    print_file("/tmp/.stderr");
    printf("@@RIG END %s status=%d\n", name, status);
    fflush(stdout);
}

int main(void) {
    mount("proc", "/proc", "proc", 0, NULL);
    mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777");
    if (access("/dev/null", F_OK) != 0) mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3));
    setenv("PATH", "/tests:/bin", 1);
    FILE *f = fopen("/cases.txt", "r");
    if (!f) { puts("@@RIG ERROR no /cases.txt"); }
    else {
        char line[4096];
        puts("@@RIG START");
        while (fgets(line, sizeof line, f)) run_case(line);
        fclose(f);
    }
    puts("@@RIG DONE");
    fflush(stdout);
    sync();
    reboot(LINUX_REBOOT_CMD_POWER_OFF);
    return 0;
}
