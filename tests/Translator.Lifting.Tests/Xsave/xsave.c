/* The XSAVE feature set for x87, SSE and AVX (XCR0 & 7), on x86-64 and i386: xgetbv, xsave/xsaveopt/xsavec into
 * areas pre-filled with a marker (so untouched bytes show), xrstor of edited areas with every requested-feature mask
 * and header, and the #GP cases (run in a forked child, which must die of SIGSEGV). Freestanding: build with
 * -static -nostdlib -fno-pie -mgeneral-regs-only, so that compiled code never touches the x87/SSE/AVX state between
 * the asm blocks. Bytes that differ between CPUs are printed as "--": FOP/FIP/FDP (6..23) and MXCSR_MASK (28..31). */
#include <stdint.h>
#include <stddef.h>

#ifdef __x86_64__
#define NVEC 16
#define SYS_WRITE 1
#define SYS_EXIT 60
#define SYS_FORK 57
#define SYS_WAIT4 61
static long sys4(long n, long a, long b, long c, long d)
{
    long r;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
    return r;
}
#else
#define NVEC 8
#define SYS_WRITE 4
#define SYS_EXIT 1
#define SYS_FORK 2
#define SYS_WAIT4 114
static long sys4(long n, long a, long b, long c, long d)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d) : "memory");
    return r;
}
#endif

static char out_buf[8192];
static size_t out_len;
static void flush_out(void)
{
    if (out_len) sys4(SYS_WRITE, 1, (long)out_buf, (long)out_len, 0);
    out_len = 0;
}
static void put(const char *s)
{
    while (*s) {
        if (out_len == sizeof out_buf) flush_out();
        out_buf[out_len++] = *s++;
    }
}
static void hex(uint64_t v, int digits)
{
    char t[17];
    for (int i = digits - 1; i >= 0; i--) { t[i] = "0123456789abcdef"[v & 15]; v >>= 4; }
    t[digits] = 0;
    put(t);
}
static void fill(uint8_t *p, int c, size_t n) { for (size_t i = 0; i < n; i++) { __asm__("" ::: "memory"); p[i] = (uint8_t)c; } }
static void copy(uint8_t *d, const uint8_t *s, size_t n) { for (size_t i = 0; i < n; i++) { __asm__("" ::: "memory"); d[i] = s[i]; } }
static uint64_t get64(const uint8_t *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = v << 8 | p[i]; return v; }
static void set64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) { p[i] = (uint8_t)v; v >>= 8; } }
static void set32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) { p[i] = (uint8_t)v; v >>= 8; } }

#define AREA 1024
#define MARKER 0xa5
static uint8_t area[AREA] __attribute__((aligned(64)));
static uint8_t saved[AREA] __attribute__((aligned(64)));

/* A register state: ymm0..15 (32 bytes each) at 0, five 80-bit x87 values at 512 + 16*i, FCW at 592, MXCSR at 596. */
struct pattern { uint8_t bytes[640]; } __attribute__((aligned(64)));
static struct pattern pat_a, pat_b;

static void make_pattern(struct pattern *p, uint32_t seed, uint16_t cw, uint32_t mxcsr)
{
    uint32_t x = seed;
    for (int i = 0; i < 512; i++) { x = x * 1103515245u + 12345u; p->bytes[i] = (uint8_t)(x >> 16); }
    for (int i = 0; i < 5; i++) {
        uint8_t *f = p->bytes + 512 + 16 * i;
        for (int k = 0; k < 8; k++) { x = x * 1103515245u + 12345u; f[k] = (uint8_t)(x >> 16); }
        f[7] |= 0x80;                                  /* normal: integer bit set */
        f[8] = (uint8_t)(0xff + i); f[9] = (uint8_t)(0x3f | (i & 1) << 7);
    }
    p->bytes[592] = (uint8_t)cw; p->bytes[593] = (uint8_t)(cw >> 8);
    set32(p->bytes + 596, mxcsr);
}

/* Loads a pattern: x87 with five values and inf = 1/0 pushed (ZE set, two registers empty), MXCSR, all ymm. */
#define LOAD_X87 \
    "fninit\n fldcw 592(%[p])\n fldt 512(%[p])\n fldt 528(%[p])\n fldt 544(%[p])\n fldt 560(%[p])\n fldt 576(%[p])\n" \
    "fldz\n fld1\n fdivp\n"
#define LOAD_YMM_0_7 \
    "vmovdqu 0(%[p]), %%ymm0\n vmovdqu 32(%[p]), %%ymm1\n vmovdqu 64(%[p]), %%ymm2\n vmovdqu 96(%[p]), %%ymm3\n" \
    "vmovdqu 128(%[p]), %%ymm4\n vmovdqu 160(%[p]), %%ymm5\n vmovdqu 192(%[p]), %%ymm6\n vmovdqu 224(%[p]), %%ymm7\n"
#ifdef __x86_64__
#define LOAD_YMM LOAD_YMM_0_7 \
    "vmovdqu 256(%[p]), %%ymm8\n vmovdqu 288(%[p]), %%ymm9\n vmovdqu 320(%[p]), %%ymm10\n vmovdqu 352(%[p]), %%ymm11\n" \
    "vmovdqu 384(%[p]), %%ymm12\n vmovdqu 416(%[p]), %%ymm13\n vmovdqu 448(%[p]), %%ymm14\n vmovdqu 480(%[p]), %%ymm15\n"
#define LOAD_XMM_ONLY \
    "vmovdqu 0(%[p]), %%xmm0\n vmovdqu 32(%[p]), %%xmm1\n vmovdqu 64(%[p]), %%xmm2\n vmovdqu 96(%[p]), %%xmm3\n" \
    "vmovdqu 128(%[p]), %%xmm4\n vmovdqu 160(%[p]), %%xmm5\n vmovdqu 192(%[p]), %%xmm6\n vmovdqu 224(%[p]), %%xmm7\n" \
    "vmovdqu 256(%[p]), %%xmm8\n vmovdqu 288(%[p]), %%xmm9\n vmovdqu 320(%[p]), %%xmm10\n vmovdqu 352(%[p]), %%xmm11\n" \
    "vmovdqu 384(%[p]), %%xmm12\n vmovdqu 416(%[p]), %%xmm13\n vmovdqu 448(%[p]), %%xmm14\n vmovdqu 480(%[p]), %%xmm15\n"
#else
#define LOAD_YMM LOAD_YMM_0_7
#define LOAD_XMM_ONLY \
    "vmovdqu 0(%[p]), %%xmm0\n vmovdqu 32(%[p]), %%xmm1\n vmovdqu 64(%[p]), %%xmm2\n vmovdqu 96(%[p]), %%xmm3\n" \
    "vmovdqu 128(%[p]), %%xmm4\n vmovdqu 160(%[p]), %%xmm5\n vmovdqu 192(%[p]), %%xmm6\n vmovdqu 224(%[p]), %%xmm7\n"
#endif

/* The starting states of the save tests: which components are in their initial configuration differs. They are
 * made with xrstor, because the host tracks XINUSE by its own rules: after fninit it keeps x87 in use, a load of
 * zeros into an xmm register makes SSE in use, a VEX.256 write of only an upper half makes SSE in use as well, or
 * not, depending on what ran before. We compute XINUSE from the values (docs/avx.md). */
enum { ST_ALL, ST_X87_INIT_NO_AVX, ST_ALL_INIT, ST_INIT_BUT_MXCSR, ST_ONLY_AVX, ST_COUNT };
static const char *const state_names[] = { "all in use", "x87 init, ymm upper zero", "all init",
    "all init but mxcsr", "only avx in use" };
static uint8_t init_area[1024] __attribute__((aligned(64)));   /* XSTATE_BV 0, MXCSR 0x1f80 */
static uint8_t avx_area[1024] __attribute__((aligned(64)));    /* XSTATE_BV 4, upper halves from pattern a */

#define XRSTOR_INIT "xrstor (%[i])\n"
#define SET_STATE(which) \
    switch (which) { \
    case ST_ALL: __asm__ volatile(LOAD_X87 "ldmxcsr 596(%[p])\n" LOAD_YMM :: [p] "r"(&pat_a) : "memory"); break; \
    case ST_X87_INIT_NO_AVX: __asm__ volatile(XRSTOR_INIT "ldmxcsr 596(%[p])\n" LOAD_XMM_ONLY \
        :: [p] "r"(&pat_a), [i] "r"(init_area), "a"(7), "d"(0) : "memory"); break; \
    case ST_ALL_INIT: __asm__ volatile(XRSTOR_INIT :: [i] "r"(init_area), "a"(7), "d"(0) : "memory"); break; \
    case ST_INIT_BUT_MXCSR: __asm__ volatile(XRSTOR_INIT "ldmxcsr 596(%[p])\n" \
        :: [p] "r"(&pat_a), [i] "r"(init_area), "a"(7), "d"(0) : "memory"); break; \
    default: __asm__ volatile(XRSTOR_INIT :: [i] "r"(avx_area), "a"(7), "d"(0) : "memory"); break; \
    }

static void print_area(const uint8_t *a, size_t size)
{
    for (size_t row = 0; row < size; row += 32) {
        int touched = 0;
        for (size_t i = row; i < row + 32; i++) touched |= a[i] != MARKER;
        if (!touched) continue;
        put("  "); hex(row, 3); put(":");
        for (size_t i = row; i < row + 32; i++) {
            if (i % 8 == 0) put(" ");
            int varies = (i >= 6 && i < 24) || (i >= 28 && i < 32);
            if (varies && a[i] != MARKER) put("--");
            else hex(a[i], 2);
        }
        put("\n");
    }
}

/* xgetbv with ECX=1 right after the instruction under test, masked to the components we model. */
#define XINUSE_ASM "mov $1, %%ecx\n xgetbv\n and $7, %%eax\n mov %%eax, %[inuse]\n"

enum { OP_XSAVE, OP_XSAVEOPT, OP_XSAVEC, OP_XSAVE64, OP_XSAVEOPT64, OP_XSAVEC64, OP_COUNT };
static const char *const op_names[] = { "xsave", "xsaveopt", "xsavec", "xsave64", "xsaveopt64", "xsavec64" };

static uint32_t run_save(int op, uint8_t *a, uint64_t mask, int state)
{
    uint32_t lo = (uint32_t)mask, hi = (uint32_t)(mask >> 32), inuse = 0;
    SET_STATE(state);
    switch (op) {
    case OP_XSAVE: __asm__ volatile("xsave (%[a])\n" XINUSE_ASM : [inuse] "=m"(inuse) : [a] "r"(a), "a"(lo), "d"(hi) : "ecx", "memory"); break;
    case OP_XSAVEOPT: __asm__ volatile("xsaveopt (%[a])\n" XINUSE_ASM : [inuse] "=m"(inuse) : [a] "r"(a), "a"(lo), "d"(hi) : "ecx", "memory"); break;
    case OP_XSAVEC: __asm__ volatile("xsavec (%[a])\n" XINUSE_ASM : [inuse] "=m"(inuse) : [a] "r"(a), "a"(lo), "d"(hi) : "ecx", "memory"); break;
#ifdef __x86_64__
    case OP_XSAVE64: __asm__ volatile("xsave64 (%[a])\n" XINUSE_ASM : [inuse] "=m"(inuse) : [a] "r"(a), "a"(lo), "d"(hi) : "ecx", "memory"); break;
    case OP_XSAVEOPT64: __asm__ volatile("xsaveopt64 (%[a])\n" XINUSE_ASM : [inuse] "=m"(inuse) : [a] "r"(a), "a"(lo), "d"(hi) : "ecx", "memory"); break;
    case OP_XSAVEC64: __asm__ volatile("xsavec64 (%[a])\n" XINUSE_ASM : [inuse] "=m"(inuse) : [a] "r"(a), "a"(lo), "d"(hi) : "ecx", "memory"); break;
#endif
    }
    return inuse;
}

/* Bits the host's XCR0 may have beyond ours (AVX-512: 5, 6, 7; PKRU: 9) are left out of "all" masks. */
#define ALL_MASK 0xfffffffffffffd1full
static const uint64_t masks[] = { 0, 1, 2, 4, 3, 5, 6, 7, ALL_MASK };

static void save_tests(void)
{
    int ops = 3;
#ifdef __x86_64__
    ops = OP_COUNT;
#endif
    for (int state = 0; state < ST_COUNT; state++)
        for (int op = 0; op < ops; op++)
            for (size_t m = 0; m < sizeof masks / sizeof masks[0]; m++) {
                fill(area, MARKER, AREA);
                uint32_t inuse = run_save(op, area, masks[m], state);
                put(op_names[op]); put(" mask "); hex(masks[m], 16); put(" state \""); put(state_names[state]);
                put("\" xinuse "); hex(inuse, 1); put("\n");
                print_area(area, AREA);
            }
}

/* After xrstor: the state, through fxsave (FOP/FIP/FDP and MXCSR_MASK normalised) and vextracti128, and XINUSE. */
static uint8_t dump[512 + 16 * 16] __attribute__((aligned(64)));

#define DUMP_HIGH_0_7 \
    "vextracti128 $1, %%ymm0, 512(%[d])\n vextracti128 $1, %%ymm1, 528(%[d])\n vextracti128 $1, %%ymm2, 544(%[d])\n" \
    "vextracti128 $1, %%ymm3, 560(%[d])\n vextracti128 $1, %%ymm4, 576(%[d])\n vextracti128 $1, %%ymm5, 592(%[d])\n" \
    "vextracti128 $1, %%ymm6, 608(%[d])\n vextracti128 $1, %%ymm7, 624(%[d])\n"
#ifdef __x86_64__
#define DUMP_HIGH DUMP_HIGH_0_7 \
    "vextracti128 $1, %%ymm8, 640(%[d])\n vextracti128 $1, %%ymm9, 656(%[d])\n vextracti128 $1, %%ymm10, 672(%[d])\n" \
    "vextracti128 $1, %%ymm11, 688(%[d])\n vextracti128 $1, %%ymm12, 704(%[d])\n vextracti128 $1, %%ymm13, 720(%[d])\n" \
    "vextracti128 $1, %%ymm14, 736(%[d])\n vextracti128 $1, %%ymm15, 752(%[d])\n"
#else
#define DUMP_HIGH DUMP_HIGH_0_7
#endif

static void print_state(uint32_t inuse)
{
    put("  xinuse "); hex(inuse, 1);
    put(" fcw "); hex(dump[0] | dump[1] << 8, 4);
    put(" fsw "); hex(dump[2] | dump[3] << 8, 4);
    put(" ftw "); hex(dump[4], 2);
    put(" mxcsr "); hex(get64(dump + 24) & 0xffffffff, 8); put("\n  st");
    for (int i = 0; i < 8; i++) {
        put(" ");
        for (int k = 9; k >= 0; k--) hex(dump[32 + 16 * i + k], 2);
    }
    put("\n");
    for (int i = 0; i < NVEC; i++) {
        put("  ymm"); hex(i, 1); put(" ");
        for (int k = 15; k >= 0; k--) hex(dump[512 + 16 * i + k], 2);
        put(" ");
        for (int k = 15; k >= 0; k--) hex(dump[160 + 16 * i + k], 2);
        put("\n");
    }
}

/* Loads pattern b into the registers, then xrstor (or xrstor64) of area with mask, then dumps the state. */
static uint32_t run_restore(const uint8_t *a, uint64_t mask, int rex_w)
{
    uint32_t lo = (uint32_t)mask, hi = (uint32_t)(mask >> 32), inuse = 0;
    __asm__ volatile(LOAD_X87 "ldmxcsr 596(%[p])\n" LOAD_YMM :: [p] "r"(&pat_b) : "memory");
    if (rex_w) {
#ifdef __x86_64__
        __asm__ volatile("xrstor64 (%[a])\n" XINUSE_ASM "fxsave (%[d])\n" DUMP_HIGH
                         : [inuse] "=m"(inuse) : [a] "r"(a), "a"(lo), "d"(hi), [d] "r"(dump) : "ecx", "memory");
#endif
    } else {
        __asm__ volatile("xrstor (%[a])\n" XINUSE_ASM "fxsave (%[d])\n" DUMP_HIGH
                         : [inuse] "=m"(inuse) : [a] "r"(a), "a"(lo), "d"(hi), [d] "r"(dump) : "ecx", "memory");
    }
    __asm__ volatile("fninit" ::: "memory");
    return inuse;
}

static void restore_tests(void)
{
    static const uint64_t restore_masks[] = { 0, 1, 2, 4, 3, 6, 7, ALL_MASK };
    /* Standard form: an xsave image of pattern a with each XSTATE_BV, MXCSR edited, restored with each mask. */
    fill(saved, 0, AREA);
    run_save(OP_XSAVE, saved, 7, ST_ALL);
    set32(saved + 24, 0x3fa0);
    for (uint64_t bv = 0; bv < 8; bv++)
        for (size_t m = 0; m < sizeof restore_masks / sizeof restore_masks[0]; m++) {
            copy(area, saved, AREA);
            set64(area + 512, bv);
            uint32_t inuse = run_restore(area, restore_masks[m], 0);
            put("xrstor standard xstate_bv "); hex(bv, 1); put(" mask "); hex(restore_masks[m], 16); put("\n");
            print_state(inuse);
        }
    /* Compacted form: xsavec images with each XCOMP_BV (the components saved) and XSTATE_BV within it. */
    for (uint64_t comp = 0; comp < 8; comp++)
        for (uint64_t bv = 0; bv < 8; bv++) {
            if (bv & ~comp) continue;
            fill(saved, 0, AREA);
            run_save(OP_XSAVEC, saved, comp, ST_ALL);
            set32(saved + 24, 0x3fa0);
            set64(saved + 512, bv);
            for (size_t m = 0; m < sizeof restore_masks / sizeof restore_masks[0]; m++) {
                if (restore_masks[m] != 7 && restore_masks[m] != 2 && restore_masks[m] != 4 && restore_masks[m] != 5) continue;
                copy(area, saved, AREA);
                uint32_t inuse = run_restore(area, restore_masks[m], 0);
                put("xrstor compacted xcomp_bv "); hex(get64(area + 520), 16); put(" xstate_bv "); hex(bv, 1);
                put(" mask "); hex(restore_masks[m], 16); put("\n");
                print_state(inuse);
            }
        }
#ifdef __x86_64__
    fill(saved, 0, AREA);
    run_save(OP_XSAVE64, saved, 7, ST_ALL);
    copy(area, saved, AREA);
    put("xrstor64 of an xsave64 image, mask 7\n");
    print_state(run_restore(area, 7, 1));
#endif
}

/* Each fault case runs in a child: "ok" when it finishes, else the signal it died of. */
enum { F_XSAVE_MISALIGNED, F_XSAVEOPT_MISALIGNED, F_XSAVEC_MISALIGNED, F_XRSTOR_MISALIGNED, F_BV_UNKNOWN_BIT,
       F_COMP_WITHOUT_63, F_STD_BYTE16, F_STD_BYTE24, F_STD_BYTE63, F_CMP_BV_OUTSIDE_COMP, F_CMP_COMP_UNKNOWN_BIT,
       F_CMP_BYTE16, F_CMP_BYTE40, F_MXCSR_RESERVED_SSE, F_MXCSR_RESERVED_AVX, F_MXCSR_RESERVED_X87_ONLY,
       F_CMP_MXCSR_RESERVED_NO_SSE_DATA, F_CMP_MXCSR_RESERVED, F_XGETBV_2, F_XGETBV_1, F_XSETBV, F_CLEAN, F_COUNT };
static const char *const fault_names[] = { "xsave misaligned", "xsaveopt misaligned", "xsavec misaligned",
    "xrstor misaligned", "xstate_bv bit 3", "xcomp_bv without bit 63", "standard header byte 16",
    "standard header byte 24", "standard header byte 63", "compacted xstate_bv outside xcomp_bv",
    "compacted xcomp_bv bit 3", "compacted header byte 16", "compacted header byte 40",
    "mxcsr reserved bit, mask 2", "mxcsr reserved bit, mask 4", "mxcsr reserved bit, mask 1",
    "compacted mxcsr reserved bit, no sse data", "compacted mxcsr reserved bit", "xgetbv 2", "xgetbv 1", "xsetbv",
    "clean xrstor" };

static void fault_case(int which)
{
    uint8_t *a = area;
    uint32_t lo = 7, hi = 0;
    fill(a, 0, AREA);
    if (which >= F_CMP_BV_OUTSIDE_COMP && which <= F_CMP_BYTE40) run_save(OP_XSAVEC, a, 7, ST_ALL);
    else if (which == F_CMP_MXCSR_RESERVED_NO_SSE_DATA || which == F_CMP_MXCSR_RESERVED) run_save(OP_XSAVEC, a, 7, ST_ALL);
    else run_save(OP_XSAVE, a, 7, ST_ALL);
    switch (which) {
    case F_XSAVE_MISALIGNED: __asm__ volatile("xsave (%0)" :: "r"(a + 16), "a"(lo), "d"(hi) : "memory"); return;
    case F_XSAVEOPT_MISALIGNED: __asm__ volatile("xsaveopt (%0)" :: "r"(a + 32), "a"(lo), "d"(hi) : "memory"); return;
    case F_XSAVEC_MISALIGNED: __asm__ volatile("xsavec (%0)" :: "r"(a + 8), "a"(lo), "d"(hi) : "memory"); return;
    case F_XRSTOR_MISALIGNED: copy(a + 64 + 16, a, 832); a += 64 + 16; break;
    case F_BV_UNKNOWN_BIT: a[512] |= 8; break;
    case F_COMP_WITHOUT_63: a[520] = 1; break;
    case F_STD_BYTE16: a[512 + 16] = 1; break;
    case F_STD_BYTE24: a[512 + 24] = 1; break;
    case F_STD_BYTE63: a[512 + 63] = 0x80; break;
    case F_CMP_BV_OUTSIDE_COMP: a[520] = 3; a[512] = 7; break;
    case F_CMP_COMP_UNKNOWN_BIT: a[520] |= 8; break;
    case F_CMP_BYTE16: a[512 + 16] = 1; break;
    case F_CMP_BYTE40: a[512 + 40] = 1; break;
    case F_MXCSR_RESERVED_SSE: a[27] = 0x80; lo = 2; break;
    case F_MXCSR_RESERVED_AVX: a[27] = 0x80; lo = 4; break;
    case F_MXCSR_RESERVED_X87_ONLY: a[27] = 0x80; lo = 1; break;
    case F_CMP_MXCSR_RESERVED_NO_SSE_DATA: a[27] = 0x80; a[512] = 5; break;
    case F_CMP_MXCSR_RESERVED: a[27] = 0x80; break;
    case F_XGETBV_2: case F_XGETBV_1: {
        uint32_t eax, edx;
        __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(which == F_XGETBV_2 ? 2 : 1));
        return;
    }
    case F_XSETBV: __asm__ volatile("xsetbv" :: "a"(7), "d"(0), "c"(0)); return;
    default: break;
    }
    __asm__ volatile("xrstor (%0)\n fninit" :: "r"(a), "a"(lo), "d"(hi) : "memory");
}

static void fault_tests(void)
{
    for (int which = 0; which < F_COUNT; which++) {
        flush_out();
        long pid = sys4(SYS_FORK, 0, 0, 0, 0);
        if (pid == 0) {
            fault_case(which);
            sys4(SYS_EXIT, 0, 0, 0, 0);
        }
        int status = 0;
        sys4(SYS_WAIT4, pid, (long)&status, 0, 0);
        put("fault "); put(fault_names[which]); put(": ");
        if ((status & 0x7f) == 0) { put("ok exit "); hex((status >> 8) & 0xff, 2); }
        else { put("signal "); hex(status & 0x7f, 2); }
        put("\n");
    }
}

int main(void)
{
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    put("xcr0 & 7: "); hex(eax & 7, 1); put("\n");
    make_pattern(&pat_a, 1, 0x0e7f, 0x3f80 | 0x20);
    make_pattern(&pat_b, 2, 0x027f, 0x1f80);
    set32(init_area + 24, 0x1f80);
    set32(avx_area + 24, 0x1f80);
    set64(avx_area + 512, 4);
    for (int i = 0; i < 16; i++) copy(avx_area + 576 + 16 * i, pat_a.bytes + 32 * i + 16, 16);
    save_tests();
    restore_tests();
    fault_tests();
    return 0;
}

#ifdef __x86_64__
__attribute__((force_align_arg_pointer)) void _start(void)
#else
__attribute__((force_align_arg_pointer)) void _start(void)
#endif
{
    int rc = main();
    flush_out();
    sys4(SYS_EXIT, rc, 0, 0, 0);
    for (;;) { }
}
