/* --faults=precise (issue 6): a SIGSEGV handler sees every register and the arithmetic flags as they were at the
 * faulting load, and may change them: "retry" points the address register at valid memory and returns (the load
 * runs again), "skip" moves rip past the load and sets its destination, "edit" changes another register as well.
 * Run as `precise_fault MODE`; the output must equal the native run's. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile uintptr_t cell[2] = { 0x1234, 0x5678 };
static uintptr_t out[16];
static uintptr_t *volatile out_ptr = out;
static const char *mode;
extern char xl_fault_at[], xl_fault_end[];

#ifdef __x86_64__
#define NREG 13
static const char *const names[NREG] = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "eflags" };
static const int gindex[NREG] = { REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_R8, REG_R9, REG_R10, REG_R11,
                                  REG_R12, REG_R13, REG_EFL };
#define PC REG_RIP
#define ADDR REG_RAX
#define DEST REG_R11
#define OTHER REG_RBX

__attribute__((noinline)) static void run(void) {
    __asm__ volatile(
        "mov $0x1111, %%rbx\n\t"
        "lea 0x2222(%%rbx), %%rcx\n\t"
        "mov $0x4444, %%rdx\n\t"
        "imul $3, %%rdx, %%rsi\n\t"
        "mov %%rsi, %%rdi\n\t"
        "xor $0xff, %%rdi\n\t"
        "mov $-8, %%r8\n\t"
        "shl $4, %%r8\n\t"
        "mov $0x99, %%r9\n\t"
        "mov $0xaa, %%r10\n\t"
        "mov $0xbb, %%r11\n\t"
        "mov $0xcc, %%r12\n\t"
        "lea 7(%%r12,%%r12,2), %%r13\n\t"
        "mov $16, %%rax\n\t"
        "cmp $0x2000, %%rbx\n\t" /* CF, SF, AF set */
        ".globl xl_fault_at\nxl_fault_at:\n\t"
        "mov (%%rax), %%r11\n\t"
        ".globl xl_fault_end\nxl_fault_end:\n\t"
        "pushf\n\tpop %%r12\n\t"
        "mov %[o], %%r14\n\t"
        "mov %%rax, 0(%%r14)\n\tmov %%rbx, 8(%%r14)\n\tmov %%rcx, 16(%%r14)\n\tmov %%rdx, 24(%%r14)\n\t"
        "mov %%rsi, 32(%%r14)\n\tmov %%rdi, 40(%%r14)\n\tmov %%r8, 48(%%r14)\n\tmov %%r9, 56(%%r14)\n\t"
        "mov %%r10, 64(%%r14)\n\tmov %%r11, 72(%%r14)\n\tmov %%r12, 96(%%r14)\n\tmov %%r13, 88(%%r14)\n\t"
        :
        : [o] "m"(out_ptr)
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "memory", "cc");
}
#else
#define NREG 7
static const char *const names[NREG] = { "eax", "ebx", "ecx", "edx", "esi", "edi", "eflags" };
static const int gindex[NREG] = { REG_EAX, REG_EBX, REG_ECX, REG_EDX, REG_ESI, REG_EDI, REG_EFL };
#define PC REG_EIP
#define ADDR REG_EAX
#define DEST REG_EDX
#define OTHER REG_EBX

__attribute__((noinline)) static void run(void) {
    __asm__ volatile(
        "push %%ebp\n\t"
        "push %[o]\n\t" /* the operand may be addressed through ebp (PIC), which holds the flags below */
        "mov $0x1111, %%ebx\n\t"
        "lea 0x2222(%%ebx), %%ecx\n\t"
        "mov $0x4444, %%edx\n\t"
        "imul $3, %%edx, %%esi\n\t"
        "mov %%esi, %%edi\n\t"
        "xor $0xff, %%edi\n\t"
        "mov $16, %%eax\n\t"
        "cmp $0x2000, %%ebx\n\t"
        ".globl xl_fault_at\nxl_fault_at:\n\t"
        "mov (%%eax), %%edx\n\t"
        ".globl xl_fault_end\nxl_fault_end:\n\t"
        "pushf\n\tpop %%ebp\n\t"
        "xchg %%edi, (%%esp)\n\t"
        "mov %%eax, 0(%%edi)\n\tmov %%ebx, 4(%%edi)\n\tmov %%ecx, 8(%%edi)\n\tmov %%edx, 12(%%edi)\n\t"
        "mov %%esi, 16(%%edi)\n\tmov %%ebp, 24(%%edi)\n\tpop %%eax\n\tmov %%eax, 20(%%edi)\n\t"
        "pop %%ebp\n\t"
        :
        : [o] "m"(out_ptr)
        : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
}
#endif

#define FLAGS_SHOWN 0x8d5u /* CF PF AF ZF SF OF */

static void on_segv(int sig, siginfo_t *si, void *ucv) {
    (void)sig;
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    printf("fault: at the load %d, si_addr %#lx,", (char *)g[PC] == xl_fault_at, (unsigned long)(uintptr_t)si->si_addr);
    for (int i = 0; i < NREG; i++)
        printf(" %s %#lx", names[i], (unsigned long)(i == NREG - 1 ? (uintptr_t)g[gindex[i]] & FLAGS_SHOWN : (uintptr_t)g[gindex[i]]));
    printf("\n");
    if (!strcmp(mode, "retry")) {
        g[ADDR] = (greg_t)(uintptr_t)&cell[0];
    } else if (!strcmp(mode, "skip")) {
        g[PC] = (greg_t)(uintptr_t)xl_fault_end;
        g[DEST] = 0x77;
    } else if (!strcmp(mode, "edit")) {
        g[ADDR] = (greg_t)(uintptr_t)&cell[1];
        g[OTHER] = 0x9999;
    }
}

int main(int argc, char **argv) {
    mode = argc > 1 ? argv[1] : "retry";
    printf("mode %s\n", mode);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
    run();
    printf("after:");
    for (int i = 0; i < NREG; i++) {
        uintptr_t v = out[i];
        if (i == NREG - 1) v &= FLAGS_SHOWN;
        if (i == 0) v = v == (uintptr_t)&cell[0] ? 1 : v == (uintptr_t)&cell[1] ? 2 : v; /* the address: which cell */
        printf(" %s %#lx", names[i], (unsigned long)v);
    }
    printf("\n");
    return 0;
}
