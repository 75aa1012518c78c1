/* Fixed guest CPU model; see docs/cpuid.md for every leaf and the reasons. */
#include "host.h"
#include "signal_fpstate.h"

#define EDX_FPU  (1u << 0)
#define EDX_TSC  (1u << 4)
#define EDX_CX8  (1u << 8)
#define EDX_CMOV (1u << 15)
#define EDX_MMX  (1u << 23)
#define EDX_FXSR (1u << 24)
#define EDX_SSE  (1u << 25)
#define EDX_SSE2 (1u << 26)
/* Integer extensions the translator lifts and tests/Translator.Lifting.Tests compares with the CPU. */
#define ECX_MOVBE   (1u << 22)
#define ECX_POPCNT  (1u << 23)
#define ECX_SSE42   (1u << 20)
#define ECX81_LZCNT (1u << 5)
#define EBX7_BMI1   (1u << 3)
#define EBX7_BMI2   (1u << 8)
#define EBX7_ADX    (1u << 19)
/* Crypto extensions (runtime/src/crypto.c, Semantics/Crypto.cs). */
#define ECX_PCLMULQDQ (1u << 1)
#define ECX_AES       (1u << 25)
#define EBX7_SHA      (1u << 29)
/* The rest of the vector ISA (Semantics/Sse*.cs, Avx*.cs) and the XSAVE state management of runtime/src/xsave.c,
 * which the OS side (signal frames in XSAVE format: signal_fpstate.c) completes. */
#define ECX_SSE3    (1u << 0)
#define ECX_SSSE3   (1u << 9)
#define ECX_FMA     (1u << 12)
#define ECX_CX16    (1u << 13)
#define ECX_SSE41   (1u << 19)
#define ECX_XSAVE   (1u << 26)
#define ECX_OSXSAVE (1u << 27)
#define ECX_AVX     (1u << 28)
#define ECX_F16C    (1u << 29)
#define EBX7_AVX2   (1u << 5)
#define EAXD1_XSAVEOPT (1u << 0)
#define EAXD1_XSAVEC   (1u << 1)
#define EAXD1_XGETBV1  (1u << 2)

uint32_t xl_cpuid_leaf1_ecx(uint32_t mode) {
    (void)mode; /* the same vector ISA in both modes (i386: xmm0-7, ymm0-7) */
    return ECX_MOVBE | ECX_POPCNT | ECX_SSE3 | ECX_PCLMULQDQ | ECX_SSSE3 | ECX_FMA | ECX_CX16 | ECX_SSE41 | ECX_SSE42 | ECX_AES |
           ECX_XSAVE | ECX_OSXSAVE | ECX_AVX | ECX_F16C;
}

uint32_t xl_cpuid_leaf1_edx(uint32_t mode) {
    uint32_t base = EDX_FPU | EDX_TSC | EDX_CX8 | EDX_CMOV;
    base |= EDX_MMX | EDX_FXSR;
    (void)mode;
    return base | EDX_SSE | EDX_SSE2;
}

static uint32_t str4(const char *p) {
    return (uint32_t)(uint8_t)p[0] | (uint32_t)(uint8_t)p[1] << 8 | (uint32_t)(uint8_t)p[2] << 16 |
           (uint32_t)(uint8_t)p[3] << 24;
}

void xlate_cpuid(GuestState *s) {
    uint32_t leaf = (uint32_t)s->gpr[GPR_RAX], sub = (uint32_t)s->gpr[GPR_RCX];
    uint32_t a = 0, b = 0, c = 0, d = 0;
    int x64 = s->mode != XLATE_MODE_I386;
    switch (leaf) {
    case 0: a = 0xd; b = str4("Genu"); d = str4("ineI"); c = str4("ntel"); break;
    case 1:
        a = 0x000306c3;        /* family 6, model 0x3c, stepping 3 */
        b = 0x00010800;        /* CLFLUSH line 8*8 bytes, 1 logical processor, APIC id 0 */
        c = xl_cpuid_leaf1_ecx(s->mode);
        d = xl_cpuid_leaf1_edx(s->mode);
        break;
    case 2: a = 0x0000ff01; break; /* one iteration; descriptor 0xff: "use leaf 4" */
    case 4:
        switch (sub) {
        case 0: a = 0x121; b = (7u << 22) | 63; c = 63; break;            /* L1d 32K 8-way 64B */
        case 1: a = 0x122; b = (7u << 22) | 63; c = 63; break;            /* L1i 32K 8-way 64B */
        case 2: a = 0x143; b = (15u << 22) | 63; c = 1023; break;         /* L2 1M 16-way 64B */
        case 3: a = 0x163; b = (15u << 22) | 63; c = 8191; d = 2; break;  /* L3 8M 16-way 64B, inclusive */
        default: break;
        }
        break;
    case 7: /* max subleaf 0 */
        if (sub == 0) b = EBX7_BMI1 | EBX7_BMI2 | EBX7_ADX | EBX7_SHA | EBX7_AVX2;
        break;
    case 0xd: /* XSAVE components x87, SSE, AVX (XCR0 = 7): standard layout 832 bytes, AVX at 576 */
        if (sub == 0) { a = (uint32_t)XL_XCR0; b = c = XL_XSAVE_SIZE; }
        else if (sub == 1) { a = EAXD1_XSAVEOPT | EAXD1_XSAVEC | EAXD1_XGETBV1; b = XL_XSAVE_SIZE; }
        else if (sub == 2) { a = XL_XSAVE_AVX_SIZE; b = XL_XSAVE_AVX_OFFSET; }
        break;
    case 0x80000000: a = 0x80000008; break;
    case 0x80000001:
        if (x64) { d = (1u << 11) | (1u << 20) | (1u << 29); c = 1; } /* SYSCALL, NX, LM; LAHF_LM */
        else d = 1u << 20;                                              /* NX */
        c |= ECX81_LZCNT;
        break;
    case 0x80000002: case 0x80000003: case 0x80000004: {
        static const char brand[48] = "xlate x86-64 on AArch64";
        const char *p = brand + (leaf - 0x80000002) * 16;
        a = str4(p); b = str4(p + 4); c = str4(p + 8); d = str4(p + 12);
        break;
    }
    case 0x80000006: c = (1024u << 16) | (0x8u << 12) | 64; break; /* L2 1024K, 16-way, 64B lines */
    case 0x80000008: a = x64 ? 0x3027 : 0; break;
    default: break;
    }
    s->gpr[GPR_RAX] = a; s->gpr[GPR_RBX] = b; s->gpr[GPR_RCX] = c; s->gpr[GPR_RDX] = d;
}

uint64_t xlate_rdtsc(GuestState *s) {
    (void)s;
    static uint64_t mult; /* (1e9 << 32) / cntfrq: scales the counter to a 1 GHz TSC */
    uint64_t cnt, frq;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt) :: "memory");
    if (!mult) {
        __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
        if (!frq) frq = 1000000000ull;
        mult = (1000000000ull << 32) / frq;
        if (!mult) mult = 1;
    }
    return (uint64_t)(((unsigned __int128)cnt * mult) >> 32);
}
