/* The x87/SSE state in signal frames (issue 6): what a handler finds behind uc_mcontext.fpregs (i386: also the
 * old sigframe's sigcontext.fpstate), and that its edits there take effect after it returns. Also glibc's own use
 * of fpregs (getcontext/setcontext). Run as `fpstate MODE`; the output must equal the native run's. Values that
 * depend on the CPU's XSAVE support are printed as consistency checks against CPUID (OSXSAVE). */
#define _GNU_SOURCE
#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#ifdef __x86_64__
#define FXSAVE_AT 0          /* the fxsave image relative to the fpstate pointer */
#define HEADER_EXTRA 0
#else
#define FXSAVE_AT 112        /* after the fnsave-style header of struct _fpstate_32 */
#define HEADER_EXTRA 112
#endif
#define MAGIC1 0x46505853u
#define MAGIC2 0x46505845u

static const uint32_t pattern_in[4] = { 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00 };
static const uint32_t pattern_out[4] = { 0xcafef00d, 0x0badc0de, 0x12345678, 0x9abcdef0 };
static const unsigned char two[10] = { 0, 0, 0, 0, 0, 0, 0, 0x80, 0x00, 0x40 }; /* 2.0 as 80 bits */

struct after { uint32_t xmm0[4]; uint32_t mxcsr; uint16_t cw, sw; unsigned char st0[10], st1[10]; };

static int osxsave(void) {
    unsigned a, b, c, d;
    return __get_cpuid(1, &a, &b, &c, &d) && (c >> 27 & 1);
}

static void hex80(const char *name, const unsigned char *p) {
    printf(" %s ", name);
    for (int i = 9; i >= 0; i--) printf("%02x", p[i]);
}

static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t rd16(const unsigned char *p) { uint16_t v; memcpy(&v, p, 2); return v; }

/* Loads x87 (fninit; cw 0x027f; fld1; fldpi), xmm0 and MXCSR (round down), sends sig to this thread with a direct
 * tgkill, and records the state right after the syscall (when the handler has returned). */
static void raise_with_state(int sig, struct after *out) {
    uint16_t cw = 0x027f;
    uint32_t mx = 0x3f80, dflt = 0x1f80;
    long pid = getpid(), tid = syscall(SYS_gettid);
#ifdef __x86_64__
    __asm__ volatile(
        "fninit\n fldcw %[cw]\n fld1\n fldpi\n movdqu %[pat], %%xmm0\n ldmxcsr %[mx]\n"
        "mov $234, %%eax\n syscall\n"
        "movdqu %%xmm0, %[x]\n stmxcsr %[omx]\n fnstcw %[ocw]\n fnstsw %[osw]\n fstpt %[s0]\n fstpt %[s1]\n"
        "fninit\n ldmxcsr %[dflt]\n"
        : [x] "=m"(out->xmm0), [omx] "=m"(out->mxcsr), [ocw] "=m"(out->cw), [osw] "=m"(out->sw),
          [s0] "=m"(out->st0), [s1] "=m"(out->st1)
        : [cw] "m"(cw), [pat] "m"(pattern_in), [mx] "m"(mx), [dflt] "m"(dflt), "D"(pid), "S"(tid), "d"((long)sig)
        : "rax", "rcx", "r11", "xmm0", "memory");
#else
    __asm__ volatile(
        "fninit\n fldcw %[cw]\n fld1\n fldpi\n movdqu %[pat], %%xmm0\n ldmxcsr %[mx]\n"
        "mov $270, %%eax\n int $0x80\n"
        "movdqu %%xmm0, %[x]\n stmxcsr %[omx]\n fnstcw %[ocw]\n fnstsw %[osw]\n fstpt %[s0]\n fstpt %[s1]\n"
        "fninit\n ldmxcsr %[dflt]\n"
        : [x] "=m"(out->xmm0), [omx] "=m"(out->mxcsr), [ocw] "=m"(out->cw), [osw] "=m"(out->sw),
          [s0] "=m"(out->st0), [s1] "=m"(out->st1)
        : [cw] "m"(cw), [pat] "m"(pattern_in), [mx] "m"(mx), [dflt] "m"(dflt), "b"(pid), "c"(tid), "d"(sig)
        : "eax", "memory"); /* no xmm0 clobber: this i686 code is built without -msse, so the compiler keeps nothing there */
#endif
}

static void print_after(const struct after *a) {
    printf("after: xmm0 %08x %08x %08x %08x mxcsr 0x%04x cw 0x%04x sw 0x%04x", a->xmm0[0], a->xmm0[1], a->xmm0[2],
           a->xmm0[3], a->mxcsr, a->cw, a->sw);
    hex80("st0", a->st0);
    hex80("st1", a->st1);
    printf("\n");
}

/* The handler's own starting state: Linux gives it a fresh FPU (fninit, MXCSR 0x1f80, xmm zero). */
static void print_entry_state(void) {
    uint32_t x[4], mx;
    uint16_t cw, sw;
    unsigned char env[28];
    __asm__ volatile("movdqu %%xmm0, %0\n stmxcsr %1\n fnstcw %2\n fnstsw %3\n fnstenv %4\n fldenv %4"
                     : "=m"(x), "=m"(mx), "=m"(cw), "=m"(sw), "=m"(env));
    printf("entry: xmm0 %08x %08x %08x %08x mxcsr 0x%04x cw 0x%04x sw 0x%04x tags 0x%04x\n", x[0], x[1], x[2], x[3],
           mx, cw, sw, rd16(env + 8));
}

/* The fxsave image: prints it, then edits xmm0, MXCSR (round up) and, when x87 is set, cw (round toward zero,
 * 53-bit precision) and ST(0) = 2.0. */
static void show_and_edit_fxsave(unsigned char *fx, int edit_x87) {
    printf("fxsave: cwd 0x%04x swd 0x%04x ftw 0x%02x mxcsr 0x%04x", rd16(fx), rd16(fx + 2), fx[4], rd32(fx + 24));
    hex80("st0", fx + 32);
    hex80("st1", fx + 48);
    printf(" xmm0 %08x %08x %08x %08x\n", rd32(fx + 160), rd32(fx + 164), rd32(fx + 168), rd32(fx + 172));
    memcpy(fx + 160, pattern_out, 16);
    uint32_t mx = 0x5f80;
    memcpy(fx + 24, &mx, 4);
    uint16_t cw = edit_x87 ? 0x0e7f : 0x0f7f; /* i386: the image's x87 part is ignored by sigreturn */
    memcpy(fx, &cw, 2);
    memcpy(fx + 32, two, 10);
}

static void show_sw_bytes(const unsigned char *fpstate, long uc_flags) { /* uc_flags -1: old frame, no ucontext */
    const unsigned char *fx = fpstate + FXSAVE_AT, *sw = fx + 464;
    uint32_t magic1 = rd32(sw), ext = rd32(sw + 4), size = rd32(sw + 16);
    uint64_t features;
    memcpy(&features, sw + 8, 8);
    int x = osxsave();
    printf("sw_reserved: magic1 %d extended_size %d xstate_size %d xfeatures %d magic2 %d uc_flags %d\n",
           magic1 == MAGIC1, ext == size + 4 + HEADER_EXTRA, (size == 512) == !x,
           x ? (features & 3) == 3 : features == 0, x ? rd32(fx + size) == MAGIC2 : 1, uc_flags < 0 || (int)(uc_flags & 1) == x);
}

#ifndef __x86_64__
static void show_and_edit_header(unsigned char *fp) {
    printf("header: cw 0x%08x sw 0x%08x tag 0x%08x cssel 0x%x datasel 0x%08x status 0x%04x magic 0x%04x",
           rd32(fp), rd32(fp + 4), rd32(fp + 8), rd32(fp + 16), rd32(fp + 24), rd16(fp + 108), rd16(fp + 110));
    hex80("st0", fp + 28);
    hex80("st1", fp + 38);
    printf("\n");
    uint32_t cw = 0xffff0e7f;
    memcpy(fp, &cw, 4);
    memcpy(fp + 28, two, 10);
}
#endif

static void on_siginfo(int sig, siginfo_t *si, void *ucv) {
    print_entry_state();
    (void)sig; (void)si;
    ucontext_t *uc = ucv;
    unsigned char *fp = (unsigned char *)uc->uc_mcontext.fpregs;
    printf("fpregs set %d, fpregs %% 64 = %d\n", fp != 0, (int)((uintptr_t)fp % 64));
    if (!fp) return;
    /* The kernel puts the image 64-aligned right below the stack pointer (x86-64: below the red zone), the i386
     * header below it, the frame (with uc) below that. Its size: the xsave area + MAGIC2, or 512 without XSAVE. */
    uint32_t size = osxsave() ? rd32(fp + FXSAVE_AT + 464 + 4) - HEADER_EXTRA : 512;
#ifdef __x86_64__
    uintptr_t image = uc->uc_mcontext.gregs[REG_RSP] - 128 - size;
#else
    uintptr_t image = uc->uc_mcontext.gregs[REG_ESP] - size;
#endif
    uintptr_t at = (uintptr_t)fp + FXSAVE_AT;
    printf("placement: below sp %d, above the frame %d\n", at <= image && at > image - 64, (uintptr_t)fp > (uintptr_t)uc);
    show_sw_bytes(fp, (long)uc->uc_flags);
#ifdef __x86_64__
    show_and_edit_fxsave(fp, 1);
#else
    show_and_edit_fxsave(fp + FXSAVE_AT, 0);
    show_and_edit_header(fp);
#endif
}

#ifndef __x86_64__
static void on_legacy(int sig, struct sigcontext sc) {
    print_entry_state();
    (void)sig;
    unsigned char *fp = (unsigned char *)sc.fpstate;
    printf("fpstate set %d, fpstate %% 64 = %d\n", fp != 0, (int)((uintptr_t)fp % 64));
    if (!fp) return;
    show_sw_bytes(fp, -1);
    show_and_edit_fxsave(fp + FXSAVE_AT, 0);
    show_and_edit_header(fp);
}
#endif

static void getcontext_roundtrip(void) {
    static volatile int pass;
    static ucontext_t uc;
    uint16_t cw;
    uint32_t mx, dflt = 0x1f80;
    pass = 0;
    getcontext(&uc);
    if (pass == 0) {
        pass = 1;
        printf("getcontext: fpregs is its own area %d\n", (void *)uc.uc_mcontext.fpregs == (void *)&uc.__fpregs_mem);
#ifdef __x86_64__
        uc.uc_mcontext.fpregs->cwd = 0x0e7f;
        uc.__fpregs_mem.mxcsr = 0x5f80;
#else
        uc.uc_mcontext.fpregs->cw = 0xffff0e7f;
#endif
        setcontext(&uc);
        printf("setcontext returned\n");
    }
    __asm__ volatile("fnstcw %0\n stmxcsr %1\n fninit\n ldmxcsr %2" : "=m"(cw), "=m"(mx) : "m"(dflt));
#ifdef __x86_64__
    printf("after setcontext: cw 0x%04x mxcsr 0x%04x\n", cw, mx);
#else
    printf("after setcontext: cw 0x%04x\n", cw);
#endif
}

/* A handler that uses AVX (vzeroupper zeroes every upper ymm half) must not change the interrupted code's ymm
 * registers: the kernel saves them with XSAVE; the translator keeps them beside the frame's fxsave image. */
__attribute__((target("avx"))) static void on_ymm(int sig) {
    (void)sig;
    __asm__ volatile("vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n\tvmovdqa %%ymm0, %%ymm1\n\tvzeroupper" ::: "xmm0", "xmm1");
}

__attribute__((target("avx"))) static void ymm_roundtrip(void) {
    static const uint32_t in[8] = { 1, 2, 3, 4, 0x55667788, 0x99aabbcc, 0xddeeff00, 0x11223344 };
    uint32_t out0[8], out1[8];
    signal(SIGUSR2, on_ymm);
    long pid = getpid();
#ifdef __x86_64__
    __asm__ volatile("vmovdqu %[in], %%ymm0\n\tvmovdqu %[in], %%ymm1\n\tsyscall\n\t"
                     "vmovdqu %%ymm0, %[o0]\n\tvmovdqu %%ymm1, %[o1]"
                     : [o0] "=m"(out0), [o1] "=m"(out1)
                     : [in] "m"(in), "a"(62L /* kill */), "D"(pid), "S"((long)SIGUSR2)
                     : "rcx", "r11", "xmm0", "xmm1", "memory");
#else
    __asm__ volatile("vmovdqu %[in], %%ymm0\n\tvmovdqu %[in], %%ymm1\n\tint $0x80\n\t"
                     "vmovdqu %%ymm0, %[o0]\n\tvmovdqu %%ymm1, %[o1]"
                     : [o0] "=m"(out0), [o1] "=m"(out1)
                     : [in] "m"(in), "a"(37L /* kill */), "b"(pid), "c"((long)SIGUSR2)
                     : "xmm0", "xmm1", "memory");
#endif
    printf("ymm0 kept %d ymm1 kept %d\n", !memcmp(in, out0, 32), !memcmp(in, out1, 32));
}

/* XSAVE-format frames (CPUs with OSXSAVE): the handler reads the upper ymm halves from the area (at the offset of
 * cpuid leaf 0xd subleaf 2), changes the area as `how` says, and the program prints ymm0/ymm1 after sigreturn:
 * "edit" writes ymm1's upper half, "clear-bv" clears AVX in XSTATE_BV, "no-magic2" breaks MAGIC2 (the kernel then
 * takes a plain fxsave image), "no-xfeatures" drops AVX from sw_reserved.xfeatures. */
static const char *xstate_how;

static void on_xstate(int sig, siginfo_t *si, void *ucv) {
    (void)sig; (void)si;
    ucontext_t *uc = ucv;
    unsigned char *fx = (unsigned char *)uc->uc_mcontext.fpregs + FXSAVE_AT;
    unsigned a, b, c, d;
    __cpuid_count(0xd, 2, a, b, c, d);
    uint64_t bv;
    memcpy(&bv, fx + 512, 8);
    printf("handler: uc_flags fp_xstate %d avx in use %d ymm0 high %08x %08x %08x %08x ymm1 high %08x %08x %08x %08x\n",
           (int)(uc->uc_flags & 1), (int)(bv >> 2 & 1), rd32(fx + b), rd32(fx + b + 4), rd32(fx + b + 8),
           rd32(fx + b + 12), rd32(fx + b + 16), rd32(fx + b + 20), rd32(fx + b + 24), rd32(fx + b + 28));
    if (!strcmp(xstate_how, "edit")) memcpy(fx + b + 16, pattern_out, 16);
    else if (!strcmp(xstate_how, "clear-bv")) { bv &= ~4ull; memcpy(fx + 512, &bv, 8); }
    else if (!strcmp(xstate_how, "no-magic2")) fx[rd32(fx + 464 + 16)] ^= 1;
    else if (!strcmp(xstate_how, "no-xfeatures")) fx[464 + 8] &= (unsigned char)~4;
    memcpy(fx + 160, pattern_out, 16); /* xmm0's low half: taken in every case */
}

__attribute__((target("avx"))) static void xstate_roundtrip(const char *how) {
    if (!osxsave()) { printf("no xsave\n"); return; }
    static const uint32_t in[8] = { 1, 2, 3, 4, 0x55667788, 0x99aabbcc, 0xddeeff00, 0x11223344 };
    static const uint32_t in1[8] = { 5, 6, 7, 8, 0xa1a2a3a4, 0xb1b2b3b4, 0xc1c2c3c4, 0xd1d2d3d4 };
    uint32_t out0[8], out1[8];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_xstate;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, 0);
    xstate_how = how;
    long pid = getpid();
#ifdef __x86_64__
    __asm__ volatile("vmovdqu %[in], %%ymm0\n\tvmovdqu %[in1], %%ymm1\n\tsyscall\n\t"
                     "vmovdqu %%ymm0, %[o0]\n\tvmovdqu %%ymm1, %[o1]\n\tvzeroupper"
                     : [o0] "=m"(out0), [o1] "=m"(out1)
                     : [in] "m"(in), [in1] "m"(in1), "a"(62L /* kill */), "D"(pid), "S"((long)SIGUSR1)
                     : "rcx", "r11", "xmm0", "xmm1", "memory");
#else
    __asm__ volatile("vmovdqu %[in], %%ymm0\n\tvmovdqu %[in1], %%ymm1\n\tint $0x80\n\t"
                     "vmovdqu %%ymm0, %[o0]\n\tvmovdqu %%ymm1, %[o1]\n\tvzeroupper"
                     : [o0] "=m"(out0), [o1] "=m"(out1)
                     : [in] "m"(in), [in1] "m"(in1), "a"(37L /* kill */), "b"(pid), "c"((long)SIGUSR1)
                     : "xmm0", "xmm1", "memory");
#endif
    printf("after: ymm0");
    for (int i = 0; i < 8; i++) printf(" %08x", out0[i]);
    printf(" ymm1");
    for (int i = 0; i < 8; i++) printf(" %08x", out1[i]);
    printf("\n");
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "siginfo";
    printf("mode %s\n", mode);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    struct after a;
    if (!strcmp(mode, "siginfo")) {
        sa.sa_sigaction = on_siginfo;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGUSR1, &sa, 0);
        raise_with_state(SIGUSR1, &a);
        print_after(&a);
    } else if (!strcmp(mode, "legacy")) {
#ifdef __x86_64__
        printf("no legacy frame on x86-64\n");
#else
        sa.sa_handler = (void (*)(int))(void *)on_legacy;
        sigaction(SIGUSR1, &sa, 0);
        raise_with_state(SIGUSR1, &a);
        print_after(&a);
#endif
    } else if (!strcmp(mode, "getcontext")) {
        getcontext_roundtrip();
    } else if (!strcmp(mode, "ymm")) {
        ymm_roundtrip();
    } else if (!strncmp(mode, "xstate-", 7)) {
        xstate_roundtrip(mode + 7);
    } else {
        return 2;
    }
    return 0;
}
