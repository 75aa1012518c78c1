/* Handler semantics: SA_NODEFER, SA_RESETHAND, masks across nested handlers, sigsuspend and pause, the order of
 * several pending signals, 10,000 signals sent to self (standard ones coalesce while blocked, real-time ones
 * queue). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

static char trace[512];
static volatile int trace_len;
static void note(const char *s) {
    while (*s && trace_len < (int)sizeof trace - 1) trace[trace_len++] = *s++;
    trace[trace_len] = 0;
}
static void note_num(int n) { char b[16]; snprintf(b, sizeof b, "%d", n); note(b); }
static void flush_trace(const char *what) { printf("%s: %s\n", what, trace); trace_len = 0; trace[0] = 0; }

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags, const int *mask_sigs) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    for (; mask_sigs && *mask_sigs; mask_sigs++) sigaddset(&sa.sa_mask, *mask_sigs);
    if (sigaction(sig, &sa, 0)) { printf("sigaction %d errno %d\n", sig, errno); _exit(2); }
}

/* The blocked signals among those this program uses, by name. */
static const int watched[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGCHLD, 0 };
static const char *const watched_names[] = { "HUP", "INT", "QUIT", "USR1", "USR2", "TERM", "CHLD" };
static void note_mask(void) {
    sigset_t m;
    sigprocmask(SIG_BLOCK, 0, &m);
    note("[");
    for (int i = 0; watched[i]; i++) if (sigismember(&m, watched[i])) { note(watched_names[i]); note(" "); }
    note("]");
}

/* ---- SA_NODEFER: the handler's own signal interrupts it ---- */
static volatile int depth;
static void on_reentrant(int sig, siginfo_t *si, void *uc) {
    (void)si; (void)uc;
    int me = ++depth;
    note("<"); note_num(me);
    if (me < 3) raise(sig);
    note(">"); note_num(me);
}
static void nodefer(void) {
    install(SIGUSR1, on_reentrant, SA_NODEFER, 0);
    raise(SIGUSR1);
    flush_trace("SA_NODEFER");
    depth = 0;
    install(SIGUSR1, on_reentrant, 0, 0);
    raise(SIGUSR1);
    flush_trace("default");
}

/* ---- SA_RESETHAND: one delivery, then the default action ---- */
static void on_once(int sig, siginfo_t *si, void *uc) {
    (void)si; (void)uc;
    note("handler, own signal blocked "); 
    sigset_t m;
    sigprocmask(SIG_BLOCK, 0, &m);
    note_num(sigismember(&m, sig));
}
static void resethand(void) {
    install(SIGUSR2, on_once, SA_RESETHAND, 0);
    raise(SIGUSR2);
    flush_trace("first");
    struct sigaction now;
    sigaction(SIGUSR2, 0, &now);
    printf("after: SIG_DFL %d SA_SIGINFO %d SA_RESETHAND %d\n", now.sa_handler == SIG_DFL,
           (now.sa_flags & SA_SIGINFO) != 0, (now.sa_flags & SA_RESETHAND) != 0);
    install(SIGUSR2, on_once, SA_RESETHAND | SA_NODEFER, 0);
    raise(SIGUSR2);
    flush_trace("with SA_NODEFER");
    pid_t child = fork();
    if (child == 0) {
        install(SIGUSR2, on_once, SA_RESETHAND, 0);
        raise(SIGUSR2);
        raise(SIGUSR2);
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    printf("child raising twice: signaled %d sig %d\n", WIFSIGNALED(status), WIFSIGNALED(status) ? WTERMSIG(status) : -1);
}

/* ---- masks: sa_mask while a handler runs, nesting, restore, and a handler that edits uc_sigmask ---- */
static void on_hup(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; note(" hup"); note_mask(); }
static void on_usr2_late(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; note(" usr2"); note_mask(); }
static void on_usr1_nest(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)si; (void)uc;
    note("usr1"); note_mask();
    raise(SIGUSR2);   /* in sa_mask: waits for this handler's return */
    note(" raised-usr2");
    raise(SIGHUP);    /* not in sa_mask: runs now, nested */
    note(" back"); note_mask();
}
static void on_int_edit(int sig, siginfo_t *si, void *ucv) {
    (void)sig; (void)si;
    ucontext_t *uc = ucv;
    sigaddset(&uc->uc_sigmask, SIGQUIT);
    sigdelset(&uc->uc_sigmask, SIGTERM);
    note("int");
}
static void masks(void) {
    sigset_t term, old;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, &old);
    const int usr2[] = { SIGUSR2, 0 };
    install(SIGUSR1, on_usr1_nest, 0, usr2);
    install(SIGUSR2, on_usr2_late, 0, 0);
    install(SIGHUP, on_hup, 0, 0);
    raise(SIGUSR1);
    note(" after"); note_mask();
    flush_trace("nested");
    install(SIGINT, on_int_edit, 0, 0);
    raise(SIGINT);
    note(" after"); note_mask();
    flush_trace("uc_sigmask edited");
    sigprocmask(SIG_SETMASK, &old, 0);
}

/* ---- sigsuspend and pause ---- */
static volatile int usr1_hits, usr2_hits;
static void on_usr1_count(int sig) { (void)sig; usr1_hits++; }
static void on_usr2_count(int sig) { (void)sig; usr2_hits++; }
static void suspend(void) {
    signal(SIGUSR1, on_usr1_count);
    signal(SIGUSR2, on_usr2_count);
    sigset_t both, old, wait_usr1, pending;
    sigemptyset(&both);
    sigaddset(&both, SIGUSR1);
    sigaddset(&both, SIGUSR2);
    sigprocmask(SIG_BLOCK, &both, &old);
    raise(SIGUSR1);
    raise(SIGUSR2);
    wait_usr1 = both;
    sigdelset(&wait_usr1, SIGUSR1);
    int r = sigsuspend(&wait_usr1);   /* USR1 already pending: returns at once; USR2 stays blocked */
    int e = errno;
    sigpending(&pending);
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    printf("sigsuspend with usr1 pending: %d errno %d usr1 %d usr2 %d; usr2 pending %d; mask back usr1 %d usr2 %d\n",
           r, e, usr1_hits, usr2_hits, sigismember(&pending, SIGUSR2), sigismember(&now, SIGUSR1),
           sigismember(&now, SIGUSR2));
    pid_t child = fork();
    if (child == 0) { usleep(50000); kill(getppid(), SIGUSR1); _exit(0); }
    r = sigsuspend(&wait_usr1);
    e = errno;
    waitpid(child, 0, 0);
    printf("sigsuspend until a child's signal: %d errno %d usr1 %d usr2 %d\n", r, e, usr1_hits, usr2_hits);
    sigprocmask(SIG_SETMASK, &old, 0);   /* the pending USR2 is delivered here */
    printf("unblocked: usr2 %d\n", usr2_hits);
    child = fork();
    if (child == 0) { usleep(50000); kill(getppid(), SIGUSR2); _exit(0); }
    r = pause();
    e = errno;
    waitpid(child, 0, 0);
    printf("pause: %d errno %d usr2 %d\n", r, e, usr2_hits);
}

/* ---- order of several signals made pending while blocked, then unblocked at once ---- */
static void on_note_sig(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    note(" ");
    if (sig >= SIGRTMIN) { note("rt"); note_num(sig - SIGRTMIN); note("="); note_num(si->si_value.sival_int); }
    else note_num(sig);
}
static void order(void) {
    const int all[] = { SIGUSR1, SIGUSR2, SIGHUP, 0 };
    int rts[] = { SIGRTMIN + 1, SIGRTMIN + 3, 0 };
    const int *mask_sets[2] = { 0, 0 };
    int full[64], n = 0;
    for (int i = 0; all[i]; i++) full[n++] = all[i];
    for (int i = 0; rts[i]; i++) full[n++] = rts[i];
    full[n] = 0;
    mask_sets[1] = full;
    const char *names[2] = { "empty sa_mask", "all in sa_mask" };
    for (int k = 0; k < 2; k++) {
        for (int i = 0; full[i]; i++) install(full[i], on_note_sig, 0, mask_sets[k]);
        sigset_t block, old;
        sigemptyset(&block);
        for (int i = 0; full[i]; i++) sigaddset(&block, full[i]);
        sigprocmask(SIG_BLOCK, &block, &old);
        union sigval v;
        v.sival_int = 1; sigqueue(getpid(), SIGRTMIN + 3, v);
        v.sival_int = 2; sigqueue(getpid(), SIGRTMIN + 1, v);
        raise(SIGUSR2);
        v.sival_int = 3; sigqueue(getpid(), SIGRTMIN + 3, v);
        raise(SIGHUP);
        raise(SIGUSR1);
        v.sival_int = 4; sigqueue(getpid(), SIGRTMIN + 1, v);
        raise(SIGUSR1);
        sigprocmask(SIG_SETMASK, &old, 0);
        flush_trace(names[k]);
    }
}

/* ---- 10,000 signals to self ---- */
static volatile int counted, rt_counted, rt_out_of_order, rt_last;
static void on_count(int sig) { (void)sig; counted++; }
static void on_rt_count(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    if (si->si_value.sival_int != rt_last + 1) rt_out_of_order++;
    rt_last = si->si_value.sival_int;
    rt_counted++;
}
static void flood(void) {
    signal(SIGUSR1, on_count);
    for (int i = 0; i < 10000; i++) kill(getpid(), SIGUSR1);
    printf("kill unblocked x10000: %d\n", counted);
    counted = 0;
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    for (int round = 0; round < 100; round++) {
        sigprocmask(SIG_BLOCK, &usr1, 0);
        for (int i = 0; i < 100; i++) kill(getpid(), SIGUSR1);
        sigprocmask(SIG_UNBLOCK, &usr1, 0);
    }
    printf("kill x100 while blocked, 100 rounds: %d\n", counted);
    counted = 0;
    union sigval v = { .sival_int = 0 };
    for (int i = 0; i < 10000; i++) sigqueue(getpid(), SIGUSR1, v);
    printf("sigqueue standard unblocked x10000: %d\n", counted);
    install(SIGRTMIN + 2, on_rt_count, 0, 0);
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN + 2);
    int next = 1;
    for (int round = 0; round < 10; round++) {
        sigprocmask(SIG_BLOCK, &rt, 0);
        for (int i = 0; i < 1000; i++) { v.sival_int = next++; sigqueue(getpid(), SIGRTMIN + 2, v); }
        sigprocmask(SIG_UNBLOCK, &rt, 0);
    }
    printf("sigqueue real-time x1000 while blocked, 10 rounds: %d out of order %d last %d\n", rt_counted,
           rt_out_of_order, rt_last);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    setvbuf(stdout, 0, _IONBF, 0);
    printf("mode %s\n", mode);
    if (!strcmp(mode, "nodefer")) nodefer();
    else if (!strcmp(mode, "resethand")) resethand();
    else if (!strcmp(mode, "masks")) masks();
    else if (!strcmp(mode, "suspend")) suspend();
    else if (!strcmp(mode, "order")) order();
    else if (!strcmp(mode, "flood")) flood();
    else { printf("unknown mode\n"); return 2; }
    return 0;
}
