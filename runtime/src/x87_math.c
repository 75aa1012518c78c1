/* Transcendental x87 instructions for the "fast" (double precision) mode. Own small implementations: argument
 * reduction plus Taylor/atanh series, accurate to about one ulp in double. No libm is available to the runtime. */
#include "x87.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang attribute push(__attribute__((target("fp-armv8"))), apply_to = function)

/* The runtime's ABI has no floating-point registers: doubles never cross a function boundary here. */
#define from_bits(b) ({ uint64_t fb_b = (b); double fb_d; __builtin_memcpy(&fb_d, &fb_b, 8); fb_d; })
#define to_bits(d) ({ double tb_d = (d); uint64_t tb_b; __builtin_memcpy(&tb_b, &tb_d, 8); tb_b; })
#define is_nan(x) ((x) != (x))
#define is_inf(x) ((to_bits(x) << 1) == 0xffe0000000000000ULL)
#define fabs_(x) from_bits(to_bits(x) & 0x7fffffffffffffffULL)
#define NaN_INDEF from_bits(0xfff8000000000000ULL)

/* pi/2 split into 33-bit pieces: n * P1 and n * P2 are exact for |n| < 2^20. */
static const double P1 = 1.5707963267341256, P2 = 6.077100506303966e-11, P3 = 2.0222662487111665e-21,
                    P4 = 8.4784276603689e-32, TWO_OVER_PI = 0.6366197723675814;

/* x = n * pi/2 + (r + rr); returns n mod 4. */
static int reduce(uint64_t xb, double *r, double *rr)
{
    double x = from_bits(xb);
    const double big = 4503599627370496.0;
    double n = x * TWO_OVER_PI;
    if (fabs_(n) < big) n = n < 0 ? (n - big) + big : (n + big) - big;   /* nearest integer */
    double a = x - n * P1;          /* exact */
    double b = n * P2;
    double hi = a - b;
    double lo = (a - hi) - b;
    double c = n * P3;
    double hi2 = hi - c;
    lo += (hi - hi2) - c;
    lo -= n * P4;
    *r = hi2 + lo;
    *rr = (hi2 - *r) + lo;
    long long k = (long long)n;
    return (int)(k & 3);
}

/* sin(r + rr), |r| <= pi/4 */
static uint64_t ksin(const double *rp, const double *rrp)
{
    double r = *rp, rr = *rrp;
    double z = r * r;
    double p = 0.0;
    for (int n = 23; n >= 3; n -= 2) p = z * (1.0 - p) / ((double)(n - 1) * (double)n);
    return to_bits(r - (r * p - rr * (1.0 - z * 0.5)));
}

/* cos(r + rr), |r| <= pi/4 */
static uint64_t kcos(const double *rp, const double *rrp)
{
    double r = *rp, rr = *rrp;
    double z = r * r;
    double p = 0.0;
    for (int n = 24; n >= 4; n -= 2) p = z * (1.0 - p) / ((double)(n - 1) * (double)n);
    /* cos r = 1 - z/2 + z/2 * p */
    double hz = 0.5 * z;
    double w = 1.0 - hz;
    return to_bits(w + (((1.0 - w) - hz) + (hz * p - r * rr)));
}

static uint64_t sin_cos(uint64_t xb, int cosine)
{
    double x = from_bits(xb);
    if (is_nan(x)) return to_bits(x + x);
    if (is_inf(x)) return 0xfff8000000000000ULL;
    if (x == 0) return cosine ? 0x3ff0000000000000ULL : xb;     /* keeps the sign of -0 */
    double r, rr;
    int q = reduce(xb, &r, &rr);
    if (cosine) q = (q + 1) & 3;
    const uint64_t sign = 1ULL << 63;
    switch (q) {
    case 0: return ksin(&r, &rr);
    case 1: return kcos(&r, &rr);
    case 2: return ksin(&r, &rr) ^ sign;
    default: return kcos(&r, &rr) ^ sign;
    }
}

uint64_t xlate_x87_sin(uint64_t x) { return sin_cos(x, 0); }
uint64_t xlate_x87_cos(uint64_t x) { return sin_cos(x, 1); }

uint64_t xlate_x87_tan(uint64_t xb)
{
    double x = from_bits(xb);
    if (is_nan(x)) return to_bits(x + x);
    if (is_inf(x)) return to_bits(NaN_INDEF);
    if (x == 0) return xb;
    double r, rr;
    int q = reduce(xb, &r, &rr);
    double s = from_bits(ksin(&r, &rr)), c = from_bits(kcos(&r, &rr));
    return to_bits((q & 1) ? -c / s : s / c);
}

/* atan(t) for 0 <= t <= 1 */
static uint64_t katan(uint64_t tb)
{
    double t = from_bits(tb);
    static const double PI_4 = 0.7853981633974483, PI_4_LO = 3.061616997868383e-17;
    static const double T8 = 0.41421356237309503;       /* tan(pi/8) */
    double base = 0.0, base_lo = 0.0;
    if (t > T8) { t = (t - 1.0) / (t + 1.0); base = PI_4; base_lo = PI_4_LO; }
    double z = t * t, p = 0.0;
    for (int n = 49; n >= 3; n -= 2) p = z * (1.0 / n - p);
    /* atan t = t - t*z/3 + ... = t - t*p' where p' alternates: p = z*(1/3 - z*(1/5 - ...)) */
    return to_bits(base + (base_lo + (t - t * p)));
}

uint64_t xlate_x87_atan2(uint64_t yb, uint64_t xb)
{
    static const double PI = 3.141592653589793, PI_LO = 1.2246467991473532e-16,
                        PI_2 = 1.5707963267948966, PI_2_LO = 6.123233995736766e-17;
    double y = from_bits(yb), x = from_bits(xb);
    if (is_nan(x) || is_nan(y)) return to_bits(x + y);
    int ys = (int)(yb >> 63), xs = (int)(xb >> 63);
    double r;
    if (y == 0) r = xs ? PI : 0.0;
    else if (is_inf(y) && is_inf(x)) r = xs ? 3 * (PI / 4) : PI / 4;
    else if (is_inf(x)) r = xs ? PI : 0.0;
    else if (is_inf(y) || x == 0) r = PI_2;
    else {
        double ay = fabs_(y), ax = fabs_(x);
        if (ay <= ax) {
            double t = ay / ax;
            r = from_bits(katan(to_bits(t)));
        } else {
            double t = ax / ay;
            r = PI_2 + (PI_2_LO - from_bits(katan(to_bits(t))));
        }
        if (xs) r = PI + (PI_LO - r);
    }
    return to_bits(ys ? -r : r);
}

/* 2^x - 1 for |x| <= 1 (other arguments handled loosely). */
uint64_t xlate_x87_f2xm1(uint64_t xb)
{
    static const double LN2 = 0.6931471805599453, LN2_LO = 2.3190468138462996e-17;
    double x = from_bits(xb);
    if (is_nan(x)) return to_bits(x + x);
    if (is_inf(x)) return to_bits(x > 0 ? x : -1.0);
    if (x == 0) return xb;
    double t = x * LN2;
    double t_lo = x * LN2_LO;   /* t + t_lo ~= x ln 2 (error of x*LN2 ignored) */
    /* expm1(t) = t + t^2/2! + ... */
    double p = 0.0;
    for (int n = 22; n >= 2; n--) p = t * (1.0 + p) / n;
    /* expm1(t) = t * (1 + p); add correction for t_lo: d/dt expm1 = 1 + expm1 */
    double e = t + t * p;
    return to_bits(e + t_lo * (1.0 + e));
}

/* log2(x) for finite x > 0 */
static uint64_t klog2(uint64_t xb)
{
    double x = from_bits(xb);
    static const double LOG2E = 1.4426950408889634, LOG2E_LO = 2.0355273740931033e-17;
    uint64_t b = to_bits(x);
    int k = 0;
    if ((b >> 52) == 0) { x *= 18014398509481984.0; b = to_bits(x); k = -54; }   /* subnormal: * 2^54 */
    k += (int)(b >> 52) - 1023;
    b = (b & ((1ULL << 52) - 1)) | 0x3ff0000000000000ULL;
    double m = from_bits(b);                       /* [1, 2) */
    if (m > 1.4142135623730951) { m *= 0.5; k++; }
    double f = m - 1.0;                            /* exact */
    double s = f / (2.0 + f);
    double z = s * s, p = 0.0;
    for (int n = 29; n >= 3; n -= 2) p = z * (1.0 / n + p);
    /* ln m = 2 atanh(s) = 2s (1 + p) */
    double ln_m = 2.0 * s + 2.0 * s * p;
    double l = ln_m * LOG2E + ln_m * LOG2E_LO;
    return to_bits((double)k + l);
}

uint64_t xlate_x87_fyl2x(uint64_t xb, uint64_t yb)
{
    double x = from_bits(xb), y = from_bits(yb);
    if (is_nan(x) || is_nan(y)) return to_bits(x + y);
    if (x < 0) return to_bits(NaN_INDEF);
    if (x == 0) return to_bits(y == 0 ? NaN_INDEF : (y > 0 ? -1.0 / 0.0 : 1.0 / 0.0));
    if (is_inf(x)) return to_bits(y == 0 ? NaN_INDEF : (y > 0 ? x : -x));
    if (x == 1.0) return to_bits(is_inf(y) ? NaN_INDEF : y * 0.0);
    return to_bits(y * from_bits(klog2(xb)));
}

uint64_t xlate_x87_fyl2xp1(uint64_t xb, uint64_t yb)
{
    static const double LOG2E = 1.4426950408889634;
    double x = from_bits(xb), y = from_bits(yb);
    if (is_nan(x) || is_nan(y)) return to_bits(x + y);
    if (fabs_(x) < 1e-5) {
        /* log2(1 + x) = (x - x^2/2 + x^3/3) * log2(e) */
        double l = x - x * x * 0.5 + x * x * x / 3.0;
        return to_bits(y * (l * LOG2E));
    }
    /* log2(1 + x) with the rounding error of 1 + x corrected to first order */
    double u = 1.0 + x;
    double c = (x - (u - 1.0)) / u;
    return to_bits(y * (from_bits(klog2(to_bits(u))) + c * LOG2E));
}

#pragma clang attribute pop
