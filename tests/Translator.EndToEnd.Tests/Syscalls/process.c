/* Processes: fork, wait4 (status and rusage), waitpid WNOHANG, waitid, kill of a child, execve of a program
 * (argv[1] names it: natively this program's x86 build, translated its AArch64 translation), pipes between
 * parent and child. `process PEER` runs the suite; `process peer ARGS...` is the exec'd side. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHOW(what, expr) do { errno = 0; long long r_ = (long long)(expr); \
    printf("%s = %lld%s%s\n", what, r_, r_ < 0 ? " " : "", r_ < 0 ? strerrorname_np(errno) : ""); } while (0)

static int peer(int argc, char **argv) {
    printf("peer argc %d:", argc);
    for (int i = 2; i < argc; i++) printf(" [%s]", argv[i]);
    printf("\npeer env XLATE_EXEC_VAR=%s\n", getenv("XLATE_EXEC_VAR") ? getenv("XLATE_EXEC_VAR") : "(unset)");
    fflush(stdout);
    return 7;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "peer")) return peer(argc, argv);
    if (argc < 2) { fprintf(stderr, "usage: process PEER\n"); return 2; }
    setvbuf(stdout, 0, _IONBF, 0);
    int p[2];
    pipe(p);
    pid_t child = fork();
    if (child < 0) { printf("fork failed %s\n", strerrorname_np(errno)); return 1; } /* never kill(-1, ...) */
    if (child == 0) {
        close(p[0]);
        char msg[64];
        int n = snprintf(msg, sizeof msg, "child ppid ok %d", getppid() == getpid() ? 0 : 1);
        write(p[1], msg, n);
        for (volatile int i = 0; i < 1000000; i++) {}
        _exit(42);
    }
    printf("fork ok %d\n", child > 0);
    close(p[1]);
    char buf[64] = {0};
    read(p[0], buf, sizeof buf - 1);
    printf("from child: %s\n", buf);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    SHOW("wait4 is child", wait4(child, &status, 0, &ru) == child);
    printf("  exited %d code %d rusage sane %d\n", WIFEXITED(status), WEXITSTATUS(status),
           ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 && ru.ru_maxrss > 0 && ru.ru_nsignals == 0);
    SHOW("wait4 no children", wait4(-1, &status, 0, 0));

    child = fork();
    if (child < 0) return 1;
    if (child == 0) { pause(); _exit(1); }
    SHOW("waitpid WNOHANG running", waitpid(child, &status, WNOHANG));
    SHOW("kill child", kill(child, SIGTERM));
    SHOW("waitpid is child", waitpid(child, &status, 0) == child);
    printf("  signaled %d sig %d\n", WIFSIGNALED(status), WTERMSIG(status));

    child = fork();
    if (child == 0) _exit(3);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    SHOW("waitid", waitid(P_PID, child, &si, WEXITED));
    printf("  signo %d code %d pid ok %d status %d\n", si.si_signo, si.si_code, si.si_pid == child, si.si_status);

    SHOW("execve missing", execve("./does-not-exist", (char *[]){ "x", 0 }, environ));
    fflush(stdout);
    child = fork();
    if (child == 0) {
        char *args[] = { argv[1], "peer", "one", "two words", "", 0 };
        char *env[] = { "XLATE_EXEC_VAR=passed", "PATH=/usr/bin:/bin", 0 };
        execve(argv[1], args, env);
        printf("execve failed %s\n", strerrorname_np(errno));
        _exit(99);
    }
    waitpid(child, &status, 0);
    printf("exec'd child exited %d code %d\n", WIFEXITED(status), WEXITSTATUS(status));
    return 0;
}
