/* Signals between processes: kill(0, sig) and killpg to the process group (this program first makes its own
 * group), and children signalled by their parent: SIGCHLD's siginfo (CLD_EXITED, CLD_KILLED, CLD_STOPPED,
 * CLD_CONTINUED, si_status) and waitpid's WIFSIGNALED/WTERMSIG, WIFSTOPPED, WIFCONTINUED; SIGCHLD taken by
 * sigwaitinfo. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int usr1_hits;
static void on_usr1(int sig) { (void)sig; usr1_hits++; }

static void group(void) {
    if (getpgrp() != getpid()) setpgid(0, 0);
    printf("own process group %d\n", getpgrp() == getpid());
    if (getpgrp() != getpid()) return;   /* never signal the group of whoever started us */
    signal(SIGUSR1, on_usr1);
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &old);   /* the children inherit it: nothing is lost before they wait */
    int ready[2];
    pipe(ready);
    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            close(ready[0]);
            write(ready[1], "r", 1);
            while (!usr1_hits) sigsuspend(&old);   /* the second signal may come before or after: not counted */
            _exit(41);
        }
    }
    close(ready[1]);
    char c;
    for (int i = 0; i < 2; i++) read(ready[0], &c, 1);
    int r1 = kill(0, SIGUSR1);
    int r2 = killpg(getpgrp(), SIGUSR1);
    sigprocmask(SIG_SETMASK, &old, 0);
    printf("kill(0) = %d killpg = %d; the parent got %d (coalesced while blocked)\n", r1, r2, usr1_hits);
    for (int i = 0; i < 2; i++) {
        int status;
        waitpid(kids[i], &status, 0);
        printf("child %d: exited %d code %d\n", i, WIFEXITED(status), WEXITSTATUS(status));
    }
    int r = kill(-999999, SIGUSR1);
    printf("kill(-pgrp of nobody) = %d errno %d\n", r, errno);
}

static volatile int chld_count, chld_code, chld_status, chld_pid_ok;
static volatile pid_t expected_child;
static void on_chld(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    chld_count++;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_pid_ok = si->si_pid == expected_child;
}
static void wait_chld(int count) {
    sigset_t none;
    sigemptyset(&none);
    while (chld_count < count) sigsuspend(&none);
}
static void print_chld(const char *what) {
    printf("%s: SIGCHLD %d code %d status %d pid_ok %d\n", what, chld_count, chld_code, chld_status, chld_pid_ok);
}

static void children(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, 0);
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);   /* sigsuspend waits for it without a race */

    pid_t kid = fork();
    if (kid == 0) _exit(3);
    expected_child = kid;
    wait_chld(1);
    int status;
    waitpid(kid, &status, 0);
    print_chld("exit(3)");
    printf("  waitpid: exited %d code %d\n", WIFEXITED(status), WEXITSTATUS(status));

    kid = fork();
    if (kid == 0) { for (;;) pause(); }
    expected_child = kid;
    kill(kid, SIGTERM);
    wait_chld(2);
    waitpid(kid, &status, 0);
    print_chld("SIGTERM");
    printf("  waitpid: signaled %d termsig %d\n", WIFSIGNALED(status), WTERMSIG(status));

    kid = fork();
    if (kid == 0) { for (;;) pause(); }
    expected_child = kid;
    kill(kid, SIGSTOP);
    wait_chld(3);
    print_chld("SIGSTOP");
    waitpid(kid, &status, WUNTRACED);
    printf("  waitpid: stopped %d stopsig %d\n", WIFSTOPPED(status), WSTOPSIG(status));
    kill(kid, SIGCONT);
    wait_chld(4);
    print_chld("SIGCONT");
    waitpid(kid, &status, WCONTINUED);
    printf("  waitpid: continued %d\n", WIFCONTINUED(status));
    kill(kid, SIGKILL);
    wait_chld(5);
    waitpid(kid, &status, 0);
    print_chld("SIGKILL");
    printf("  waitpid: signaled %d termsig %d\n", WIFSIGNALED(status), WTERMSIG(status));

    /* a child that dies of its own fault dies of the same signal */
    kid = fork();
    if (kid == 0) {
        close(2);   /* qemu-user names the signal a guest dies of on stderr */
        volatile int *null = 0;
        *null = 1;
        _exit(0);
    }
    expected_child = kid;
    wait_chld(6);
    waitpid(kid, &status, 0);
    print_chld("null write");
    printf("  waitpid: signaled %d termsig %d\n", WIFSIGNALED(status), WTERMSIG(status));

    /* (SA_NOCLDSTOP is not tested: qemu-user does not pass it to the host, so even a native arm64 build gets
     * SIGCHLD for a stop there) */
    kid = fork();
    if (kid == 0) { for (;;) pause(); }
    kill(kid, SIGKILL);
    waitpid(kid, &status, 0);
    /* taken by sigwaitinfo instead of the handler */
    siginfo_t si;
    int r = sigwaitinfo(&chld, &si);
    printf("sigwaitinfo: %d code %d status %d pid_ok %d; handler calls %d\n", r, si.si_code, si.si_status,
           si.si_pid == kid, chld_count);
    sigprocmask(SIG_SETMASK, &old, 0);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    setvbuf(stdout, 0, _IONBF, 0);
    printf("mode %s\n", mode);
    if (!strcmp(mode, "group")) group();
    else if (!strcmp(mode, "children")) children();
    else { printf("unknown mode\n"); return 2; }
    return 0;
}
