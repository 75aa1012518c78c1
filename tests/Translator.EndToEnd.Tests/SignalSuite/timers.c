/* Timers that signal: POSIX timers with SIGEV_SIGNAL (expirations, si_value, overruns), ITIMER_REAL interrupting
 * a loop that makes no syscall (translate with --signal-checks=loops), and nanosleep's remaining time. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, 0);
}

static volatile int expirations, last_code, last_value, last_signo;
static void on_timer(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    expirations++;
    last_signo = sig;
    last_code = si->si_code;
    last_value = si->si_value.sival_int;
}

static void posix_timers(void) {
    install(SIGRTMIN, on_timer, 0);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = 4321;
    timer_t t;
    if (timer_create(CLOCK_MONOTONIC, &sev, &t)) { printf("timer_create errno %d\n", errno); return; }
    struct itimerspec every = { { 0, 5000000 }, { 0, 5000000 } }, off = { { 0, 0 }, { 0, 0 } }, cur;
    printf("settime %d\n", timer_settime(t, 0, &every, 0));
    sigset_t none;
    sigemptyset(&none);
    while (expirations < 10) sigsuspend(&none);
    timer_settime(t, 0, &off, 0);
    printf("expirations>=10 %d signo-rtmin %d code %d value %d\n", expirations >= 10, last_signo - SIGRTMIN,
           last_code, last_value);
    timer_gettime(t, &cur);
    printf("disarmed: value %ld.%09ld interval %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec,
           (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
    struct itimerspec ten = { { 0, 0 }, { 10, 0 } };
    timer_settime(t, 0, &ten, 0);
    timer_gettime(t, &cur);
    printf("armed 10 s: 9 s < value <= 10 s %d\n", cur.it_value.tv_sec == 9 || (cur.it_value.tv_sec == 10 && cur.it_value.tv_nsec == 0));
    /* overruns: blocked for 60 ms with a 1 ms period, one signal waits and counts the rest */
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &rt, 0);
    struct itimerspec fast = { { 0, 1000000 }, { 0, 1000000 } };
    timer_settime(t, 0, &fast, 0);
    struct timespec sixty = { 0, 60000000 };
    while (nanosleep(&sixty, &sixty)) {}
    siginfo_t si;
    int r = sigwaitinfo(&rt, &si);
    int overrun = timer_getoverrun(t);
    timer_settime(t, 0, &off, 0);
    printf("sigwaitinfo %d code %d value %d overrun>=30 %d getoverrun==si_overrun %d\n", r - SIGRTMIN, si.si_code,
           si.si_value.sival_int, si.si_overrun >= 30, overrun == si.si_overrun);
    struct timespec zero = { 0, 0 };
    r = sigtimedwait(&rt, &si, &zero);
    printf("nothing more queued %d errno %d\n", r, errno);
    printf("delete %d\n", timer_delete(t));
    errno = 0;
    r = timer_settime(t, 0, &fast, 0);
    printf("settime after delete %d errno %d\n", r, errno);
    /* SIGEV_NONE: no signal, the time still runs */
    sev.sigev_notify = SIGEV_NONE;
    timer_t quiet;
    timer_create(CLOCK_MONOTONIC, &sev, &quiet);
    struct itimerspec two = { { 0, 0 }, { 2, 0 } };
    timer_settime(quiet, 0, &two, 0);
    struct timespec tenth = { 0, 100000000 };
    nanosleep(&tenth, 0);
    timer_gettime(quiet, &cur);
    printf("SIGEV_NONE: value below 1.9 s %d, above 0 %d\n",
           cur.it_value.tv_sec == 0 || (cur.it_value.tv_sec == 1 && cur.it_value.tv_nsec < 900000000),
           cur.it_value.tv_sec > 0 || cur.it_value.tv_nsec > 0);
    timer_delete(quiet);
}

/* The loop's work chunk: the same result every time, whatever interrupts it. */
static unsigned long chunk(unsigned long seed) {
    unsigned long x = seed;
    for (int i = 0; i < 2000; i++) x = x * 6364136223846793005ul + (x >> 7) + (unsigned long)i;
    return x;
}

static volatile int ticks, in_handler, nested, early;
static const int tick_goal = 100;
static void on_periodic(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)si; (void)uc;
    if (in_handler) nested++;
    in_handler = 1;
    if (ticks < tick_goal && ++ticks == tick_goal) {
        struct itimerval off = { { 0, 0 }, { 0, 0 } };
        setitimer(ITIMER_REAL, &off, 0);
    }
    in_handler = 0;
}
/* one shot at a time, re-armed by the handler: exactly one signal per arming, so a delivery while the timer is
 * still armed is one that came twice */
static void on_one_shot(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)si; (void)uc;
    struct itimerval cur;
    getitimer(ITIMER_REAL, &cur);
    if (cur.it_value.tv_sec || cur.it_value.tv_usec) early++;
    if (++ticks < tick_goal) {
        struct itimerval next = { { 0, 0 }, { 0, 500 } };
        setitimer(ITIMER_REAL, &next, 0);
    }
}
static void on_watchdog(int sig) {
    (void)sig;
    printf("stuck: %d ticks after 20 s of CPU time\n", ticks);
    _exit(3);
}

static void loop_until_ticks(const char *what, unsigned long expected) {
    unsigned long chunks = 0, wrong = 0;
    while (ticks < tick_goal) {
        if (chunk(chunks & 7) != ((chunks & 7) == 3 ? expected : chunk(chunks & 7))) wrong++;
        chunks++;
    }
    printf("%s: ticks %d nested %d early %d wrong chunks %lu ran %d\n", what, ticks, nested, early, wrong, chunks > 0);
}

static void itimer_loop(void) {
    signal(SIGPROF, on_watchdog);
    struct itimerval watchdog = { { 0, 0 }, { 20, 0 } };
    setitimer(ITIMER_PROF, &watchdog, 0);
    unsigned long expected = chunk(3);
    install(SIGALRM, on_periodic, 0);
    struct itimerval every = { { 0, 1000 }, { 0, 1000 } };
    setitimer(ITIMER_REAL, &every, 0);
    loop_until_ticks("periodic", expected);
    ticks = 0;
    install(SIGALRM, on_one_shot, 0);
    struct itimerval first = { { 0, 0 }, { 0, 500 } };
    setitimer(ITIMER_REAL, &first, 0);
    loop_until_ticks("one shot", expected);
}

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void sleeps(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, 0);
    struct itimerval once = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &once, 0);
    struct timespec req = { 2, 0 }, rem = { -1, -1 };
    int r = nanosleep(&req, &rem);
    printf("nanosleep: %d errno %d alarms %d remaining in (1 s, 2 s) %d\n", r, errno, alarms,
           rem.tv_sec == 1 && rem.tv_nsec > 0);
    setitimer(ITIMER_REAL, &once, 0);
    struct timespec now, until;
    clock_gettime(CLOCK_MONOTONIC, &now);
    until = now;
    until.tv_sec += 2;
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0);
    printf("clock_nanosleep absolute: %d alarms %d\n", r, alarms);
    /* a blocked signal does not end the sleep */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, 0);
    pid_t child = fork();
    if (child == 0) { usleep(20000); kill(getppid(), SIGUSR1); _exit(0); }
    struct timespec tenth = { 0, 150000000 };
    r = nanosleep(&tenth, &rem);
    waitpid(child, 0, 0);
    sigset_t pending;
    sigpending(&pending);
    printf("blocked signal during nanosleep: %d usr1 pending %d\n", r, sigismember(&pending, SIGUSR1));
    /* an ignored one neither */
    signal(SIGUSR2, SIG_IGN);
    child = fork();
    if (child == 0) { usleep(20000); kill(getppid(), SIGUSR2); _exit(0); }
    r = nanosleep(&tenth, &rem);
    waitpid(child, 0, 0);
    printf("ignored signal during nanosleep: %d\n", r);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    setvbuf(stdout, 0, _IONBF, 0);
    printf("mode %s\n", mode);
    if (!strcmp(mode, "posix")) posix_timers();
    else if (!strcmp(mode, "itimer")) itimer_loop();
    else if (!strcmp(mode, "sleep")) sleeps();
    else { printf("unknown mode\n"); return 2; }
    return 0;
}
