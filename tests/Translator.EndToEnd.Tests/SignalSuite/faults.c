/* Faults taken by handlers: SIGFPE from integer division (by zero, INT_MIN / -1, a quotient too wide for 8 bits),
 * SIGILL from ud2, SIGTRAP from int3 (a trap: the handler returns and execution goes on after it), and a stack
 * overflow handled on the alternate stack. si_addr and the context's pc are printed as comparisons with labels. */
#define _GNU_SOURCE
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

#ifdef __x86_64__
#define REG_PC REG_RIP
#else
#define REG_PC REG_EIP
#endif

static sigjmp_buf env;
static volatile int got_sig, got_code, got_trapno;
static volatile uintptr_t got_addr, got_pc;

static void on_fault(int sig, siginfo_t *si, void *ucv) {
    ucontext_t *uc = ucv;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    got_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_PC];
    got_trapno = (int)uc->uc_mcontext.gregs[REG_TRAPNO];
    siglongjmp(env, 1);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, 0);
}

/* each faulting instruction has a global label, so si_addr and the frame's pc can be compared with it */
extern const char idiv_insn[], idiv_min_insn[], div8_insn[], ud2_insn[], int3_insn[], int3_after[];
__attribute__((noinline)) static int divide(int a, int b) {
    int q;
    __asm__ volatile(".globl idiv_insn\n\tcltd\nidiv_insn:\n\tidivl %2" : "=a"(q) : "a"(a), "r"(b) : "edx", "cc");
    return q;
}
__attribute__((noinline)) static int divide_min(int b) {
    int q;
    __asm__ volatile(".globl idiv_min_insn\n\tcltd\nidiv_min_insn:\n\tidivl %2" : "=a"(q) : "a"(INT_MIN), "r"(b) : "edx", "cc");
    return q;
}
/* 1000 / 2 = 500 does not fit in al: a divide error although nothing is zero */
__attribute__((noinline)) static int divide8(int a, int b) {
    int q;
    __asm__ volatile(".globl div8_insn\ndiv8_insn:\n\tdivb %b2" : "=a"(q) : "a"(a), "q"(b) : "cc");
    return q & 0xff;
}
__attribute__((noinline)) static void undefined(void) { __asm__ volatile(".globl ud2_insn\nud2_insn:\n\tud2"); }

static void report(const char *what, const char *insn) {
    printf("%s: sig %d code %d trapno %d addr_ok %d pc_ok %d\n", what, got_sig, got_code, got_trapno,
           got_addr == (uintptr_t)insn, got_pc == (uintptr_t)insn);
    got_sig = got_code = got_trapno = -1;
    got_addr = got_pc = 0;
}

static void fpe(void) {
    install(SIGFPE, on_fault, 0);
    for (int round = 0; round < 3; round++) {
        if (sigsetjmp(env, 1) == 0) { printf("no fault %d\n", divide(7, 0)); }
        report("idiv by 0", idiv_insn);
        if (sigsetjmp(env, 1) == 0) { printf("no fault %d\n", divide_min(-1)); }
        report("INT_MIN / -1", idiv_min_insn);
        if (sigsetjmp(env, 1) == 0) { printf("no fault %d\n", divide8(1000, 2)); }
        report("8-bit quotient overflow", div8_insn);
    }
    printf("still fine: %d %d %d\n", divide(-7, 2), divide_min(2), divide8(1000, 4));
    volatile long long big = LLONG_MIN, zero = 0, minus = -1;
    if (sigsetjmp(env, 1) == 0) printf("no fault %lld\n", big / zero);
    printf("long long / 0: sig %d code %d\n", got_sig, got_code);
    got_sig = got_code = -1;
    if (sigsetjmp(env, 1) == 0) printf("LLONG_MIN / -1 = %lld\n", big / minus);
    else printf("LLONG_MIN / -1: sig %d code %d\n", got_sig, got_code);
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    printf("SIGFPE blocked after siglongjmp %d\n", sigismember(&now, SIGFPE));
}

static void ill(void) {
    install(SIGILL, on_fault, 0);
    for (int round = 0; round < 3; round++) {
        if (sigsetjmp(env, 1) == 0) { undefined(); printf("no fault\n"); }
        report("ud2", ud2_insn);
    }
}

static volatile int traps;
static volatile uintptr_t trap_pc;
static void on_trap(int sig, siginfo_t *si, void *ucv) {
    ucontext_t *uc = ucv;
    traps++;
    got_sig = sig;
    got_code = si->si_code;
    trap_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_PC];
    got_trapno = (int)uc->uc_mcontext.gregs[REG_TRAPNO];
}
__attribute__((noinline)) static int breakpoint(int x) {
    __asm__ volatile(".globl int3_insn, int3_after\nint3_insn:\n\tint3\nint3_after:\n\tadd $5, %0" : "+r"(x) : : "cc");
    return x;
}
static void trap(void) {
    install(SIGTRAP, on_trap, 0);
    int sum = 0;
    for (int i = 0; i < 3; i++) sum += breakpoint(i);
    printf("int3 x3: traps %d sig %d code %#x trapno %d pc after int3 %d sum %d\n", traps, got_sig, got_code,
           got_trapno, trap_pc == (uintptr_t)int3_after, sum);
    raise(SIGTRAP);
    printf("raise(SIGTRAP): traps %d code %d\n", traps, got_code);
}

/* ---- stack overflow on the alternate stack ---- */
static char alt_stack[1 << 16];
static volatile int on_alt, overflow_code;
static void on_overflow(int sig, siginfo_t *si, void *uc) {
    (void)uc; (void)sig;
    char here;
    on_alt = (uintptr_t)&here >= (uintptr_t)alt_stack && (uintptr_t)&here < (uintptr_t)alt_stack + sizeof alt_stack;
    overflow_code = si->si_code;
    siglongjmp(env, 1);
}
__attribute__((noinline)) static int recurse(volatile char *prev, int n) {
    volatile char frame[256];
    frame[0] = (char)n;
    frame[255] = prev ? prev[0] : 0;
    if (n == INT_MAX) return 0;   /* never: the stack ends first */
    return recurse(frame, n + 1) + frame[n & 255];
}
static void overflow(void) {
    struct rlimit small = { 1 << 20, 1 << 20 };   /* a 1 MiB stack: overflows quickly */
    setrlimit(RLIMIT_STACK, &small);
    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0 };
    sigaltstack(&ss, 0);
    install(SIGSEGV, on_overflow, SA_ONSTACK);
    for (int round = 0; round < 2; round++) {
        on_alt = 0;
        if (sigsetjmp(env, 1) == 0) printf("no overflow %d\n", recurse(0, 0));
        else printf("recovered: on alternate stack %d code %d\n", on_alt, overflow_code);
    }
    stack_t cur;
    sigaltstack(0, &cur);
    printf("alternate stack after: flags %d\n", cur.ss_flags);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    setvbuf(stdout, 0, _IONBF, 0);
    printf("mode %s\n", mode);
    if (!strcmp(mode, "fpe")) fpe();
    else if (!strcmp(mode, "ill")) ill();
    else if (!strcmp(mode, "trap")) trap();
    else if (!strcmp(mode, "overflow")) overflow();
    else { printf("unknown mode\n"); return 2; }
    return 0;
}
