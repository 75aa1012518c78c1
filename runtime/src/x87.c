/* x87 state helpers: 80-bit conversions, fscale/fprem/fprem1/fxtract and the FPU environment. */
#include "x87.h"
/* The exact-mode soft-float is compiled as part of this file (runtime/build.sh lists the source files; when it
 * lists softfloat80.c itself, drop this include). */
#include "softfloat80.c"

#pragma STDC FP_CONTRACT OFF
#pragma clang attribute push(__attribute__((target("fp-armv8"))), apply_to = function)

/* The runtime's ABI has no floating-point registers: doubles never cross a function boundary here. */
#define FB(b) ({ uint64_t fb_b = (b); double fb_d; __builtin_memcpy(&fb_d, &fb_b, 8); fb_d; })
#define TB(d) ({ double tb_d = (d); uint64_t tb_b; __builtin_memcpy(&tb_b, &tb_d, 8); tb_b; })
#define is_nan(x) ((x) != (x))
#define is_inf(x) ((TB(x) << 1) == 0xffe0000000000000ULL)
#define nan_indefinite(s) ((s)->fpu_sw |= 1, FB(0xfff8000000000000ULL))
#define POW2(n) FB(pow2b(n))

static uint64_t rd64(const uint8_t *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = v << 8 | p[i]; return v; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void wr64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v) { wr16(p, (uint16_t)v); wr16(p + 2, (uint16_t)(v >> 16)); }

/* Shifts m right by sh bits rounding to nearest even (sh >= 0). */
static uint64_t shift_round(uint64_t m, int sh)
{
    if (sh == 0) return m;
    if (sh > 64) return 0;
    uint64_t q = sh == 64 ? 0 : m >> sh;
    uint64_t rest = sh == 64 ? m : m & ((1ULL << sh) - 1);
    uint64_t half = 1ULL << (sh - 1);
    if (rest > half || (rest == half && (q & 1))) q++;
    return q;
}

uint64_t xlate_x87_f80_to_f64(const void *src)
{
    const uint8_t *p = src;
    uint64_t mant = rd64(p);
    uint16_t se = rd16(p + 8);
    uint64_t sign = (uint64_t)(se >> 15) << 63;
    int exp = se & 0x7fff;
    if (exp == 0x7fff) {
        if ((mant << 1) == 0) return sign | 0x7ff0000000000000ULL;                      /* infinity */
        return sign | 0x7ff8000000000000ULL | ((mant << 1) >> 12);                      /* NaN, payload kept */
    }
    if (mant == 0) return sign;
    /* value = mant * 2^(e - 63) with e unbiased; denormals use exponent 1 - 16383 */
    int e = (exp == 0 ? 1 : exp) - 16383;
    int lz = __builtin_clzll(mant);
    mant <<= lz;
    e -= lz;
    int biased = e + 1023;
    if (biased >= 2047) return sign | 0x7ff0000000000000ULL;
    if (biased >= 1) {
        uint64_t m = shift_round(mant, 11);       /* 53 bits, may round up to 2^53 */
        if (m >> 53) { m >>= 1; biased++; }
        if (biased >= 2047) return sign | 0x7ff0000000000000ULL;
        return sign | (uint64_t)biased << 52 | (m & ((1ULL << 52) - 1));
    }
    /* subnormal result: the fraction field is mant >> (12 - biased), rounding may carry into the exponent */
    uint64_t m = shift_round(mant, 12 - biased);
    return sign | m;
}

void xlate_x87_f64_to_f80(void *dst, uint64_t bits)
{
    uint8_t *p = dst;
    uint16_t sign = (uint16_t)((bits >> 63) << 15);
    int e = (int)((bits >> 52) & 0x7ff);
    uint64_t f = bits & ((1ULL << 52) - 1);
    uint64_t mant;
    int exp;
    if (e == 0x7ff) {
        exp = 0x7fff;
        mant = 0x8000000000000000ULL | (f << 11);
    } else if (e == 0) {
        if (f == 0) { exp = 0; mant = 0; }
        else {
            int lz = __builtin_clzll(f);
            mant = f << lz;                       /* value = f * 2^-1074 = mant * 2^(-1074 - lz) */
            exp = -1074 - lz + 63 + 16383;
        }
    } else {
        exp = e - 1023 + 16383;
        mant = 0x8000000000000000ULL | (f << 11);
    }
    wr64(p, mant);
    wr16(p + 8, (uint16_t)(sign | exp));
}

/* ---- register stack access ---- */

static unsigned phys(GuestState *s, int i) { return (s->fpu_top + (unsigned)i) & 7; }
static uint64_t st_bits(GuestState *s, int i) { return rd64(s->st[phys(s, i)]); }
#define st_get(s, i) FB(st_bits(s, i))
static void st_set_bits(GuestState *s, int i, uint64_t v)
{
    unsigned p = phys(s, i);
    wr64(s->st[p], v);
    s->fpu_tag[p] = 0;
}
#define st_set(s, i, v) st_set_bits(s, i, TB(v))
static void st_push_bits(GuestState *s, uint64_t v)
{
    s->fpu_top = (s->fpu_top - 1) & 7;
    if (!s->fpu_tag[s->fpu_top]) { s->fpu_sw |= 0x241; v = 0xfff8000000000000ULL; }
    st_set_bits(s, 0, v);
}
#define st_push(s, v) st_push_bits(s, TB(v))
static void set_cc(GuestState *s, int c0, int c1, int c2, int c3)
{
    s->fpu_sw = (uint16_t)((s->fpu_sw & ~0x4700) | c0 << 8 | c1 << 9 | c2 << 10 | c3 << 14);
}

/* 2^n for -1074 <= n <= 1023, exactly. */
static uint64_t pow2b(int n)
{
    if (n >= -1022) return (uint64_t)(n + 1023) << 52;
    return 1ULL << (n + 1074);
}

static uint64_t scale(uint64_t xb, int n)
{
    double x = FB(xb);
    if (n > 1023) { x *= POW2(1023); n -= 1023; if (n > 1023) { x *= POW2(1023); n -= 1023; if (n > 1023) n = 1023; } }
    else if (n < -1022) {
        x *= POW2(-1022 + 53); n += 1022 - 53;
        if (n < -1022) { x *= POW2(-1022 + 53); n += 1022 - 53; if (n < -1022) n = -1022; }
    }
    return TB(x * POW2(n));
}

void xlate_x87_fscale(GuestState *s)
{
    double x = st_get(s, 0), y = st_get(s, 1), r;
    if (is_nan(x) || is_nan(y)) r = x + y;
    else if (is_inf(y)) {
        if (y > 0) r = x == 0 ? nan_indefinite(s) : x * y;
        else r = is_inf(x) ? nan_indefinite(s) : x * 0.0;
    } else {
        double t = y < 0 ? -y : y;
        int n = t >= 4096.0 ? 4096 : (int)t;
        r = FB(scale(TB(x), y < 0 ? -n : n));
    }
    st_set(s, 0, r);
    set_cc(s, (s->fpu_sw >> 8) & 1, 0, (s->fpu_sw >> 10) & 1, (s->fpu_sw >> 14) & 1);
}

/* |x| = m * 2^e with m an integer < 2^53 (m normalised to >= 2^52 for normal numbers). */
static void split(uint64_t xb, uint64_t *m, int *e)
{
    uint64_t b = xb & 0x7fffffffffffffffULL;
    int be = (int)(b >> 52);
    uint64_t f = b & ((1ULL << 52) - 1);
    if (be == 0) { *m = f; *e = -1074; }
    else { *m = f | 1ULL << 52; *e = be - 1075; }
    while (*m && !(*m >> 52)) { *m <<= 1; (*e)--; }
}

static void prem(GuestState *s, int ieee)
{
    double x = st_get(s, 0), y = st_get(s, 1);
    if (is_nan(x) || is_nan(y)) { st_set(s, 0, x + y); set_cc(s, 0, 0, 0, 0); return; }
    if (is_inf(x) || y == 0) { st_set(s, 0, nan_indefinite(s)); set_cc(s, 0, 0, 0, 0); return; }
    if (is_inf(y) || x == 0) { set_cc(s, 0, 0, 0, 0); return; }
    uint64_t mx, my, q = 0;
    int ex, ey;
    split(TB(x), &mx, &ex);
    split(TB(y), &my, &ey);
    if (ex > ey || (ex == ey && mx >= my)) {
        for (; ex > ey; ex--) {
            if (mx >= my) { mx -= my; q++; }
            mx <<= 1;
            q <<= 1;
        }
        if (mx >= my) { mx -= my; q++; }
    } else {
        /* |x| < |y|: quotient 0, remainder x; rescale mx to y's exponent is not needed */
        if (ieee) {
            /* remainder may still be x - sign*y when |x| > |y| / 2 */
            double ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
            if (ax * 2 > ay) {
                double r = ax - ay;                 /* exact (Sterbenz) */
                st_set(s, 0, x < 0 ? -r : r);
                set_cc(s, 0, 0, 0, 1);              /* quotient 1 */
                return;
            }
        }
        set_cc(s, 0, 0, 0, 0);
        return;
    }
    int negative = x < 0;
    if (ieee && mx != 0) {
        uint64_t twice = mx << 1;
        if (twice > my || (twice == my && (q & 1))) { mx = my - mx; q++; negative = !negative; }
    }
    double r = (double)mx * POW2(ey);
    if (mx == 0) r = 0.0;
    st_set(s, 0, negative ? -r : r);
    set_cc(s, (int)(q >> 2) & 1, (int)(q >> 1) & 1, 0, (int)q & 1);
}

void xlate_x87_fprem(GuestState *s) { prem(s, 0); }
void xlate_x87_fprem1(GuestState *s) { prem(s, 1); }

void xlate_x87_fxtract(GuestState *s)
{
    double x = st_get(s, 0);
    if (is_nan(x)) { st_push(s, x); return; }
    if (x == 0) {
        s->fpu_sw |= 4;                               /* ZE */
        st_set(s, 0, FB(0xfff0000000000000ULL));
        st_push(s, x);
        return;
    }
    if (is_inf(x)) { st_set(s, 0, FB(0x7ff0000000000000ULL)); st_push(s, x); return; }
    uint64_t m;
    int e;
    split(TB(x), &m, &e);                                 /* m in [2^52, 2^53) */
    double sig = (double)m * POW2(-52);
    st_set(s, 0, (double)(e + 52));
    st_push(s, x < 0 ? -sig : sig);
}

/* ---- environment ---- */

static unsigned tag_word(GuestState *s, int exact)
{
    unsigned tw = 0;
    for (int p = 0; p < 8; p++) {
        unsigned t;
        if (s->fpu_tag[p]) t = 3;
        else if (exact) {
            uint64_t sig = rd64(s->st[p]);
            unsigned be = rd16(s->st[p] + 8) & 0x7fff;
            t = be == 0 && sig == 0 ? 1 : be == 0 || be == 0x7fff || !(sig >> 63) ? 2 : 0;
        } else {
            uint64_t b = rd64(s->st[p]) << 1;
            if (b == 0) t = 1;
            else if ((b >> 53) == 0x7ff || (b >> 53) == 0) t = 2;
            else t = 0;
        }
        tw |= t << (2 * p);
    }
    return tw;
}

static uint16_t full_sw(GuestState *s) { return (uint16_t)((s->fpu_sw & 0xc7ff) | (s->fpu_top & 7) << 11); }

static void store_env(GuestState *s, uint8_t *m, uint32_t layout, int exact)
{
    if (layout == 16) {
        for (int i = 0; i < 14; i++) m[i] = 0;
        wr16(m, s->fpu_cw); wr16(m + 2, full_sw(s)); wr16(m + 4, (uint16_t)tag_word(s, exact));
    } else {
        for (int i = 0; i < 28; i++) m[i] = 0;
        wr32(m, 0xffff0000u | s->fpu_cw); wr32(m + 4, 0xffff0000u | full_sw(s));
        wr32(m + 8, 0xffff0000u | tag_word(s, exact));
    }
}

static void load_env(GuestState *s, const uint8_t *m, uint32_t layout)
{
    unsigned step = layout == 16 ? 2 : 4;
    uint16_t sw = rd16(m + step);
    unsigned tw = rd16(m + 2 * step);
    s->fpu_cw = rd16(m);
    s->fpu_sw = (uint16_t)(sw & 0xc7ff);
    s->fpu_top = (sw >> 11) & 7;
    for (int p = 0; p < 8; p++) s->fpu_tag[p] = ((tw >> (2 * p)) & 3) == 3;
}

static void finit(GuestState *s)
{
    s->fpu_cw = 0x037f;
    s->fpu_sw = 0;
    s->fpu_top = 0;
    for (int p = 0; p < 8; p++) s->fpu_tag[p] = 1;
}

void xlate_x87_fnstenv(GuestState *s, void *mem, uint32_t layout)
{
    store_env(s, mem, layout, 0);
    s->fpu_cw |= 0x3f;                                /* fnstenv masks all exceptions */
}

void xlate_x87_fldenv(GuestState *s, const void *mem, uint32_t layout) { load_env(s, mem, layout); }

void xlate_x87_fnsave(GuestState *s, void *mem, uint32_t layout)
{
    uint8_t *m = mem;
    store_env(s, m, layout, 0);
    uint8_t *regs = m + (layout == 16 ? 14 : 28);
    for (int i = 0; i < 8; i++) xlate_x87_f64_to_f80(regs + 10 * i, rd64(s->st[phys(s, i)]));
    finit(s);
}

void xlate_x87_frstor(GuestState *s, const void *mem, uint32_t layout)
{
    const uint8_t *m = mem;
    load_env(s, m, layout);
    const uint8_t *regs = m + (layout == 16 ? 14 : 28);
    for (int i = 0; i < 8; i++) wr64(s->st[phys(s, i)], xlate_x87_f80_to_f64(regs + 10 * i));
}

/* ---- exact mode: each register holds the 80-bit value in the first 10 bytes of its slot ---- */

static xf80 stx_get(GuestState *s, int i)
{
    const uint8_t *p = s->st[phys(s, i)];
    return (xf80)rd16(p + 8) << 64 | rd64(p);
}
static void stx_set(GuestState *s, int i, xf80 v)
{
    unsigned p = phys(s, i);
    wr64(s->st[p], (uint64_t)v);
    wr64(s->st[p] + 8, (uint16_t)(v >> 64));
    s->fpu_tag[p] = 0;
}
static void stx_push(GuestState *s, xf80 v)
{
    s->fpu_top = (s->fpu_top - 1) & 7;
    if (!s->fpu_tag[s->fpu_top]) { s->fpu_sw |= 0x241; v = XF80_INDEFINITE; }
    stx_set(s, 0, v);
}
static void sw_or(GuestState *s, uint32_t fl) { s->fpu_sw |= (uint16_t)(fl & 0x3f); }

static void prem_exact(GuestState *s, int ieee)
{
    xf80 x = stx_get(s, 0), y = stx_get(s, 1);
    unp ux = unpack(x), uy = unpack(y);
    set_cc(s, 0, 0, 0, 0);
    if (is_nan_kind(ux.kind) || is_nan_kind(uy.kind)) {
        xf80 r = prop_nan(x, ux, y, uy, 0);
        sw_or(s, XF80_FLAGS(r));
        stx_set(s, 0, r & XF80_MASK);
        return;
    }
    if (ux.kind == K_INF || uy.kind == K_ZERO) { s->fpu_sw |= 1; stx_set(s, 0, XF80_INDEFINITE); return; }
    if (ux.denormal || uy.denormal) s->fpu_sw |= 2;
    if (uy.kind == K_INF || ux.kind == K_ZERO) return;
    int32_t d = ux.e - uy.e;
    unsigned __int128 mx = ux.sig, my = uy.sig;
    uint64_t q = 0;
    int negative = ux.sign;
    if (d < 0) {
        /* |x| < |y|: fprem keeps x; fprem1 gives x - sign(x)|y| when |x| > |y| / 2 */
        if (!ieee || d < -1 || mx <= my) return;
        mx = (my << 1) - mx;                          /* at x's exponent */
        negative = !negative;
        q = 1;
        int lz = clz128(mx);
        stx_set(s, 0, round80(negative, ux.e + 64 - lz, mx << lz, 64, 0, 0) & XF80_MASK);
        set_cc(s, 0, 0, 0, 1);
        return;
    }
    for (; d > 0; d--) {
        if (mx >= my) { mx -= my; q++; }
        mx <<= 1;
        q <<= 1;
    }
    if (mx >= my) { mx -= my; q++; }
    if (ieee && mx != 0) {
        unsigned __int128 twice = mx << 1;
        if (twice > my || (twice == my && (q & 1))) { mx = my - mx; q++; negative = !negative; }
    }
    if (mx == 0) stx_set(s, 0, mk(ux.sign, 0, 0));
    else {
        int lz = clz128(mx);                          /* value = mx * 2^(ey - 63) */
        stx_set(s, 0, round80(negative, uy.e + 64 - lz, mx << lz, 64, 0, 0) & XF80_MASK);
    }
    set_cc(s, (int)(q >> 2) & 1, (int)(q >> 1) & 1, 0, (int)q & 1);
}

void xlate_x87x_fprem(GuestState *s) { prem_exact(s, 0); }
void xlate_x87x_fprem1(GuestState *s) { prem_exact(s, 1); }

void xlate_x87x_fxtract(GuestState *s)
{
    xf80 x = stx_get(s, 0);
    unp u = unpack(x);
    set_cc(s, (s->fpu_sw >> 8) & 1, 0, (s->fpu_sw >> 10) & 1, (s->fpu_sw >> 14) & 1);
    if (is_nan_kind(u.kind)) {
        xf80 r = nan1(x, u, 0);
        sw_or(s, XF80_FLAGS(r));
        stx_set(s, 0, r & XF80_MASK);
        stx_push(s, r & XF80_MASK);
        return;
    }
    if (u.kind == K_ZERO) { s->fpu_sw |= 4; stx_set(s, 0, inf80(1)); stx_push(s, x); return; }
    if (u.kind == K_INF) { stx_set(s, 0, inf80(0)); stx_push(s, x); return; }
    if (u.denormal) s->fpu_sw |= 2;
    stx_set(s, 0, xlate_f80_from_i64(u.e));
    stx_push(s, mk(u.sign, 16383, u.sig));
}

void xlate_x87x_fnstenv(GuestState *s, void *mem, uint32_t layout)
{
    store_env(s, mem, layout, 1);
    s->fpu_cw |= 0x3f;
}

void xlate_x87x_fnsave(GuestState *s, void *mem, uint32_t layout)
{
    uint8_t *m = mem;
    store_env(s, m, layout, 1);
    uint8_t *regs = m + (layout == 16 ? 14 : 28);
    for (int i = 0; i < 8; i++) for (int b = 0; b < 10; b++) regs[10 * i + b] = s->st[phys(s, i)][b];
    finit(s);
}

void xlate_x87x_frstor(GuestState *s, const void *mem, uint32_t layout)
{
    const uint8_t *m = mem;
    load_env(s, m, layout);
    const uint8_t *regs = m + (layout == 16 ? 14 : 28);
    for (int i = 0; i < 8; i++) {
        uint8_t *p = s->st[phys(s, i)];
        for (int b = 0; b < 10; b++) p[b] = regs[10 * i + b];
        for (int b = 10; b < 16; b++) p[b] = 0;
    }
}

#pragma clang attribute pop

/* ---- exact-mode transcendental instructions (x87_transcendental.c) ---- */

#include "x87_transcendental.c"

/* C1 from the rounding, C2 = operand out of range (fsin/fcos/fsincos/fptan); C0 and C3 are left alone. */
static void transcendental_status(GuestState *s, uint32_t fl)
{
    s->fpu_sw = (uint16_t)((s->fpu_sw & ~(F_C1 | F_C2)) | (fl & (0x3f | F_C1 | F_C2)));
}

static void stx_pop(GuestState *s)
{
    s->fpu_tag[s->fpu_top & 7] = 1;
    s->fpu_top = (s->fpu_top + 1) & 7;
}

static void unary(GuestState *s, xf80 (*fn)(xf80, uint32_t))
{
    xf80 r = fn(stx_get(s, 0), s->fpu_cw);
    transcendental_status(s, XF80_FLAGS(r));
    stx_set(s, 0, r & XF80_MASK);
}

void xlate_x87x_fsin(GuestState *s) { unary(s, xlate_f80_sin); }
void xlate_x87x_fcos(GuestState *s) { unary(s, xlate_f80_cos); }
void xlate_x87x_f2xm1(GuestState *s) { unary(s, xlate_f80_2xm1); }

void xlate_x87x_fsincos(GuestState *s)
{
    xf80 c, r = xlate_f80_sincos(stx_get(s, 0), s->fpu_cw, &c);
    transcendental_status(s, XF80_FLAGS(r));
    if (XF80_FLAGS(r) & F_C2) return;
    stx_set(s, 0, r & XF80_MASK);
    stx_push(s, c);
}

void xlate_x87x_fptan(GuestState *s)
{
    xf80 r = xlate_f80_tan(stx_get(s, 0), s->fpu_cw);
    transcendental_status(s, XF80_FLAGS(r));
    if (XF80_FLAGS(r) & F_C2) return;
    r &= XF80_MASK;
    stx_set(s, 0, r);
    stx_push(s, is_nan_kind(unpack(r).kind) ? r : mk(0, 16383, 1ULL << 63));
}

/* ST(1) = f(ST(0), ST(1)), then pop. */
static void binary_pop(GuestState *s, xf80 (*fn)(xf80, xf80, uint32_t), int swap)
{
    xf80 a = stx_get(s, 0), b = stx_get(s, 1);
    xf80 r = swap ? fn(b, a, s->fpu_cw) : fn(a, b, s->fpu_cw);
    transcendental_status(s, XF80_FLAGS(r));
    stx_set(s, 1, r & XF80_MASK);
    stx_pop(s);
}

void xlate_x87x_fpatan(GuestState *s) { binary_pop(s, xlate_f80_atan2, 1); }
void xlate_x87x_fyl2x(GuestState *s) { binary_pop(s, xlate_f80_yl2x, 0); }
void xlate_x87x_fyl2xp1(GuestState *s) { binary_pop(s, xlate_f80_yl2xp1, 0); }
