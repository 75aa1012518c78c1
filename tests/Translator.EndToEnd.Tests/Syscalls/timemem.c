/* Time and clocks (only differences and bounds are printed), memory (mmap/mprotect/munmap/mremap/brk),
 * getrandom, resource limits (getrlimit/setrlimit/prlimit), getrusage, uname, sysinfo, times. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define SHOW(what, expr) do { errno = 0; long long r_ = (long long)(expr); \
    printf("%s = %lld%s%s\n", what, r_, r_ < 0 ? " " : "", r_ < 0 ? strerrorname_np(errno) : ""); } while (0)

static long long ns_between(const struct timespec *a, const struct timespec *b) {
    return (b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

static void clocks(void) {
    struct timespec a, b, res;
    SHOW("clock_gettime MONOTONIC", clock_gettime(CLOCK_MONOTONIC, &a));
    struct timespec req = { 0, 20 * 1000000 }, rem = { 7, 7 };
    SHOW("nanosleep 20ms", nanosleep(&req, &rem));
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long d = ns_between(&a, &b);
    printf("slept between 20ms and 2s: %d\n", d >= 20000000 && d < 2000000000);
    SHOW("clock_nanosleep 10ms", clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){ 0, 10000000 }, 0));
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec until = { a.tv_sec, a.tv_nsec + 5000000 };
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    SHOW("clock_nanosleep ABSTIME", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0));
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("reached deadline: %d\n", ns_between(&until, &b) >= 0);
    SHOW("nanosleep bad nsec", nanosleep(&(struct timespec){ 0, 1000000000 }, 0));
    struct timespec rt; struct timeval tv; time_t t1, t2;
    SHOW("clock_gettime REALTIME", clock_gettime(CLOCK_REALTIME, &rt));
    SHOW("gettimeofday", gettimeofday(&tv, 0));
    t1 = time(&t2);
    printf("realtime after 2020: %d usec ok %d time agrees %d %d\n", rt.tv_sec > 1577836800, tv.tv_usec >= 0 && tv.tv_usec < 1000000,
           t1 == t2, t1 - rt.tv_sec >= 0 && t1 - rt.tv_sec < 5 && tv.tv_sec - rt.tv_sec >= 0 && tv.tv_sec - rt.tv_sec < 5);
    long raw_time = syscall(SYS_time, 0);
    printf("raw time agrees %d\n", raw_time - rt.tv_sec >= 0 && raw_time - rt.tv_sec < 5);
    struct timeval rawtv;
    SHOW("raw gettimeofday", syscall(SYS_gettimeofday, &rawtv, 0));
    printf("raw gettimeofday agrees %d\n", rawtv.tv_sec - rt.tv_sec >= 0 && rawtv.tv_sec - rt.tv_sec < 5);
    SHOW("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res));
    printf("res %lld.%09ld\n", (long long)res.tv_sec, res.tv_nsec);
    SHOW("clock_getres COARSE", clock_getres(CLOCK_MONOTONIC_COARSE, &res));
    printf("coarse res in (0, 10ms] %d\n", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000);
    SHOW("clock_gettime bad clock", clock_gettime(12345, &a));
    SHOW("clock_getres bad clock", syscall(SYS_clock_getres, 12345, &res));
    struct timespec cpu1, cpu2;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    for (volatile int i = 0; i < 3000000; i++) {}
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu2);
    printf("cpu clock advanced %d\n", ns_between(&cpu1, &cpu2) > 0);
#ifdef __i386__
    struct { long long sec; long long nsec; } t64;
    SHOW("clock_gettime64 raw", syscall(SYS_clock_gettime64, CLOCK_REALTIME, &t64));
    printf("time64 agrees %d\n", t64.sec - rt.tv_sec >= 0 && t64.sec - rt.tv_sec < 5 && t64.nsec < 1000000000);
#endif
    struct tms tm;
    clock_t c = times(&tm);
    printf("times nonzero %d\n", c != (clock_t)-1);
    struct itimerval it = { { 0, 0 }, { 100, 0 } }, old;
    SHOW("setitimer", setitimer(ITIMER_REAL, &it, 0));
    SHOW("getitimer", getitimer(ITIMER_REAL, &old));
    printf("remaining in (90s, 100s] %d\n", old.it_value.tv_sec >= 90 && old.it_value.tv_sec <= 100);
    SHOW("alarm", alarm(0));
}

static sigjmp_buf env;
static void on_segv(int sig) { (void)sig; siglongjmp(env, 1); }
static int can_write(volatile char *p) {
    if (sigsetjmp(env, 1)) return 0;
    *p = *p;
    return 1;
}

static void memory(void) {
    signal(SIGSEGV, on_segv);
    long pg = sysconf(_SC_PAGESIZE);
    printf("page size %ld\n", pg);
    char *m = mmap(0, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap ok %d aligned %d zero %d\n", m != MAP_FAILED, ((uintptr_t)m & (pg - 1)) == 0, m[100] == 0);
    memset(m, 'q', 4 * pg);
    SHOW("mprotect ro", mprotect(m + pg, pg, PROT_READ));
    printf("writable: %d %d %d\n", can_write(m), can_write(m + pg), can_write(m + 2 * pg));
    SHOW("mprotect rw", mprotect(m + pg, pg, PROT_READ | PROT_WRITE));
    printf("writable again: %d\n", can_write(m + pg));
    SHOW("mprotect unaligned", mprotect(m + 1, pg, PROT_READ));
    char *g = mremap(m, 4 * pg, 64 * pg, MREMAP_MAYMOVE);
    printf("mremap grow ok %d kept data %d\n", g != MAP_FAILED, g[3 * pg + 5] == 'q');
    char *s = mremap(g, 64 * pg, 2 * pg, 0);
    printf("mremap shrink in place %d\n", s == g);
    SHOW("munmap", munmap(g, 2 * pg));
    SHOW("munmap unaligned", munmap(g + 1, pg));
    SHOW("mmap bad fd", (long)mmap(0, pg, PROT_READ, MAP_PRIVATE, 99, 0));
    SHOW("mmap zero len", (long)mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    int fd = open("mapped", O_CREAT | O_RDWR | O_TRUNC, 0644);
    (void)!write(fd, "file contents", 13);
    char *f = mmap(0, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("file map '%.13s'\n", f);
    memcpy(f, "FILE", 4);
    SHOW("msync", msync(f, pg, MS_SYNC));
    char back[14] = {0};
    pread(fd, back, 13, 0);
    printf("written through '%s'\n", back);
    char *hint = (char *)0x30000000;
    char *fx = mmap(hint, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED at hint %d\n", fx == hint);
    char *nr = mmap(hint, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("MAP_FIXED_NOREPLACE on used = %s\n", nr == MAP_FAILED ? strerrorname_np(errno) : "mapped");
    unsigned char vec[2];
    SHOW("mincore", mincore(fx, pg, vec));
    SHOW("madvise", madvise(fx, pg, MADV_DONTNEED));
    void *b0 = sbrk(0);
    SHOW("brk grow", brk((char *)b0 + 100000));
    printf("sbrk moved %ld\n", (long)((char *)sbrk(0) - (char *)b0));
    ((char *)b0)[99999] = 1;
    SHOW("brk shrink", brk(b0));
    long raw = syscall(SYS_brk, 0);
    printf("raw brk(0) is current %d\n", raw == (long)b0);
#ifdef __i386__
    printf("mappings below 4G %d\n", 1); /* pointers are 32-bit: trivially true */
#endif
}

static void resources(void) {
    char buf[64];
    SHOW("getrandom 16", getrandom(buf, 16, 0));
    SHOW("getrandom nonblock", getrandom(buf, 64, GRND_NONBLOCK));
    SHOW("getrandom bad flags", getrandom(buf, 4, 0x100));
    struct rlimit rl, rl2;
    SHOW("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl));
    SHOW("prlimit NOFILE", prlimit(0, RLIMIT_NOFILE, 0, &rl2));
    printf("agree %d\n", rl.rlim_cur == rl2.rlim_cur && rl.rlim_max == rl2.rlim_max);
    struct rlimit lower = { 200, rl.rlim_max };
    SHOW("setrlimit NOFILE 200", setrlimit(RLIMIT_NOFILE, &lower));
    getrlimit(RLIMIT_NOFILE, &rl2);
    printf("cur now %lld\n", (long long)rl2.rlim_cur);
    SHOW("dup2 to 250", dup2(1, 250));
    struct rlimit as;
    SHOW("getrlimit AS", getrlimit(RLIMIT_AS, &as));
    printf("AS infinite %d\n", as.rlim_cur == RLIM_INFINITY);
    struct rlimit64 p64;
    SHOW("prlimit64 raw CORE", syscall(SYS_prlimit64, 0, RLIMIT_CORE, 0, &p64));
    struct rlimit core = { 0, 0 };
    SHOW("setrlimit CORE 0", setrlimit(RLIMIT_CORE, &core));
    SHOW("getrlimit CORE", getrlimit(RLIMIT_CORE, &core));
    printf("core %lld %lld\n", (long long)core.rlim_cur, (long long)core.rlim_max);
    SHOW("setrlimit raise max", setrlimit(RLIMIT_CORE, &(struct rlimit){ 10, 10 }) && errno == EPERM ? -1 : 0);
    SHOW("getrlimit bad", getrlimit(99, &rl));
#ifdef __i386__
    struct { unsigned long cur, max; } old;
    SHOW("old getrlimit raw", syscall(76 /* ugetrlimit */, RLIMIT_STACK, &old));
    SHOW("old getrlimit(76) stack", old.cur == (unsigned long)-1 ? 1 : old.cur > 0);
#endif
    struct rusage ru;
    for (volatile int i = 0; i < 2000000; i++) {}
    SHOW("getrusage", getrusage(RUSAGE_SELF, &ru));
    printf("maxrss positive %d time sane %d\n", ru.ru_maxrss > 0,
           ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 && ru.ru_stime.tv_usec < 1000000);
    SHOW("getrusage children", getrusage(RUSAGE_CHILDREN, &ru));
    printf("children utime %ld.%06ld\n", (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec);
    SHOW("getrusage bad who", getrusage(7, &ru));
    struct utsname u;
    SHOW("uname", uname(&u));
    printf("sysname %s machine %s\n", u.sysname, u.machine);
    struct sysinfo si;
    SHOW("sysinfo", sysinfo(&si));
    printf("sysinfo sane %d\n", si.totalram > 0 && si.mem_unit > 0 && si.uptime > 0 && si.procs > 0);
    SHOW("getpriority", getpriority(PRIO_PROCESS, 0));
    printf("pid positive %d ppid positive %d pgrp %d sid %d\n", getpid() > 0, getppid() > 0,
           getpgrp() == getpgid(0), getsid(0) > 0);
    printf("uid %d gid %d\n", getuid() == geteuid(), getgid() == getegid());
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    puts("-- clocks"); clocks();
    puts("-- memory"); memory();
    puts("-- resources"); resources();
    return 0;
}
