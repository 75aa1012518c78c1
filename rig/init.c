/* /init of the path-A rig's initramfs (static AArch64). Prepares the machine (proc, tmpfs /tmp, loopback up, the
 * wall clock from `rig_time=SECONDS` on the kernel command line), then runs every case of /cases.txt, one per line:
 *     NAME [VAR=VALUE ...] -- PROGRAM [ARG ...]
 * each in a new session, in its own empty working directory /tmp/cases/NAME, with stdin from /dev/null and
 * stdout/stderr captured, and prints on the console
 *     @@RIG BEGIN NAME / @@RIG STDOUT / ... / @@RIG STDERR / ... / @@RIG END NAME status=N
 * (N = exit status, or 128+signal) and powers the machine off. Two variables are for init, not the program:
 *     RIG_CAPS=HEX      the case keeps only these capabilities (a mask as in /proc/self/status CapEff), so that it
 *                       has the rights of the native run it is compared with
 *     RIG_NICE=N        the case runs at this nice value (that of the native run, which getpriority shows)
 *     RIG_TIMEOUT=SEC   the case's process group is killed after SEC seconds (default 120; prints @@RIG TIMEOUT) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/reboot.h>
#include <net/if.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
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

/* Keeps only the capabilities in `keep` (bounding, permitted, effective and inheritable sets). */
static void limit_capabilities(unsigned long long keep) {
    for (int cap = 0; cap < 64; cap++)
        if (!(keep >> cap & 1)) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);   /* EINVAL past the last cap: fine */
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &hdr, data) != 0) return;
    for (int i = 0; i < 2; i++) {
        unsigned int part = (unsigned int)(keep >> (32 * i));
        data[i].effective &= part; data[i].permitted &= part; data[i].inheritable &= part;
    }
    if (syscall(SYS_capset, &hdr, data) != 0) dprintf(2, "init: capset: %s\n", strerror(errno));
}

static void make_workdir(const char *name, char *dir, size_t size) {
    mkdir("/tmp/cases", 0755);
    snprintf(dir, size, "/tmp/cases/%s", name);
    mkdir(dir, 0755);
}

static volatile sig_atomic_t timed_out;
static void on_alarm(int sig) { (void)sig; timed_out = 1; }

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
    unsigned timeout = 120;
    for (int i = 1; i < sep; i++)
        if (!strncmp(words[i], "RIG_TIMEOUT=", 12)) timeout = (unsigned)strtoul(words[i] + 12, NULL, 10);
    char dir[256];
    make_workdir(name, dir, sizeof dir);
    printf("@@RIG BEGIN %s\n", name);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        setsid();   /* like a program started from a shell: its own session and process group */
        int in = open("/dev/null", O_RDONLY);
        int out = open("/tmp/.stdout", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open("/tmp/.stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0); dup2(out, 1); dup2(err, 2);
        if (in > 2) close(in);
        if (out > 2) close(out);
        if (err > 2) close(err);
        if (chdir(dir) != 0) _exit(126);
        for (int i = 1; i < sep; i++) {
            if (!strncmp(words[i], "RIG_CAPS=", 9)) limit_capabilities(strtoull(words[i] + 9, NULL, 16));
            else if (!strncmp(words[i], "RIG_NICE=", 9)) {
                if (setpriority(PRIO_PROCESS, 0, atoi(words[i] + 9)) != 0) dprintf(2, "init: setpriority: %s\n", strerror(errno));
            }
            else if (strncmp(words[i], "RIG_TIMEOUT=", 12) != 0) putenv(words[i]);
        }
        execv(words[sep + 1], &words[sep + 1]);
        dprintf(2, "init: cannot run %s: %s\n", words[sep + 1], strerror(errno));
        _exit(127);
    }
    timed_out = 0;
    alarm(timeout);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
        if (timed_out) { kill(-pid, SIGKILL); timed_out = 0; printf("@@RIG TIMEOUT %s after %u s\n", name, timeout); }
    }
    alarm(0);
    kill(-pid, SIGKILL);   /* whatever the case left running in its process group */
    int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    puts("@@RIG STDOUT");
    print_file("/tmp/.stdout");
    puts("@@RIG STDERR");
    print_file("/tmp/.stderr");
    printf("@@RIG END %s status=%d\n", name, status);
    fflush(stdout);
}

static void loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0) { printf("@@RIG WARNING no loopback: %s\n", strerror(errno)); return; }
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0) printf("@@RIG WARNING loopback not up: %s\n", strerror(errno));
    close(s);
}

/* The virt machine has no RTC driver in this kernel: the clock would start at 1970. run.sh passes the host's. */
static void set_clock_from_cmdline(void) {
    char cmdline[1024] = "";
    int fd = open("/proc/cmdline", O_RDONLY);
    if (fd >= 0) { ssize_t n = read(fd, cmdline, sizeof cmdline - 1); if (n > 0) cmdline[n] = 0; close(fd); }
    const char *t = strstr(cmdline, "rig_time=");
    if (!t) return;
    struct timespec now = { (time_t)strtoll(t + 9, NULL, 10), 0 };
    if (clock_settime(CLOCK_REALTIME, &now) != 0) printf("@@RIG WARNING clock_settime: %s\n", strerror(errno));
}

int main(void) {
    mount("proc", "/proc", "proc", 0, NULL);
    mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777");
    if (access("/dev/null", F_OK) != 0) mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3));
    setenv("PATH", "/tests:/bin", 1);
    unsetenv("rig_time");   /* the kernel hands unknown command-line parameters to init's environment */
    signal(SIGALRM, on_alarm);   /* no SA_RESTART: waitpid returns EINTR at the deadline */
    siginterrupt(SIGALRM, 1);
    loopback_up();
    set_clock_from_cmdline();
    FILE *f = fopen("/cases.txt", "re");   /* close-on-exec: the cases get only fds 0-2 */
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
