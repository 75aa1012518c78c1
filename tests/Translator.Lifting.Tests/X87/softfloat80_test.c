/* Compares runtime/src/softfloat80.c with the host's x87 (x86-64 only): gcc -O1 -I runtime/include
 *   softfloat80_test.c ../../../runtime/src/softfloat80.c && ./a.out N [seed]
 * N random and edge cases per operation and control-word setting (4 rounding modes x 3 precisions).
 * Prints the first mismatches and "FAIL n" / "OK n"; exit status 1 on any mismatch. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "softfloat80.h"

static uint64_t rs = 88172645463325252ULL;
static uint64_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }

static uint64_t rand_sig(void)
{
    switch (rnd() % 6) {
    case 0: return rnd() | 1ULL << 63;
    case 1: return 1ULL << 63 | (rnd() % 4 == 0 ? 0 : 1ULL << (rnd() % 63));
    case 2: return ~0ULL << (rnd() % 40);
    case 3: return 1ULL << 63 | (rnd() & 0xffffffffff000000ULL) | (rnd() & 7) << (rnd() % 60);
    case 4: return (rnd() | 1ULL << 63) & ~(0x7ffULL << (rnd() % 53));
    default: return 1ULL << 63 | rnd() >> (rnd() % 64);
    }
}

static xf80 mkv(int sign, unsigned be, uint64_t sig) { return (xf80)((unsigned)sign << 15 | be) << 64 | sig; }

/* A random operand; near (when non-null) biases the exponent towards it. */
static xf80 rand_val(const xf80 *near)
{
    int sign = rnd() & 1;
    unsigned r = rnd() % 100;
    unsigned be;
    uint64_t sig = rand_sig();
    if (near && r < 60) {
        int e = (int)((*near >> 64) & 0x7fff) + (int)(rnd() % 140) - 70;
        if (rnd() % 3 == 0) e = (int)((*near >> 64) & 0x7fff) + (int)(rnd() % 5) - 2;
        be = e < 1 ? 1 : e > 0x7ffe ? 0x7ffe : (unsigned)e;
    } else if (r < 70) be = 16383 + (unsigned)(rnd() % 200) - 100;
    else if (r < 76) be = 0;                                        /* zero / denormal */
    else if (r < 82) be = 1 + (unsigned)(rnd() % 80);
    else if (r < 88) be = 0x7ffe - (unsigned)(rnd() % 80);
    else if (r < 91) be = 0x7fff;                                   /* inf / NaN */
    else if (r < 94) { be = 16383 - 1022 - 52 + (unsigned)(rnd() % 130) - 65; }   /* double edges */
    else if (r < 97) { be = 16383 - 126 - 23 + (unsigned)(rnd() % 60) - 30; }
    else be = (unsigned)(rnd() % 0x7fff);
    if (be == 0) { sig = rnd() % 3 == 0 ? 0 : sig >> (1 + rnd() % 63); if (rnd() % 8 == 0) sig |= 1ULL << 63; }
    if (be == 0x7fff && rnd() % 2) sig = 1ULL << 63;
    if (rnd() % 200 == 0) sig &= ~(1ULL << 63);                    /* unnormal / pseudo-NaN */
    if (rnd() % 50 == 0) return mkv(sign, 0, 0);
    return mkv(sign, be, sig);
}

static xf80 rand_int_val(void)
{
    int sign = rnd() & 1;
    unsigned be = 16383 + (unsigned)(rnd() % 70) - 3;
    if (rnd() % 10 == 0) be = 16383 - (unsigned)(rnd() % 5);
    uint64_t sig = rand_sig();
    if (rnd() % 4 == 0) { int e = (int)be - 16383; if (e >= 0 && e < 63) sig = sig >> (63 - e) << (63 - e) | (rnd() % 2 ? 1ULL << (62 - e) : 0); }
    return mkv(sign, be, sig);
}

typedef long double ld;
static ld tl(xf80 v) { ld x = 0; memcpy(&x, &v, 10); return x; }
static xf80 fl(const ld *x) { xf80 v = 0; memcpy(&v, x, 10); return v; }

#define SW_MASK 0x023f  /* IE DE ZE OE UE PE C1 */
static uint16_t hw_sw;

#define HW2(insn) \
    static xf80 hw_##insn(xf80 a, xf80 b, uint16_t cw) { \
        ld x = tl(a), y = tl(b), r; \
        __asm__ volatile("fldcw %3\n\tfnclex\n\tfldt %2\n\tfldt %1\n\t" #insn " %%st(1), %%st\n\tfnstsw %4\n\tfstpt %0\n\tfstp %%st(0)" \
                         : "=m"(r) : "m"(x), "m"(y), "m"(cw), "m"(hw_sw)); \
        return fl(&r); }
HW2(fadd) HW2(fsub) HW2(fmul) HW2(fdiv)

static xf80 hw_fscale(xf80 a, xf80 b, uint16_t cw)
{
    ld x = tl(a), y = tl(b), r;
    __asm__ volatile("fldcw %3\n\tfnclex\n\tfldt %2\n\tfldt %1\n\tfscale\n\tfnstsw %4\n\tfstpt %0\n\tfstp %%st(0)"
                     : "=m"(r) : "m"(x), "m"(y), "m"(cw), "m"(hw_sw));
    return fl(&r);
}

#define HW1(insn) \
    static xf80 hw_##insn(xf80 a, xf80 b, uint16_t cw) { \
        (void)b; ld x = tl(a), r; \
        __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\t" #insn "\n\tfnstsw %3\n\tfstpt %0" \
                         : "=m"(r) : "m"(x), "m"(cw), "m"(hw_sw)); \
        return fl(&r); }
HW1(fsqrt) HW1(frndint)

static xf80 hw_fist(xf80 a, uint16_t cw, int bits, int trunc)
{
    ld x = tl(a);
    int16_t i16 = 0; int32_t i32 = 0; int64_t i64 = 0;
    if (bits == 16 && !trunc) __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\tfistps %0\n\tfnstsw %3" : "=m"(i16) : "m"(x), "m"(cw), "m"(hw_sw));
    if (bits == 32 && !trunc) __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\tfistpl %0\n\tfnstsw %3" : "=m"(i32) : "m"(x), "m"(cw), "m"(hw_sw));
    if (bits == 64 && !trunc) __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\tfistpll %0\n\tfnstsw %3" : "=m"(i64) : "m"(x), "m"(cw), "m"(hw_sw));
    if (bits == 16 && trunc) __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\tfisttps %0\n\tfnstsw %3" : "=m"(i16) : "m"(x), "m"(cw), "m"(hw_sw));
    if (bits == 32 && trunc) __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\tfisttpl %0\n\tfnstsw %3" : "=m"(i32) : "m"(x), "m"(cw), "m"(hw_sw));
    if (bits == 64 && trunc) __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\tfisttpll %0\n\tfnstsw %3" : "=m"(i64) : "m"(x), "m"(cw), "m"(hw_sw));
    uint64_t v = bits == 16 ? (uint16_t)i16 : bits == 32 ? (uint32_t)i32 : (uint64_t)i64;
    return v;
}

static xf80 hw_to_f32(xf80 a, uint16_t cw)
{
    ld x = tl(a); uint32_t f;
    __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\tfstps %0\n\tfnstsw %3" : "=m"(f) : "m"(x), "m"(cw), "m"(hw_sw));
    return f;
}
static xf80 hw_to_f64(xf80 a, uint16_t cw)
{
    ld x = tl(a); uint64_t f;
    __asm__ volatile("fldcw %2\n\tfnclex\n\tfldt %1\n\tfstpl %0\n\tfnstsw %3" : "=m"(f) : "m"(x), "m"(cw), "m"(hw_sw));
    return f;
}
static xf80 hw_from_f32(uint32_t f)
{
    ld r; uint16_t cw = 0x37f;
    __asm__ volatile("fldcw %2\n\tfnclex\n\tflds %1\n\tfstpt %0\n\tfnstsw %3" : "=m"(r) : "m"(f), "m"(cw), "m"(hw_sw));
    return fl(&r);
}
static xf80 hw_from_f64(uint64_t f)
{
    ld r; uint16_t cw = 0x37f;
    __asm__ volatile("fldcw %2\n\tfnclex\n\tfldl %1\n\tfstpt %0\n\tfnstsw %3" : "=m"(r) : "m"(f), "m"(cw), "m"(hw_sw));
    return fl(&r);
}
static xf80 hw_from_i64(int64_t v)
{
    ld r; uint16_t cw = 0x37f;
    __asm__ volatile("fldcw %2\n\tfnclex\n\tfildll %1\n\tfstpt %0\n\tfnstsw %3" : "=m"(r) : "m"(v), "m"(cw), "m"(hw_sw));
    return fl(&r);
}
static uint32_t hw_cmp(xf80 a, xf80 b)
{
    ld x = tl(a), y = tl(b); uint16_t cw = 0x37f, sw;
    __asm__ volatile("fldcw %3\n\tfnclex\n\tfldt %2\n\tfldt %1\n\tfucompp\n\tfnstsw %0" : "=m"(sw) : "m"(x), "m"(y), "m"(cw));
    int c0 = sw >> 8 & 1, c2 = sw >> 10 & 1, c3 = sw >> 14 & 1;
    uint32_t rel = c2 ? 3 : c3 ? 2 : c0 ? 1 : 0;
    return rel | ((sw & 1) ? 4 : 0);
}

static long failures, cases;
static void check(const char *what, xf80 a, xf80 b, uint16_t cw, xf80 want, uint16_t want_sw, xf80 got, uint16_t sw_mask)
{
    cases++;
    uint16_t got_sw = (uint16_t)XF80_FLAGS(got);
    got &= XF80_MASK;
    if (got == want && (got_sw & sw_mask) == (want_sw & sw_mask)) return;
    if (failures++ < 25)
        printf("%s cw=%04x a=%04x:%016llx b=%04x:%016llx want=%04x:%016llx sw=%03x got=%04x:%016llx sw=%03x\n", what, cw,
               (unsigned)(a >> 64) & 0xffff, (unsigned long long)a, (unsigned)(b >> 64) & 0xffff, (unsigned long long)b,
               (unsigned)(want >> 64) & 0xffff, (unsigned long long)want, want_sw & sw_mask,
               (unsigned)(got >> 64) & 0xffff, (unsigned long long)got, got_sw & sw_mask);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    if (argc > 2) rs ^= strtoull(argv[2], 0, 0) * 0x9E3779B97F4A7C15ULL;
    static const uint16_t pcs[] = { 0x000, 0x200, 0x300 };
    for (long i = 0; i < n; i++) {
        uint16_t cw = (uint16_t)(0x7f | pcs[i % 3] | ((i / 3) % 4) << 10);
        xf80 a = rand_val(0), b = rand_val(&a);
        uint16_t m = SW_MASK;
        xf80 w;
        w = hw_fadd(a, b, cw); check("add", a, b, cw, w, hw_sw, xlate_f80_add(a, b, cw), m);
        w = hw_fsub(a, b, cw); check("sub", a, b, cw, w, hw_sw, xlate_f80_sub(a, b, cw), m);
        w = hw_fmul(a, b, cw); check("mul", a, b, cw, w, hw_sw, xlate_f80_mul(a, b, cw), m);
        w = hw_fdiv(a, b, cw); check("div", a, b, cw, w, hw_sw, xlate_f80_div(a, b, cw), m);
        w = hw_fsqrt(a, 0, cw); check("sqrt", a, 0, cw, w, hw_sw, xlate_f80_sqrt(a, cw), m);
        xf80 ia = rnd() % 2 ? rand_int_val() : a;
        w = hw_frndint(ia, 0, cw); check("rndint", ia, 0, cw, w, hw_sw, xlate_f80_rndint(ia, cw), m);
        xf80 sb = rand_int_val();
        if (rnd() % 4 == 0) sb = b;
        w = hw_fscale(a, sb, cw); check("scale", a, sb, cw, w, hw_sw, xlate_f80_scale(a, sb, cw), m);
        w = hw_to_f32(a, cw); check("to_f32", a, 0, cw, w, hw_sw, xlate_f80_to_f32(a, cw), m);
        w = hw_to_f64(a, cw); check("to_f64", a, 0, cw, w, hw_sw, xlate_f80_to_f64(a, cw), m);
        int bits = 16 << (rnd() % 3), trunc = rnd() % 4 == 0;
        w = hw_fist(ia, cw, bits, trunc);
        check(trunc ? "fisttp" : "fist", ia, (xf80)bits, cw, w, hw_sw, xlate_f80_to_int(ia, cw, (uint32_t)bits, (uint32_t)trunc), 0x21);
        uint32_t f32 = (uint32_t)rnd(); uint64_t f64 = rnd();
        if (rnd() % 4 == 0) f32 &= 0x807fffff;
        if (rnd() % 4 == 0) f64 &= 0x800fffffffffffffULL;
        if (rnd() % 8 == 0) f64 |= 0x7ff0000000000000ULL;
        w = hw_from_f32(f32); check("from_f32", f32, 0, 0x37f, w, hw_sw, xlate_f80_from_f32(f32), m);
        w = hw_from_f64(f64); check("from_f64", f64, 0, 0x37f, w, hw_sw, xlate_f80_from_f64(f64), m);
        int64_t iv = (int64_t)(rnd() >> (rnd() % 64)) * (rnd() % 2 ? -1 : 1);
        w = hw_from_i64(iv); check("from_i64", (xf80)iv, 0, 0x37f, w, hw_sw, xlate_f80_from_i64(iv), m);
        xf80 cb = rnd() % 8 == 0 ? a : b;
        check("cmp", a, cb, 0x37f, hw_cmp(a, cb), 0, xlate_f80_cmp(a, cb) & 7, 0);
    }
    printf("%s %ld cases, %ld mismatches\n", failures ? "FAIL" : "OK", cases, failures);
    return failures != 0;
}
