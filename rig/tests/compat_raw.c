/* Native AArch64 check of the rig kernel's bit-31 compat syscalls (rig/compat-bit31.patch), without xlate.
 * Each line is "name: ok" or "name: FAIL (details)"; the exit status is the number of failures. */
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ARM EABI syscall numbers (arch/arm/tools/syscall.tbl) */
enum { ARM_fork = 2, ARM_read = 3, ARM_getpid = 20, ARM_gettimeofday = 78, ARM_nanosleep = 162, ARM_mmap2 = 192 };

static long compat_call(long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
    register long x8 __asm__("x8") = nr | 0x80000000L;
    register long x0 __asm__("x0") = a0;
    register long x1 __asm__("x1") = a1;
    register long x2 __asm__("x2") = a2;
    register long x3 __asm__("x3") = a3;
    register long x4 __asm__("x4") = a4;
    register long x5 __asm__("x5") = a5;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}
#define C0(nr) compat_call(nr, 0, 0, 0, 0, 0, 0)

static int failures;
static void check(const char *name, int ok, const char *fmt, unsigned long v) {
    if (ok) { printf("%s: ok\n", name); return; }
    printf("%s: FAIL (", name); printf(fmt, v); puts(")");
    failures++;
}

static void on_usr1(int sig) { (void)sig; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    long r = C0(ARM_getpid);
    check("getpid", (int32_t)r == getpid(), "got 0x%lx", (unsigned long)r);

    r = C0(1000000);   /* no such compat syscall: -ENOSYS as a zero-extended 32-bit value */
    check("result-is-32-bit", (unsigned long)r == 0xffffffdaUL, "got 0x%lx", (unsigned long)r);

    r = compat_call(ARM_mmap2, 0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("mmap2-below-4g", r > 0 && (unsigned long)r < (1UL << 32), "got 0x%lx", (unsigned long)r);
    if (r > 0) { memset((void *)r, 1, 65536); munmap((void *)r, 65536); }
    void *native = mmap(NULL, 65536, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("native-mmap-above-4g", (unsigned long)native >= (1UL << 32), "got 0x%lx", (unsigned long)native);

    uint32_t tv[4] = { 0, 0xffffffff, 0xdeadbeef, 0xdeadbeef };   /* compat timeval: two 32-bit fields */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    r = compat_call(ARM_gettimeofday, (long)tv, 0, 0, 0, 0, 0);
    check("compat-timeval", r == 0 && tv[0] - (uint32_t)now.tv_sec <= 1 && tv[1] < 1000000 && tv[2] == 0xdeadbeef,
          "tv_sec=%lu", tv[0]);

    /* SA_RESTART: a compat read interrupted by a handled signal is restarted (same svc, x8 bit 31 kept) */
    int p[2];
    if (pipe(p) != 0) return 99;
    struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
    sigaction(SIGUSR1, &sa, NULL);
    pid_t parent = getpid(), w = fork();
    if (w == 0) {
        usleep(200000); kill(parent, SIGUSR1); usleep(200000);
        if (write(p[1], "x", 1) != 1) _exit(1);
        _exit(0);
    }
    char c = 0;
    r = compat_call(ARM_read, p[0], (long)&c, 1, 0, 0, 0);
    waitpid(w, NULL, 0);
    check("restart-sa-restart", r == 1 && c == 'x', "read returned 0x%lx", (unsigned long)r);

    /* -ERESTART_RESTARTBLOCK: nanosleep stopped and continued resumes through compat restart_syscall */
    pid_t sl = fork();
    if (sl == 0) {
        uint32_t ts[2] = { 0, 600000000 };
        long rr = compat_call(ARM_nanosleep, (long)ts, 0, 0, 0, 0, 0);
        _exit(rr == 0 ? 0 : 1);
    }
    usleep(150000); kill(sl, SIGSTOP); usleep(100000); kill(sl, SIGCONT);
    int st = 0;
    waitpid(sl, &st, 0);
    check("restart-block", WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status 0x%lx", (unsigned long)st);

    /* fork inside a compat syscall: the child is a plain 64-bit task again (native mmap above 4 GiB) */
    r = C0(ARM_fork);
    if (r == 0) {
        void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        _exit((unsigned long)m >= (1UL << 32) ? 0 : 1);
    }
    st = 0;
    waitpid((int32_t)r, &st, 0);
    check("compat-fork-child-native", (int32_t)r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "0x%lx", (unsigned long)st);

    /* seccomp sees AUDIT_ARCH_ARM and the compat number: deny compat getpid with errno 77 */
    pid_t sc = fork();
    if (sc == 0) {
        struct sock_filter f[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_ARM, 0, 3),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARM_getpid, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 77),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog prog = { sizeof f / sizeof f[0], f };
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) _exit(2);
        long cr = C0(ARM_getpid);
        long nr = syscall(SYS_getpid);
        _exit((int32_t)cr == -77 && nr == getpid() ? 0 : 1);
    }
    st = 0;
    waitpid(sc, &st, 0);
    check("seccomp-audit-arch-arm", WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status 0x%lx", (unsigned long)st);

    printf("failures: %d\n", failures);
    return failures;
}
