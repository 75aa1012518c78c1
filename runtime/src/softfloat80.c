/* x87 80-bit extended precision arithmetic in software, bit-identical to the hardware (see softfloat80.h).
 * Integer arithmetic only: the runtime is built with -mgeneral-regs-only, and the host test harness
 * (tests/Translator.Lifting.Tests/X87/softfloat80_test.c) compiles this file for x86-64 and compares it with the
 * host's x87. Internally a finite value is a sign, an unbiased exponent e and a significand normalised to
 * bit 63 (value = sig / 2^63 * 2^e) or, while rounding, a 128-bit significand normalised to bit 127. */
#include "softfloat80.h"

typedef unsigned __int128 u128;

enum { F_IE = 1, F_DE = 2, F_ZE = 4, F_OE = 8, F_UE = 0x10, F_PE = 0x20, F_C1 = 0x200 };
enum { K_ZERO, K_FIN, K_INF, K_QNAN, K_SNAN, K_BAD };

typedef struct { int sign, kind, denormal; int32_t e; uint64_t sig; } unp;
typedef struct { uint64_t sig; int32_t e; int inf; } rres;

static int clz64(uint64_t v) { return v ? __builtin_clzll(v) : 64; }
static int clz128(u128 v) { uint64_t hi = (uint64_t)(v >> 64); return hi ? clz64(hi) : 64 + clz64((uint64_t)v); }
static u128 shr_jam(u128 m, int32_t sh)
{
    if (sh <= 0) return m;
    if (sh >= 128) return m != 0;
    return (m >> sh) | ((m & (((u128)1 << sh) - 1)) != 0);
}
static xf80 mk(int sign, unsigned be, uint64_t sig) { return (xf80)((unsigned)sign << 15 | be) << 64 | sig; }
static xf80 with_flags(xf80 v, uint32_t fl) { return (v & XF80_MASK) | (xf80)fl << 80; }
static xf80 inf80(int sign) { return mk(sign, 0x7fff, 1ULL << 63); }
static int prec_of(uint32_t cw)
{
    unsigned pc = (cw >> 8) & 3;
    return pc == 0 ? 24 : pc == 2 ? 53 : 64;
}
#define RC(cw) ((int)((cw) >> 10) & 3)

static unp unpack(xf80 x)
{
    unp u;
    uint64_t sig = (uint64_t)x;
    unsigned se = (unsigned)(x >> 64) & 0xffff;
    int be = se & 0x7fff;
    u.sign = se >> 15;
    u.sig = sig;
    u.e = 0;
    u.denormal = 0;
    if (be == 0x7fff) {
        if (!(sig >> 63)) u.kind = K_BAD;                          /* pseudo-infinity / pseudo-NaN */
        else if ((sig << 1) == 0) u.kind = K_INF;
        else u.kind = (sig >> 62) & 1 ? K_QNAN : K_SNAN;
    } else if (be == 0) {
        if (sig == 0) u.kind = K_ZERO;
        else {                                                   /* denormal or pseudo-denormal */
            int lz = clz64(sig);
            u.sig = sig << lz;
            u.e = -16382 - lz;
            u.kind = K_FIN;
            u.denormal = 1;
        }
    } else if (!(sig >> 63)) u.kind = K_BAD;                     /* unnormal */
    else { u.kind = K_FIN; u.e = be - 16383; }
    return u;
}

/* Whether m rounds up (in magnitude) at the bit `one` per rc. */
static int round_up(int sign, u128 m, u128 one, int rc)
{
    u128 rest = m & (one - 1), half = one >> 1;
    if (!rest) return 0;
    return rc == 0 ? (rest > half || (rest == half && (m & one))) : rc == 1 ? sign : rc == 2 ? !sign : 0;
}

/* Rounds m (bit 127 set; value = m / 2^127 * 2^e) to prec bits in a format with normal exponents emin..emax. */
static rres round_core(int sign, int32_t e, u128 m, int prec, int32_t emin, int32_t emax, int rc, uint32_t *fl)
{
    rres r = { 0, 0, 0 };
    int tiny = 0, lsb = 128 - prec;
    u128 one = (u128)1 << lsb;
    if (e < emin) {
        /* x87 detects tininess after rounding (to prec bits with an unbounded exponent) */
        tiny = e < emin - 1 || !(round_up(sign, m, one, rc) && (m | (one - 1)) == ~(u128)0);
        m = shr_jam(m, emin - e);
        e = emin;
    }
    u128 rest = m & (one - 1);
    m -= rest;
    if (rest) {
        *fl |= F_PE;
        int inc = round_up(sign, m | rest, one, rc);
        if (inc) {
            *fl |= F_C1;
            m += one;
            if (m == 0) { m = (u128)1 << 127; e++; }
        }
        if (tiny) *fl |= F_UE;
    }
    if (e > emax) {
        *fl |= F_OE | F_PE;
        if (rc == 0 || (rc == 1 && sign) || (rc == 2 && !sign)) { r.inf = 1; *fl |= F_C1; return r; }
        *fl &= ~(uint32_t)F_C1;
        r.sig = ~(uint64_t)0 << (64 - prec);
        r.e = emax;
        return r;
    }
    r.sig = (uint64_t)(m >> 64);
    r.e = e;
    return r;
}

/* Rounds to the 80-bit format; returns the value with fl and the rounding's flags in bits 80+. */
static xf80 round80(int sign, int32_t e, u128 m, int prec, int rc, uint32_t fl)
{
    rres r = round_core(sign, e, m, prec, -16382, 16383, rc, &fl);
    xf80 v;
    if (r.inf) v = inf80(sign);
    else if (!(r.sig >> 63)) v = mk(sign, 0, r.sig);
    else v = mk(sign, (unsigned)(r.e + 16383), r.sig);
    return with_flags(v, fl);
}

static xf80 quiet(xf80 x) { return x | ((xf80)1 << 62); }
static int is_nan_kind(int k) { return k == K_QNAN || k == K_SNAN || k == K_BAD; }

/* NaN result of a two-operand instruction (at least one operand is a NaN or an unsupported encoding). */
static xf80 prop_nan_v(xf80 a, unp ua, xf80 b, unp ub, uint32_t *fl)
{
    if (ua.kind == K_BAD || ub.kind == K_BAD) { *fl |= F_IE; return XF80_INDEFINITE; }
    if (ua.kind == K_SNAN || ub.kind == K_SNAN) *fl |= F_IE;
    int an = is_nan_kind(ua.kind), bn = is_nan_kind(ub.kind);
    if (!bn) return quiet(a);
    if (!an) return quiet(b);
    if (ua.kind == K_QNAN && ub.kind == K_SNAN) return a;
    if (ub.kind == K_QNAN && ua.kind == K_SNAN) return b;
    uint64_t ma = (uint64_t)a << 1, mb = (uint64_t)b << 1;
    if (ma != mb) return quiet(ma > mb ? a : b);
    return quiet(ua.sign ? b : a);
}

static xf80 nan1_v(xf80 a, unp ua, uint32_t *fl)
{
    if (ua.kind == K_BAD) { *fl |= F_IE; return XF80_INDEFINITE; }
    if (ua.kind == K_SNAN) *fl |= F_IE;
    return quiet(a);
}

static xf80 prop_nan(xf80 a, unp ua, xf80 b, unp ub, uint32_t fl)
{
    xf80 v = prop_nan_v(a, ua, b, ub, &fl);
    return with_flags(v, fl);
}

static xf80 nan1(xf80 a, unp ua, uint32_t fl)
{
    xf80 v = nan1_v(a, ua, &fl);
    return with_flags(v, fl);
}

static xf80 addsub(xf80 a, xf80 b, int negb, uint32_t cw)
{
    uint32_t fl = 0;
    unp ua = unpack(a), ub = unpack(b);
    if (is_nan_kind(ua.kind) || is_nan_kind(ub.kind)) return prop_nan(a, ua, b, ub, fl);
    ub.sign ^= negb;
    if (ua.denormal || ub.denormal) fl |= F_DE;
    int rc = RC(cw);
    if (ua.kind == K_INF || ub.kind == K_INF) {
        if (ua.kind == K_INF && ub.kind == K_INF && ua.sign != ub.sign) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(inf80(ua.kind == K_INF ? ua.sign : ub.sign), fl);
    }
    if (ua.kind == K_ZERO && ub.kind == K_ZERO)
        return with_flags(mk(ua.sign == ub.sign ? ua.sign : rc == 1, 0, 0), fl);
    if (ua.kind == K_ZERO) return round80(ub.sign, ub.e, (u128)ub.sig << 64, prec_of(cw), rc, fl);
    if (ub.kind == K_ZERO) return round80(ua.sign, ua.e, (u128)ua.sig << 64, prec_of(cw), rc, fl);
    if (ua.e < ub.e || (ua.e == ub.e && ua.sig < ub.sig)) { unp t = ua; ua = ub; ub = t; }
    u128 ma = (u128)ua.sig << 63, mb = shr_jam((u128)ub.sig << 63, ua.e - ub.e);
    u128 m = ua.sign == ub.sign ? ma + mb : ma - mb;
    if (m == 0) return with_flags(mk(rc == 1, 0, 0), fl);
    int lz = clz128(m);
    return round80(ua.sign, ua.e + 1 - lz, m << lz, prec_of(cw), rc, fl);
}

xf80 xlate_f80_add(xf80 a, xf80 b, uint32_t cw) { return addsub(a, b, 0, cw); }
xf80 xlate_f80_sub(xf80 a, xf80 b, uint32_t cw) { return addsub(a, b, 1, cw); }

xf80 xlate_f80_mul(xf80 a, xf80 b, uint32_t cw)
{
    uint32_t fl = 0;
    unp ua = unpack(a), ub = unpack(b);
    if (is_nan_kind(ua.kind) || is_nan_kind(ub.kind)) return prop_nan(a, ua, b, ub, fl);
    if (ua.denormal || ub.denormal) fl |= F_DE;
    int s = ua.sign ^ ub.sign;
    if (ua.kind == K_INF || ub.kind == K_INF) {
        if (ua.kind == K_ZERO || ub.kind == K_ZERO) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(inf80(s), fl);
    }
    if (ua.kind == K_ZERO || ub.kind == K_ZERO) return with_flags(mk(s, 0, 0), fl);
    u128 m = (u128)ua.sig * ub.sig;
    int lz = clz128(m);
    return round80(s, ua.e + ub.e + 1 - lz, m << lz, prec_of(cw), RC(cw), fl);
}

/* 128-by-64-bit division when the quotient fits in 64 bits (n >> 64 < d). */
static uint64_t div128(u128 n, uint64_t d, uint64_t *rem)
{
    uint64_t hi = (uint64_t)(n >> 64), lo = (uint64_t)n, q = 0;
    for (int i = 63; i >= 0; i--) {
        uint64_t top = hi >> 63;
        hi = hi << 1 | lo >> 63;
        lo <<= 1;
        q <<= 1;
        if (top || hi >= d) { hi -= d; q |= 1; }
    }
    *rem = hi;
    return q;
}

xf80 xlate_f80_div(xf80 a, xf80 b, uint32_t cw)
{
    uint32_t fl = 0;
    unp ua = unpack(a), ub = unpack(b);
    if (is_nan_kind(ua.kind) || is_nan_kind(ub.kind)) return prop_nan(a, ua, b, ub, fl);
    int s = ua.sign ^ ub.sign;
    if (ub.kind == K_ZERO && ua.kind == K_FIN) return with_flags(inf80(s), F_ZE);
    if (ua.denormal || ub.denormal) fl |= F_DE;
    if (ua.kind == K_INF) {
        if (ub.kind == K_INF) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(inf80(s), fl);
    }
    if (ub.kind == K_INF) return with_flags(mk(s, 0, 0), fl);
    if (ub.kind == K_ZERO) {
        if (ua.kind == K_ZERO) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(inf80(s), fl | F_ZE);
    }
    if (ua.kind == K_ZERO) return with_flags(mk(s, 0, 0), fl);
    int32_t e = ua.e - ub.e;
    u128 num = (u128)ua.sig << 63;
    if (ua.sig < ub.sig) { num <<= 1; e--; }
    uint64_t r1, r2;
    uint64_t q1 = div128(num, ub.sig, &r1);
    uint64_t q2 = div128((u128)r1 << 64, ub.sig, &r2);
    u128 m = (u128)q1 << 64 | q2 | (r2 != 0);
    return round80(s, e, m, prec_of(cw), RC(cw), fl);
}

xf80 xlate_f80_sqrt(xf80 a, uint32_t cw)
{
    uint32_t fl = 0;
    unp ua = unpack(a);
    if (is_nan_kind(ua.kind)) return nan1(a, ua, fl);
    if (ua.kind == K_ZERO) return a;
    if (ua.sign) return with_flags(XF80_INDEFINITE, F_IE);
    if (ua.kind == K_INF) return a;
    if (ua.denormal) fl |= F_DE;
    int32_t er;
    u128 n;
    if (ua.e & 1) { n = (u128)ua.sig << 64; er = (ua.e - 1) / 2; }
    else { n = (u128)ua.sig << 63; er = ua.e / 2; }
    uint64_t r = 0;
    for (int bit = 63; bit >= 0; bit--) {
        uint64_t t = r | 1ULL << bit;
        if ((u128)t * t <= n) r = t;
    }
    u128 rem = n - (u128)r * r;
    u128 m = (u128)r << 64 | (rem > r ? 1ULL << 63 : 0) | (rem != 0);
    return round80(0, er, m, prec_of(cw), RC(cw), fl);
}

/* |x| rounded to an integer per rc (x = sig / 2^63 * 2^e, e <= 63); inexact and up report the rounding. */
static uint64_t round_mag(int sign, int32_t e, uint64_t sig, int rc, int *inexact, int *up)
{
    *inexact = *up = 0;
    if (e >= 63) return sig;
    uint64_t q;
    int cmp;
    if (e < -1) { q = 0; cmp = -1; }
    else {
        int sh = 63 - e;                                         /* 1..64 */
        u128 m = sig, rest, half;
        q = sh == 64 ? 0 : sig >> sh;
        rest = m & ((((u128)1) << sh) - 1);
        half = (u128)1 << (sh - 1);
        if (rest == 0) return q;
        cmp = rest < half ? -1 : rest == half ? 0 : 1;
    }
    *inexact = 1;
    int inc = rc == 0 ? (cmp > 0 || (cmp == 0 && (q & 1))) : rc == 1 ? sign : rc == 2 ? !sign : 0;
    *up = inc;
    return q + (uint64_t)inc;
}

xf80 xlate_f80_rndint(xf80 a, uint32_t cw)
{
    uint32_t fl = 0;
    unp ua = unpack(a);
    if (is_nan_kind(ua.kind)) return nan1(a, ua, fl);
    if (ua.kind != K_FIN || ua.e >= 63) return a;
    if (ua.denormal) fl |= F_DE;
    int inexact, up;
    uint64_t q = round_mag(ua.sign, ua.e, ua.sig, RC(cw), &inexact, &up);
    if (inexact) fl |= F_PE;
    if (up) fl |= F_C1;
    if (q == 0) return with_flags(mk(ua.sign, 0, 0), fl);
    int lz = clz64(q);
    return with_flags(mk(ua.sign, (unsigned)(16383 + 63 - lz), q << lz), fl);
}

xf80 xlate_f80_scale(xf80 a, xf80 b, uint32_t cw)
{
    uint32_t fl = 0;
    unp ua = unpack(a), ub = unpack(b);
    if (is_nan_kind(ua.kind) || is_nan_kind(ub.kind)) return prop_nan(a, ua, b, ub, fl);
    if (ua.denormal || ub.denormal) fl |= F_DE;
    if (ub.kind == K_INF) {
        if (!ub.sign) return ua.kind == K_ZERO ? with_flags(XF80_INDEFINITE, fl | F_IE)
                                               : with_flags(ua.kind == K_INF ? a : inf80(ua.sign), fl);
        return ua.kind == K_INF ? with_flags(XF80_INDEFINITE, fl | F_IE) : with_flags(mk(ua.sign, 0, 0), fl);
    }
    if (ua.kind != K_FIN) return with_flags(a, fl);
    int32_t n = 0;
    if (ub.kind == K_FIN && ub.e >= 0) n = ub.e > 20 ? 1 << 20 : (int32_t)(ub.sig >> (63 - ub.e));
    if (ub.sign) n = -n;
    return round80(ua.sign, ua.e + n, (u128)ua.sig << 64, 64, RC(cw), fl);
}

static u128 order_key(unp u)
{
    if (u.kind == K_ZERO) return 0;
    if (u.kind == K_INF) return (u128)1 << 100;
    return (u128)(uint32_t)(u.e + 40000) << 64 | u.sig;
}

uint32_t xlate_f80_cmp(xf80 a, xf80 b)
{
    unp ua = unpack(a), ub = unpack(b);
    uint32_t extra = (ua.denormal || ub.denormal) ? 16 : 0;
    if (is_nan_kind(ua.kind) || is_nan_kind(ub.kind)) {
        int sig = ua.kind == K_SNAN || ua.kind == K_BAD || ub.kind == K_SNAN || ub.kind == K_BAD;
        return 3 | 8 | (sig ? 4 : 0);
    }
    u128 ka = order_key(ua), kb = order_key(ub);
    int sa = ka ? ua.sign : 0, sb = kb ? ub.sign : 0;
    if (sa != sb) return (sa ? 1 : 0) | extra;
    if (ka == kb) return 2 | extra;
    return (((ka < kb) ^ sa) ? 1 : 0) | extra;
}

xf80 xlate_f80_from_i64(int64_t v)
{
    if (v == 0) return 0;
    int sign = v < 0;
    uint64_t m = sign ? 0 - (uint64_t)v : (uint64_t)v;
    int lz = clz64(m);
    return mk(sign, (unsigned)(16383 + 63 - lz), m << lz);
}

xf80 xlate_f80_to_int(xf80 a, uint32_t cw, uint32_t bits, uint32_t trunc)
{
    uint32_t fl = 0;
    uint64_t indefinite = 1ULL << (bits - 1);
    unp ua = unpack(a);
    if (ua.kind == K_ZERO) return 0;
    if (ua.kind != K_FIN || ua.e >= 64) return with_flags(indefinite, F_IE);
    if (ua.denormal) fl |= F_DE;
    int inexact, up;
    uint64_t q = round_mag(ua.sign, ua.e, ua.sig, trunc ? 3 : RC(cw), &inexact, &up);
    uint64_t limit = ua.sign ? indefinite : indefinite - 1;
    if (q > limit) return with_flags(indefinite, fl | F_IE);
    if (inexact) fl |= F_PE;
    if (up) fl |= F_C1;
    uint64_t v = ua.sign ? 0 - q : q;
    if (bits < 64) v &= (1ULL << bits) - 1;
    return with_flags(v, fl);
}

/* From a binary interchange format with `fbits` fraction bits and exponent bias `bias`. */
static xf80 from_ieee(uint64_t f, int sign, int be, int fbits, int bias, int emax_field)
{
    if (be == emax_field) {
        if (f == 0) return inf80(sign);
        uint64_t sig = 1ULL << 63 | f << (63 - fbits);
        uint32_t fl = 0;
        if (!((f >> (fbits - 1)) & 1)) { fl = F_IE; sig |= 1ULL << 62; }
        return with_flags(mk(sign, 0x7fff, sig), fl);
    }
    if (be == 0) {
        if (f == 0) return mk(sign, 0, 0);
        int lz = clz64(f);
        int32_t e = (1 - bias - fbits) + (63 - lz);             /* value = f * 2^(1-bias-fbits) */
        return with_flags(mk(sign, (unsigned)(e + 16383), f << lz), F_DE);
    }
    return mk(sign, (unsigned)(be - bias + 16383), 1ULL << 63 | f << (63 - fbits));
}

xf80 xlate_f80_from_f32(uint32_t f)
{
    return from_ieee(f & 0x7fffff, (int)(f >> 31), (int)(f >> 23) & 0xff, 23, 127, 0xff);
}

xf80 xlate_f80_from_f64(uint64_t d)
{
    return from_ieee(d & ((1ULL << 52) - 1), (int)(d >> 63), (int)(d >> 52) & 0x7ff, 52, 1023, 0x7ff);
}

/* To a binary interchange format: returns its bit pattern in the low bits, flags in bits 80+. */
static xf80 to_ieee(xf80 a, uint32_t cw, int fbits, int bias, int ebits)
{
    uint32_t fl = 0;
    unp ua = unpack(a);
    uint64_t sign = (uint64_t)ua.sign << (fbits + ebits);
    uint64_t expmax = ((1ULL << ebits) - 1) << fbits;
    uint64_t qbit = 1ULL << (fbits - 1);
    if (ua.kind == K_BAD) return with_flags(1ULL << (fbits + ebits) | expmax | qbit, F_IE);
    if (ua.kind == K_QNAN || ua.kind == K_SNAN) {
        if (ua.kind == K_SNAN) fl = F_IE;
        return with_flags(sign | expmax | qbit | ((ua.sig << 1) >> (64 - fbits)), fl);
    }
    if (ua.kind == K_INF) return sign | expmax;
    if (ua.kind == K_ZERO) return sign;
    int32_t emax = bias, emin = 1 - bias;
    rres r = round_core(ua.sign, ua.e, (u128)ua.sig << 64, fbits + 1, emin, emax, RC(cw), &fl);
    if (r.inf) return with_flags(sign | expmax, fl);
    uint64_t frac = r.sig >> (63 - fbits);
    if (!(r.sig >> 63)) return with_flags(sign | frac, fl);
    return with_flags(sign | (uint64_t)(r.e + bias) << fbits | (frac & ((1ULL << fbits) - 1)), fl);
}

xf80 xlate_f80_to_f32(xf80 a, uint32_t cw) { return to_ieee(a, cw, 23, 127, 8); }
xf80 xlate_f80_to_f64(xf80 a, uint32_t cw) { return to_ieee(a, cw, 52, 1023, 11); }
