/* Taking signals without a handler: sigtimedwait/sigwaitinfo/sigwait and signalfd. Prints only values that are the
 * same on every run (pids and uids as comparisons). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static sigset_t set_of(int a, int b) {
    sigset_t s;
    sigemptyset(&s);
    if (a) sigaddset(&s, a);
    if (b) sigaddset(&s, b);
    return s;
}

static void queue(int sig, int value) {
    union sigval v = { .sival_int = value };
    if (sigqueue(getpid(), sig, v)) printf("sigqueue(%d) failed errno %d\n", sig, errno);
}

static void print_info(const char *what, int r, const siginfo_t *si) {
    if (r < 0) { printf("%s: -1 errno %d\n", what, errno); return; }
    printf("%s: %d signo %d code %d pid_ok %d uid_ok %d", what, r, si->si_signo, si->si_code,
           si->si_pid == getpid(), si->si_uid == getuid());
    if (si->si_code == SI_QUEUE) printf(" value %d", si->si_value.sival_int);
    printf("\n");
}

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void timed_wait(void) {
    sigset_t usr1 = set_of(SIGUSR1, 0), both = set_of(SIGUSR1, SIGUSR2), pending;
    sigprocmask(SIG_BLOCK, &both, 0);
    siginfo_t si;
    struct timespec zero = { 0, 0 }, short_wait = { 0, 50 * 1000 * 1000 };
    print_info("nothing pending, zero timeout", sigtimedwait(&usr1, &si, &zero), &si);
    print_info("nothing pending, 50 ms", sigtimedwait(&usr1, &si, &short_wait), &si);
    raise(SIGUSR1);
    print_info("after raise", sigtimedwait(&usr1, &si, &short_wait), &si);
    kill(getpid(), SIGUSR1);
    print_info("after kill", sigwaitinfo(&usr1, &si), &si);
    queue(SIGUSR1, 1234);
    print_info("after sigqueue", sigwaitinfo(&usr1, &si), &si);
    /* a pending signal outside the set is left alone; the lower number comes first */
    raise(SIGUSR2);
    raise(SIGUSR1);
    print_info("usr1|usr2 first", sigwaitinfo(&both, &si), &si);
    sigpending(&pending);
    printf("still pending: usr1 %d usr2 %d\n", sigismember(&pending, SIGUSR1), sigismember(&pending, SIGUSR2));
    int sig = 0;
    int r = sigwait(&both, &sig);
    printf("sigwait = %d sig %d\n", r, sig);
    /* real-time signals queue, each with its value, in order */
    sigset_t rt = set_of(SIGRTMIN + 1, 0);
    sigprocmask(SIG_BLOCK, &rt, 0);
    for (int i = 1; i <= 3; i++) queue(SIGRTMIN + 1, i * 100);
    for (int i = 0; i < 3; i++) {
        r = sigwaitinfo(&rt, &si);
        printf("rt %d: signo-rtmin %d code %d value %d\n", i, r - SIGRTMIN, si.si_code, si.si_value.sival_int);
    }
    print_info("rt drained", sigtimedwait(&rt, &si, &zero), &si);
    /* a handled signal outside the set ends the wait with EINTR */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, 0);
    struct itimerval once = { { 0, 0 }, { 0, 30000 } };
    setitimer(ITIMER_REAL, &once, 0);
    struct timespec long_wait = { 5, 0 };
    r = sigtimedwait(&usr1, &si, &long_wait);
    printf("interrupted by SIGALRM: %d errno %d alarms %d\n", r, errno, alarms);
}

static void from_signalfd(void) {
    sigset_t both = set_of(SIGUSR1, SIGUSR2), pending;
    sigprocmask(SIG_BLOCK, &both, 0);
    int fd = signalfd(-1, &both, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd ok %d cloexec %d nonblock %d\n", fd >= 0, (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0,
           (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    struct signalfd_siginfo ssi[2];
    ssize_t n = read(fd, ssi, sizeof ssi[0]);
    printf("empty read %zd errno %d\n", n, n < 0 ? errno : 0);
    struct pollfd p = { fd, POLLIN, 0 };
    printf("empty poll %d\n", poll(&p, 1, 0));
    raise(SIGUSR1);
    int pr = poll(&p, 1, 1000);
    printf("poll after raise %d revents %#x\n", pr, p.revents);
    n = read(fd, ssi, sizeof ssi[0]);
    printf("read %zd signo %u code %d pid_ok %d uid_ok %d\n", n, ssi[0].ssi_signo, ssi[0].ssi_code,
           ssi[0].ssi_pid == (unsigned)getpid(), ssi[0].ssi_uid == getuid());
    sigpending(&pending);
    printf("usr1 pending after read %d\n", sigismember(&pending, SIGUSR1));
    queue(SIGUSR2, 77);
    n = read(fd, ssi, sizeof ssi[0]);
    printf("read %zd signo %u code %d int %d\n", n, ssi[0].ssi_signo, ssi[0].ssi_code, ssi[0].ssi_int);
    /* a new mask on the same descriptor; two queued real-time signals in one read */
    sigset_t rt = set_of(SIGRTMIN + 2, 0);
    sigprocmask(SIG_BLOCK, &rt, 0);
    int fd2 = signalfd(fd, &rt, 0);
    printf("same fd %d\n", fd2 == fd);
    queue(SIGRTMIN + 2, 5);
    queue(SIGRTMIN + 2, 6);
    raise(SIGUSR1); /* no longer in the descriptor's set: stays pending */
    n = read(fd, ssi, sizeof ssi);
    printf("read %zd: signo-rtmin %d value %d, signo-rtmin %d value %d\n", n, (int)ssi[0].ssi_signo - SIGRTMIN,
           ssi[0].ssi_int, (int)ssi[1].ssi_signo - SIGRTMIN, ssi[1].ssi_int);
    sigpending(&pending);
    printf("usr1 pending %d\n", sigismember(&pending, SIGUSR1));
    close(fd);
    /* a blocking descriptor waits for a signal sent by a child */
    sigset_t usr2 = set_of(SIGUSR2, 0);
    fd = signalfd(-1, &usr2, 0);
    pid_t child = fork();
    if (child == 0) { usleep(50000); kill(getppid(), SIGUSR2); _exit(0); }
    n = read(fd, ssi, sizeof ssi[0]);
    printf("blocking read %zd signo %u code %d from child %d\n", n, ssi[0].ssi_signo, ssi[0].ssi_code,
           ssi[0].ssi_pid == (unsigned)child);
    waitpid(child, 0, 0);
    close(fd);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    setvbuf(stdout, 0, _IONBF, 0);
    printf("mode %s\n", mode);
    if (!strcmp(mode, "timedwait")) timed_wait();
    else if (!strcmp(mode, "signalfd")) from_signalfd();
    else { printf("unknown mode\n"); return 2; }
    return 0;
}
