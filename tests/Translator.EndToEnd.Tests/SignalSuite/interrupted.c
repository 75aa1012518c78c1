/* Blocking calls a handled signal interrupts: read on a pipe and wait4 (restarted with SA_RESTART, else EINTR),
 * poll (EINTR either way), and FUTEX_WAIT (restarted with SA_RESTART only without a timeout; the handler changes
 * the futex word, so a restarted wait returns EAGAIN at once). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms;
static volatile uint32_t futex_word;
static void on_alarm(int sig) { (void)sig; alarms++; futex_word = 1; }

static void arm(int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, 0);
    alarms = 0;
    futex_word = 0;
    struct itimerval once = { { 0, 0 }, { 0, 30000 } };
    setitimer(ITIMER_REAL, &once, 0);
}
static const char *name(int flags) { return flags & SA_RESTART ? "SA_RESTART" : "plain"; }

static void pipes(void) {
    for (int k = 0; k < 2; k++) {
        int flags = k == 0 ? SA_RESTART : 0;
        int fds[2];
        pipe(fds);
        pid_t child = fork();
        if (child == 0) { usleep(200000); write(fds[1], "abc", 3); _exit(0); }
        arm(flags);
        char buf[8];
        errno = 0;
        ssize_t r = read(fds[0], buf, sizeof buf);
        printf("read %s: %zd errno %d alarms %d\n", name(flags), r, r < 0 ? errno : 0, alarms);
        if (r < 0) { r = read(fds[0], buf, sizeof buf); printf("  read again: %zd\n", r); }
        waitpid(child, 0, 0);
        close(fds[0]);
        close(fds[1]);
    }
    for (int k = 0; k < 2; k++) {
        int flags = k == 0 ? SA_RESTART : 0;
        pid_t child = fork();
        if (child == 0) { usleep(200000); _exit(5); }
        arm(flags);
        int status = 0;
        errno = 0;
        pid_t r = waitpid(child, &status, 0);
        printf("waitpid %s: child %d errno %d alarms %d", name(flags), r == child, r < 0 ? errno : 0, alarms);
        if (r < 0) r = waitpid(child, &status, 0);
        printf(" exit %d\n", WEXITSTATUS(status));
    }
    for (int k = 0; k < 2; k++) {
        int flags = k == 0 ? SA_RESTART : 0;
        int fds[2];
        pipe(fds);
        arm(flags);
        struct pollfd p = { fds[0], POLLIN, 0 };
        errno = 0;
        int r = poll(&p, 1, 2000);
        printf("poll %s: %d errno %d alarms %d\n", name(flags), r, r < 0 ? errno : 0, alarms);
        close(fds[0]);
        close(fds[1]);
    }
}

static long futex_wait(const struct timespec *timeout) {
    return syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, timeout, 0, 0);
}

static void futexes(void) {
    for (int k = 0; k < 2; k++) {
        int flags = k == 0 ? SA_RESTART : 0;
        arm(flags);
        errno = 0;
        long r = futex_wait(0);
        printf("FUTEX_WAIT %s, no timeout: %ld errno %d alarms %d\n", name(flags), r, r < 0 ? errno : 0, alarms);
        arm(flags);
        struct timespec two = { 2, 0 };
        errno = 0;
        r = futex_wait(&two);
        printf("FUTEX_WAIT %s, 2 s timeout: %ld errno %d alarms %d\n", name(flags), r, r < 0 ? errno : 0, alarms);
    }
    struct timespec short_wait = { 0, 20000000 };
    futex_word = 0;
    errno = 0;
    long r = futex_wait(&short_wait);
    printf("FUTEX_WAIT timing out: %ld errno %d\n", r, errno);
    futex_word = 3;
    errno = 0;
    r = futex_wait(0);
    printf("FUTEX_WAIT on a changed word: %ld errno %d\n", r, errno);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    setvbuf(stdout, 0, _IONBF, 0);
    printf("mode %s\n", mode);
    if (!strcmp(mode, "pipe")) pipes();
    else if (!strcmp(mode, "futex")) futexes();
    else { printf("unknown mode\n"); return 2; }
    return 0;
}
