/* x87 transcendental instructions in 80-bit precision (exact mode): fsin, fcos, fsincos, fptan, fpatan, fyl2x,
 * fyl2xp1, f2xm1. Compiled as part of x87.c after softfloat80.c (whose unpack/round80/NaN rules it uses); integer
 * arithmetic only, so the host test harness can compile it for x86-64 too.
 *
 * Each function is evaluated in a 128-bit-significand format (about 120 correct bits) and rounded once to 64 bits
 * per CW.RC, which gives the correctly rounded result. Like the hardware, fsin/fcos/fsincos/fptan reduce their
 * argument by the x87's own 68-bit approximation of pi/2 (exactly, so x - k*pi/2 loses nothing), which is what makes
 * fsin(fldpi) come out as -2^-64 (that pi minus fldpi), not as the true sine of fldpi. Real x87 hardware is not
 * correctly rounded (its internal error reaches about a tenth of an ulp for fptan): on an AMD EPYC, the share of
 * finite operands where it agrees bit for bit (value and status word) with this code is fsin/fcos 99%, fsincos 97%,
 * fpatan 97%, fyl2x 95%, f2xm1 95%, fyl2xp1 92%, fptan 90% (tests/Translator.Lifting.Tests/X87/
 * x87_transcendental.c); the others are one ulp apart or differ in C1 only. Special operands match exactly. */

typedef struct { int sign; int32_t e; u128 m; } bf;   /* value = m / 2^127 * 2^e, m normalised (bit 127) or 0 */

enum { F_C2 = 0x400 };

static const bf BF_ONE = { 0, 0, (u128)1 << 127 };
static const bf BF_PI = { 0, 1, ((u128)0xc90fdaa22168c234ULL << 64) | 0xc4c6628b80dc1cd1ULL };
static const bf BF_HALF_PI = { 0, 0, ((u128)0xc90fdaa22168c234ULL << 64) | 0xc4c6628b80dc1cd1ULL };
static const bf BF_QUARTER_PI = { 0, -1, ((u128)0xc90fdaa22168c234ULL << 64) | 0xc4c6628b80dc1cd1ULL };
static const bf BF_3QUARTER_PI = { 0, 1, ((u128)0x96cbe3f9990e91a7ULL << 64) | 0x9394c9e8a0a5159dULL };
static const bf BF_LN2 = { 0, -1, ((u128)0xb17217f7d1cf79abULL << 64) | 0xc9e3b39803f2f6afULL };
static const bf BF_LOG2E = { 0, 0, ((u128)0xb8aa3b295c17f0bbULL << 64) | 0xbe87fed0691d3e89ULL };
static const bf BF_TWO_OVER_PI = { 0, -1, ((u128)0xa2f9836e4e441529ULL << 64) | 0xfc2757d1f534ddc1ULL };
/* atan(j/8), j = 1..8 */
static const bf BF_ATAN_EIGHTHS[8] = {
    { 0, -4, ((u128)0xfeadd4d5617b6e32ULL << 64) | 0xc897989f3e888ef8ULL },
    { 0, -3, ((u128)0xfadbafc96406eb15ULL << 64) | 0x6dc79ef5f7a217e6ULL },
    { 0, -2, ((u128)0xb7b0ca0f26f78473ULL << 64) | 0x8aa32122dcfe4483ULL },
    { 0, -2, ((u128)0xed63382b0dda7b45ULL << 64) | 0x6fe445ecbc3a8d03ULL },
    { 0, -1, ((u128)0x8f005d5ef7f59f9bULL << 64) | 0x5c835e1665c43748ULL },
    { 0, -1, ((u128)0xa4bc7d1934f70924ULL << 64) | 0x19a87f2a457dac9fULL },
    { 0, -1, ((u128)0xb8053e2bc2319e73ULL << 64) | 0xcb2da55210a4443dULL },
    { 0, -1, ((u128)0xc90fdaa22168c234ULL << 64) | 0xc4c6628b80dc1cd1ULL },
};
/* The x87's pi/2: 0xc90fdaa22168c234c * 2^-67 (pi rounded to 66 significant bits; the next two bits are 0). */
static const u128 X87_HALF_PI_2_67 = ((u128)0xcULL << 64) | 0x90fdaa22168c234cULL;

static bf bf_norm(int sign, int32_t e, u128 m)
{
    bf r = { sign, e, m };
    if (!m) { r.e = 0; return r; }
    int lz = clz128(m);
    r.m = m << lz;
    r.e = e - lz;
    return r;
}

static bf bf_from_int(int sign, uint64_t v) { return bf_norm(sign, 127, v); }
static bf bf_from_unp(unp u) { bf r = { u.sign, u.e, (u128)u.sig << 64 }; return r; }
static bf bf_neg(bf a) { a.sign ^= 1; return a; }

static bf bf_mul(bf a, bf b)
{
    if (!a.m || !b.m) { bf z = { a.sign ^ b.sign, 0, 0 }; return z; }
    uint64_t ah = (uint64_t)(a.m >> 64), al = (uint64_t)a.m, bh = (uint64_t)(b.m >> 64), bl = (uint64_t)b.m;
    u128 hh = (u128)ah * bh, hl = (u128)ah * bl, lh = (u128)al * bh, ll = (u128)al * bl;
    u128 mid = (hl & ~(uint64_t)0) + (lh & ~(uint64_t)0) + (ll >> 64);
    u128 high = hh + (hl >> 64) + (lh >> 64) + (mid >> 64);
    /* a.m * b.m = high * 2^128 + ..., value = high / 2^126 * 2^(ea + eb) */
    int32_t e = a.e + b.e + 1;
    if (!(high >> 127)) { high = high << 1 | (((uint64_t)mid >> 63) & 1); e--; }
    bf r = { a.sign ^ b.sign, e, high };
    return r;
}

static bf bf_add(bf a, bf b)
{
    if (!a.m) return b;
    if (!b.m) return a;
    if (a.e < b.e || (a.e == b.e && a.m < b.m)) { bf t = a; a = b; b = t; }
    int32_t d = a.e - b.e;
    u128 small = shr_jam(b.m, d);
    if (a.sign == b.sign) {
        u128 sum = a.m + small;
        if (sum < a.m) return bf_norm(a.sign, a.e + 1, (sum >> 1) | (u128)1 << 127);
        return bf_norm(a.sign, a.e, sum);
    }
    return bf_norm(a.sign, a.e, a.m - small);
}

static bf bf_sub(bf a, bf b) { return bf_add(a, bf_neg(b)); }

static bf bf_div(bf a, bf b)
{
    if (!a.m) return a;
    u128 r = a.m, q = 0;
    for (int i = 0; i < 128; i++) {
        int carry = 0;
        if (i) { carry = (int)(r >> 127); r <<= 1; }
        q <<= 1;
        if (carry || r >= b.m) { r -= b.m; q |= 1; }
    }
    /* q = floor(a.m / b.m * 2^127) */
    return bf_norm(a.sign ^ b.sign, a.e - b.e, q);
}

static bf bf_div_int(bf a, uint64_t n) { return bf_div(a, bf_from_int(0, n)); }

/* Rounds an inexact result to 80 bits (the low bit keeps it inexact when the 128 bits happen to be exact). */
static xf80 bf_round(bf v, uint32_t cw, uint32_t fl)
{
    return round80(v.sign, v.e, v.m | 1, 64, RC(cw), fl);
}

/* ---- sin, cos, tan ---- */

/* For |r| <= pi/4: sin r = r - r z S(z), cos r = 1 - z C(z) with z = r^2 (Taylor series, 18 terms, the last
 * below 2^-140); kept in this form so that a tiny correction still rounds in the right direction. */
static bf bf_sin_tail(bf z)        /* S = 1/3! - z/5! + z^2/7! - ... */
{
    bf p = BF_ONE;
    for (uint64_t k = 18; k >= 2; k--) p = bf_sub(BF_ONE, bf_div_int(bf_mul(z, p), (2 * k) * (2 * k + 1)));
    return bf_div_int(p, 6);
}

static bf bf_cos_tail(bf z)        /* C = 1/2! - z/4! + z^2/6! - ... */
{
    bf p = BF_ONE;
    for (uint64_t k = 18; k >= 2; k--) p = bf_sub(BF_ONE, bf_div_int(bf_mul(z, p), (2 * k - 1) * (2 * k)));
    return bf_div_int(p, 2);
}

static bf bf_sin_small(bf r, bf z) { return bf_sub(r, bf_mul(bf_mul(r, z), bf_sin_tail(z))); }
static bf bf_cos_small(bf z) { return bf_sub(BF_ONE, bf_mul(z, bf_cos_tail(z))); }

/* x = k * pi/2 + r with the x87's pi/2, |r| <= pi/4, for finite |x| < 2^63; returns k mod 4. */
static int reduce_half_pi(unp u, bf *r)
{
    bf x = bf_from_unp(u);
    if (u.e < -1) { *r = x; return 0; }                 /* |x| < 0.5 */
    /* k ~ x * 2/pi; the exact remainder below corrects it by one when needed */
    bf q = bf_mul(x, BF_TWO_OVER_PI);
    uint64_t k = 0;
    if (q.e >= 0) {
        u128 fixed = q.m >> (126 - q.e);                /* q * 2 as an integer: bit 0 = the half */
        k = (uint64_t)((fixed + 1) >> 1);
    }
    /* r * 2^67 = x * 2^67 - k * P, exactly, modulo 2^128 (|r| * 2^67 < 2^67 so no information is lost) */
    u128 x67 = (u128)u.sig << (u.e + 4);                /* x = sig * 2^(e - 63), e in [-1, 62] */
    u128 d = x67 - (u128)k * X87_HALF_PI_2_67;
    for (;;) {
        int neg = (int)(d >> 127);
        u128 mag = neg ? (u128)0 - d : d;
        if (mag <= X87_HALF_PI_2_67 >> 1) {
            *r = bf_norm(u.sign ^ neg, 127 - 67, mag);
            break;
        }
        if (neg) { k--; d += X87_HALF_PI_2_67; } else { k++; d -= X87_HALF_PI_2_67; }
    }
    /* x is negative: x = -(k * pi/2 + r') */
    return (int)(u.sign ? (0 - k) & 3 : k & 3);
}

/* Shared front end of fsin/fcos/fsincos/fptan. Returns 1 when *special holds the (single) result. */
static int trig_special(xf80 x, unp u, uint32_t *fl, xf80 *special)
{
    if (is_nan_kind(u.kind)) { *special = nan1(x, u, 0); return 1; }
    if (u.kind == K_INF) { *special = with_flags(XF80_INDEFINITE, F_IE); return 1; }
    if (u.kind == K_FIN && u.e >= 63) { *special = with_flags(x, F_C2); return 1; }
    if (u.denormal) *fl |= F_DE;
    return 0;
}

/* sin and cos of x (finite, non-zero, in range). */
static void sin_cos(unp u, bf *s, bf *c)
{
    bf r;
    int q = reduce_half_pi(u, &r);
    bf z = bf_mul(r, r), sr = bf_sin_small(r, z), cr = bf_cos_small(z);
    switch (q) {
    case 0: *s = sr; *c = cr; break;
    case 1: *s = cr; *c = bf_neg(sr); break;
    case 2: *s = bf_neg(sr); *c = bf_neg(cr); break;
    default: *s = bf_neg(cr); *c = sr; break;
    }
}

xf80 xlate_f80_sin(xf80 x, uint32_t cw)
{
    uint32_t fl = 0;
    unp u = unpack(x);
    xf80 special;
    if (trig_special(x, u, &fl, &special)) return special;
    if (u.kind == K_ZERO) return x;
    bf s, c;
    sin_cos(u, &s, &c);
    return bf_round(s, cw, fl);
}

xf80 xlate_f80_cos(xf80 x, uint32_t cw)
{
    uint32_t fl = 0;
    unp u = unpack(x);
    xf80 special;
    if (trig_special(x, u, &fl, &special)) return special;
    if (u.kind == K_ZERO) return mk(0, 16383, 1ULL << 63);
    bf s, c;
    sin_cos(u, &s, &c);
    return bf_round(c, cw, fl);
}

/* fsincos: returns sin(x) (flags of both roundings, C1 of the sine as on the hardware) and stores cos(x); on
 * NaN/infinity both are the NaN result, out of range (C2) leaves only x. */
xf80 xlate_f80_sincos(xf80 x, uint32_t cw, xf80 *cosine)
{
    uint32_t fl = 0;
    unp u = unpack(x);
    xf80 special;
    if (trig_special(x, u, &fl, &special)) { *cosine = special & XF80_MASK; return special; }
    if (u.kind == K_ZERO) { *cosine = mk(0, 16383, 1ULL << 63); return x; }
    bf s, c;
    sin_cos(u, &s, &c);
    xf80 rs = bf_round(s, cw, fl), rc = bf_round(c, cw, fl);
    *cosine = rc & XF80_MASK;
    uint32_t flags = (XF80_FLAGS(rs) | XF80_FLAGS(rc)) & ~(uint32_t)F_C1;
    return with_flags(rs, flags | (XF80_FLAGS(rs) & F_C1));
}

/* fptan: tan(x) (1.0 is pushed by the caller unless the result is a NaN or out of range). */
xf80 xlate_f80_tan(xf80 x, uint32_t cw)
{
    uint32_t fl = 0;
    unp u = unpack(x);
    xf80 special;
    if (trig_special(x, u, &fl, &special)) return special;
    if (u.kind == K_ZERO) return x;
    bf r;
    int q = reduce_half_pi(u, &r);
    bf z = bf_mul(r, r);
    if (q & 1) return bf_round(bf_neg(bf_div(bf_cos_small(z), bf_sin_small(r, z))), cw, fl);
    /* tan r = r + r z (C - S) / cos r, since sin r - r cos r = r z (C - S) */
    bf cs = bf_sub(bf_cos_tail(z), bf_sin_tail(z));
    return bf_round(bf_add(r, bf_div(bf_mul(bf_mul(r, z), cs), bf_cos_small(z))), cw, fl);
}

/* ---- fpatan ---- */

/* atan(t) for 0 < t <= 1: t = j/8 + ..., atan t = atan(j/8) + atan((t - j/8) / (1 + t j/8)), |u| <= 1/16. */
static bf bf_atan_unit(bf t)
{
    uint64_t j = 0;
    if (t.e >= -4) {
        u128 fixed = t.m >> (127 - 4 - t.e);            /* t * 16 */
        j = (uint64_t)((fixed + 1) >> 1);
    }
    bf u = t, base = { 0, 0, 0 };
    if (j) {
        bf c = bf_div_int(bf_from_int(0, j), 8);
        u = bf_div(bf_sub(t, c), bf_add(BF_ONE, bf_mul(t, c)));
        base = BF_ATAN_EIGHTHS[j - 1];
    }
    bf z = bf_mul(u, u), p = bf_div_int(BF_ONE, 37);
    for (uint64_t k = 17; k >= 1; k--) p = bf_sub(bf_div_int(BF_ONE, 2 * k + 1), bf_mul(z, p));
    /* atan u = u (1 - z (1/3 - z (1/5 - ...))) */
    return bf_add(base, bf_mul(u, bf_sub(BF_ONE, bf_mul(z, p))));
}

/* fpatan: atan(y / x) in the quadrant of (x, y). */
xf80 xlate_f80_atan2(xf80 y, xf80 x, uint32_t cw)
{
    uint32_t fl = 0;
    unp uy = unpack(y), ux = unpack(x);
    if (is_nan_kind(uy.kind) || is_nan_kind(ux.kind)) return prop_nan(x, ux, y, uy, 0);
    if (uy.denormal || ux.denormal) fl |= F_DE;
    int ys = uy.sign, xs = ux.sign;
    bf r;
    if (uy.kind == K_ZERO || (ux.kind == K_INF && uy.kind != K_INF)) {
        if (!xs) return mk(ys, 0, 0) | (xf80)fl << 80;
        r = BF_PI;
    } else if (uy.kind == K_INF) {
        r = ux.kind == K_INF ? (xs ? BF_3QUARTER_PI : BF_QUARTER_PI) : BF_HALF_PI;
    } else if (ux.kind == K_ZERO) {
        r = BF_HALF_PI;
    } else {
        bf ay = bf_from_unp(uy), ax = bf_from_unp(ux);
        ay.sign = ax.sign = 0;
        if (uy.e < ux.e || (uy.e == ux.e && uy.sig <= ux.sig)) r = bf_atan_unit(bf_div(ay, ax));
        else r = bf_sub(BF_HALF_PI, bf_atan_unit(bf_div(ax, ay)));
        if (xs) r = bf_sub(BF_PI, r);
    }
    r.sign = ys;
    return bf_round(r, cw, fl);
}

/* ---- logarithms ---- */

/* 1 + s^2/3 + s^4/5 + ... */
static bf bf_atanh_series(bf s)
{
    bf z = bf_mul(s, s), p = bf_div_int(BF_ONE, 57);
    for (uint64_t k = 27; k >= 1; k--) p = bf_add(bf_div_int(BF_ONE, 2 * k + 1), bf_mul(z, p));
    return bf_add(BF_ONE, bf_mul(z, p));
}

/* ln(m) for m in [sqrt(1/2), sqrt(2)]: 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172 (28 terms). */
static bf bf_ln_near1(bf m)
{
    bf s = bf_div(bf_sub(m, BF_ONE), bf_add(m, BF_ONE));
    return bf_mul(bf_from_int(0, 2), bf_mul(s, bf_atanh_series(s)));
}

/* log2(v) for finite v > 0 */
static bf bf_log2(bf v)
{
    int32_t e = v.e;
    bf m = { 0, 0, v.m };                                   /* [1, 2) */
    const u128 sqrt2 = ((u128)0xb504f333f9de6484ULL << 64) | 0x597d89b3754abe9fULL;
    if (m.m > sqrt2) { m.e = -1; e++; }
    bf l = bf_mul(bf_ln_near1(m), BF_LOG2E);
    return bf_add(bf_norm(e < 0, 127, e < 0 ? (uint64_t)-(int64_t)e : (uint64_t)e), l);
}

/* fyl2x: y * log2(x) */
xf80 xlate_f80_yl2x(xf80 x, xf80 y, uint32_t cw)
{
    uint32_t fl = 0;
    unp ux = unpack(x), uy = unpack(y);
    if (is_nan_kind(ux.kind) || is_nan_kind(uy.kind)) return prop_nan(x, ux, y, uy, 0);
    if (ux.sign && ux.kind != K_ZERO) return with_flags(XF80_INDEFINITE, fl | F_IE);
    if (ux.kind == K_ZERO) {     /* no DE here and above, as on the hardware */
        if (uy.kind == K_ZERO) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(inf80(!uy.sign), fl | (uy.kind == K_FIN ? F_ZE : 0));
    }
    if (ux.denormal || uy.denormal) fl |= F_DE;
    if (ux.kind == K_INF) {
        if (uy.kind == K_ZERO) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(inf80(uy.sign), fl);
    }
    int one = ux.e == 0 && ux.sig == 1ULL << 63;
    if (one) {
        if (uy.kind == K_INF) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(mk(uy.sign, 0, 0), fl);
    }
    int x_above_one = ux.e >= 0;
    if (ux.sig == 1ULL << 63 && uy.kind == K_FIN) {     /* x = 2^n: y * n, rounded once like fmul */
        xf80 r = xlate_f80_mul(y, xlate_f80_from_i64(ux.e), cw | 0x300) | (xf80)fl << 80;
        /* a denormal result is reported as inexact and tiny even when exact */
        return ((r >> 64) & 0x7fff) == 0 && (uint64_t)r ? r | (xf80)(F_UE | F_PE) << 80 : r;
    }
    if (uy.kind == K_INF) return with_flags(inf80(uy.sign ^ !x_above_one), fl);
    if (uy.kind == K_ZERO) return with_flags(mk(uy.sign ^ !x_above_one, 0, 0), fl);
    return bf_round(bf_mul(bf_from_unp(uy), bf_log2(bf_from_unp(ux))), cw, fl);
}

/* fyl2xp1: y * log2(x + 1) */
xf80 xlate_f80_yl2xp1(xf80 x, xf80 y, uint32_t cw)
{
    uint32_t fl = 0;
    unp ux = unpack(x), uy = unpack(y);
    if (is_nan_kind(ux.kind) || is_nan_kind(uy.kind)) return prop_nan(x, ux, y, uy, 0);
    if ((ux.denormal || uy.denormal) && !(ux.kind == K_INF && ux.sign)) fl |= F_DE;
    if (ux.kind == K_ZERO || uy.kind == K_ZERO) {
        if (ux.kind == K_INF || uy.kind == K_INF) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(mk(ux.sign ^ uy.sign, 0, 0), fl);
    }
    if (ux.kind == K_INF) {
        if (ux.sign) return with_flags(XF80_INDEFINITE, fl | F_IE);
        return with_flags(inf80(uy.sign), fl);
    }
    bf xv = bf_from_unp(ux), l;
    if (ux.e < -2) {
        /* |x| < 1/4: ln(1 + x) = 2 atanh(x / (2 + x)) keeps full relative precision for tiny x */
        bf s = bf_div(xv, bf_add(bf_from_int(0, 2), xv));
        l = bf_mul(bf_mul(bf_from_int(0, 2), bf_mul(s, bf_atanh_series(s))), BF_LOG2E);
    } else {
        bf sum = bf_add(BF_ONE, xv);
        if (sum.sign || !sum.m) return with_flags(XF80_INDEFINITE, fl | F_IE);
        l = bf_log2(sum);
    }
    if (uy.kind == K_INF) return with_flags(inf80(uy.sign ^ l.sign), fl);
    return bf_round(bf_mul(bf_from_unp(uy), l), cw, fl);
}

/* ---- f2xm1 ---- */

/* 2^x - 1 for |x| <= 1; larger finite x are returned unchanged with PE (what this host's x87 does). */
xf80 xlate_f80_2xm1(xf80 x, uint32_t cw)
{
    uint32_t fl = 0;
    unp u = unpack(x);
    if (is_nan_kind(u.kind)) return nan1(x, u, 0);
    if (u.kind == K_ZERO) return x;
    if (u.kind == K_INF) return u.sign ? mk(1, 16383, 1ULL << 63) : x;
    if (u.denormal) fl |= F_DE;
    if (u.e == 0 && u.sig == 1ULL << 63)                /* +-1: the hardware reports 1 as rounded up, -0.5 not */
        return with_flags(u.sign ? mk(1, 16382, 1ULL << 63) : x, F_PE | (u.sign ? 0 : F_C1));
    if (u.e >= 0) return with_flags(x, fl | F_PE);
    /* expm1(t), t = x ln 2: t (1 + t/2 (1 + t/3 (1 + ...))), 32 terms */
    bf t = bf_mul(bf_from_unp(u), BF_LN2), p = BF_ONE;
    for (uint64_t k = 32; k >= 2; k--) p = bf_add(BF_ONE, bf_div_int(bf_mul(t, p), k));
    return bf_round(bf_mul(t, p), cw, fl);
}
