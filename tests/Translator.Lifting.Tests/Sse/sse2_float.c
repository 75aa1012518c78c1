/* SSE/SSE2 floating-point intrinsics over edge values (NaNs, zeros, infinities, denormals, out-of-range
   conversions); prints raw result bits. */
#include <emmintrin.h>
#include "mini.h"

#define HIDE(v) __asm__ volatile("" : "+x"(v))

static const uint32_t fbits[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbfc00000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001,
    0x7f800001, 0x00000001, 0x807fffff, 0x4f000000, 0xcf000000, 0x4f000001, 0x3f000000, 0x40200000,
    0xbf000000, 0x7f7fffff, 0x5f000000, 0xdf000001, 0x40400000, 0x3fc00000, 0xc0200000, 0x4b800001,
};
#define NF (int)(sizeof fbits / sizeof fbits[0])
static const uint64_t dbits[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff8000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000001,
    0x7ff0000000000001, 0x0000000000000001, 0x800fffffffffffff, 0x41e0000000000000,
    0xc1e0000000000000, 0xc1e0000000200000, 0x41dfffffffc00000, 0x3fe0000000000000,
    0x4004000000000000, 0xbfe0000000000000, 0x43e0000000000000, 0xc3e0000000000000,
    0x43dfffffffffffff, 0x4008000000000000, 0xc1e00000001fffff, 0x3ff8000000000000,
};
#define ND (int)(sizeof dbits / sizeof dbits[0])

static __m128 fv(int i, int j)
{
    __m128 v = _mm_castsi128_ps(_mm_set_epi32(fbits[(i + 3) % NF], fbits[j], fbits[(i + 1) % NF], fbits[i]));
    HIDE(v);
    return v;
}
static __m128d dv(int i, int j)
{
    __m128d v = _mm_castsi128_pd(_mm_set_epi64x(dbits[j], dbits[i]));
    HIDE(v);
    return v;
}

static void out(const char *name, int i, int j, __m128i v)
{
    uint64_t w[2];
    memcpy(w, &v, 16);
    puts_(name); puts_(" "); dec_(i); puts_(" "); dec_(j); puts_(" ");
    hex_(w[1], 16); puts_(" "); hex_(w[0], 16); puts_("\n");
}
static void outi(const char *name, int i, int j, int64_t v)
{
    puts_(name); puts_(" "); dec_(i); puts_(" "); dec_(j); puts_(" "); hex_((uint64_t)v, 16); puts_("\n");
}

#define PS2(op) for (int i = 0; i < NF; i++) for (int j = 0; j < NF; j++) out(#op, i, j, _mm_castps_si128(op(fv(i, j), fv(j, i))))
#define PD2(op) for (int i = 0; i < ND; i++) for (int j = 0; j < ND; j++) out(#op, i, j, _mm_castpd_si128(op(dv(i, j), dv(j, i))))
#define PS1(op) for (int i = 0; i < NF; i++) out(#op, i, 0, _mm_castps_si128(op(fv(i, (i + 5) % NF))))
#define PD1(op) for (int i = 0; i < ND; i++) out(#op, i, 0, _mm_castpd_si128(op(dv(i, (i + 5) % ND))))
#define PSI(op) for (int i = 0; i < NF; i++) out(#op, i, 0, op(fv(i, (i + 5) % NF)))
#define PDI(op) for (int i = 0; i < ND; i++) out(#op, i, 0, op(dv(i, (i + 5) % ND)))
#define SSI(op) for (int i = 0; i < NF; i++) outi(#op, i, 0, op(fv(i, 0)))
#define SDI(op) for (int i = 0; i < ND; i++) outi(#op, i, 0, op(dv(i, 0)))
#define PSCMP(op) for (int i = 0; i < NF; i++) for (int j = 0; j < NF; j++) outi(#op, i, j, op(fv(i, j), fv(j, i)))
#define PDCMP(op) for (int i = 0; i < ND; i++) for (int j = 0; j < ND; j++) outi(#op, i, j, op(dv(i, j), dv(j, i)))

static __m128 shuf_ps(__m128 a, __m128 b) { return _mm_shuffle_ps(a, b, 0xb1); }
static __m128d shuf_pd(__m128d a, __m128d b) { return _mm_shuffle_pd(a, b, 1); }
static __m128 movehl(__m128 a, __m128 b) { return _mm_movehl_ps(a, b); }
static __m128 movelh(__m128 a, __m128 b) { return _mm_movelh_ps(a, b); }
static __m128 moveps(__m128 a, __m128 b) { return _mm_move_ss(a, b); }
static __m128d movesd(__m128d a, __m128d b) { return _mm_move_sd(a, b); }
static __m128i cvtsi2sd(__m128d a) { return _mm_castpd_si128(_mm_cvtsi64_sd(a, _mm_cvtsi128_si64(_mm_castpd_si128(a)))); }
static __m128i cvtsi2sd32(__m128d a) { return _mm_castpd_si128(_mm_cvtsi32_sd(a, _mm_cvtsi128_si32(_mm_castpd_si128(a)))); }
static __m128i cvtsi2ss(__m128 a) { return _mm_castps_si128(_mm_cvtsi64_ss(a, _mm_cvtsi128_si64(_mm_castps_si128(a)) * 977)); }
static __m128i cvtsi2ss32(__m128 a) { return _mm_castps_si128(_mm_cvtsi32_ss(a, _mm_cvtsi128_si32(_mm_castps_si128(a)))); }
static __m128i cvtss2sd(__m128 a) { return _mm_castpd_si128(_mm_cvtss_sd(_mm_set1_pd(7.0), a)); }
static __m128i cvtsd2ss(__m128d a) { return _mm_castps_si128(_mm_cvtsd_ss(_mm_set1_ps(7.0f), a)); }
static __m128i cvtps2pd(__m128 a) { return _mm_castpd_si128(_mm_cvtps_pd(a)); }
static __m128i cvtpd2ps(__m128d a) { return _mm_castps_si128(_mm_cvtpd_ps(a)); }
static __m128i cvtdq2ps(__m128 a) { return _mm_castps_si128(_mm_cvtepi32_ps(_mm_castps_si128(a))); }
static __m128i cvtdq2pd(__m128d a) { return _mm_castpd_si128(_mm_cvtepi32_pd(_mm_castpd_si128(a))); }
static int movmskps(__m128 a) { return _mm_movemask_ps(a); }
static int movmskpd(__m128d a) { return _mm_movemask_pd(a); }
static __m128i unpcklps(__m128 a) { return _mm_castps_si128(_mm_unpacklo_ps(a, _mm_set1_ps(3.0f))); }
static __m128i unpckhpd(__m128d a) { return _mm_castpd_si128(_mm_unpackhi_pd(a, _mm_set1_pd(3.0))); }

/* Plain C double/float code: gcc emits scalar SSE (addsd, mulss, ucomisd, cvt...). */
__attribute__((noinline)) static double poly(double x, float y) { return x * x * 0.5 - y / 3.0f + (x > y ? 1.0 : -1.0); }
__attribute__((noinline)) static long tolong(double x) { return (long)x; }
__attribute__((noinline)) static int toint(float x) { return (int)x; }
__attribute__((noinline)) static unsigned long toulong(double x) { return (unsigned long)x; }
__attribute__((noinline)) static double fromulong(unsigned long x) { return (double)x; }
__attribute__((noinline)) static float fromul32(unsigned x) { return (float)x; }
__attribute__((noinline)) static int cmpd(double a, double b) { return (a < b) * 1 + (a == b) * 2 + (a > b) * 4 + (a != b) * 8 + (a >= b) * 16; }

int main(void)
{
    PS2(_mm_add_ps); PS2(_mm_sub_ps); PS2(_mm_mul_ps); PS2(_mm_div_ps); PS2(_mm_min_ps); PS2(_mm_max_ps);
    PS2(_mm_add_ss); PS2(_mm_sub_ss); PS2(_mm_mul_ss); PS2(_mm_div_ss); PS2(_mm_min_ss); PS2(_mm_max_ss);
    PD2(_mm_add_pd); PD2(_mm_sub_pd); PD2(_mm_mul_pd); PD2(_mm_div_pd); PD2(_mm_min_pd); PD2(_mm_max_pd);
    PD2(_mm_add_sd); PD2(_mm_sub_sd); PD2(_mm_mul_sd); PD2(_mm_div_sd); PD2(_mm_min_sd); PD2(_mm_max_sd);
    PS2(_mm_cmpeq_ps); PS2(_mm_cmplt_ps); PS2(_mm_cmple_ps); PS2(_mm_cmpunord_ps);
    PS2(_mm_cmpneq_ps); PS2(_mm_cmpnlt_ps); PS2(_mm_cmpnle_ps); PS2(_mm_cmpord_ps);
    PS2(_mm_cmpeq_ss); PS2(_mm_cmplt_ss); PS2(_mm_cmpnle_ss); PS2(_mm_cmpunord_ss);
    PD2(_mm_cmpeq_pd); PD2(_mm_cmplt_pd); PD2(_mm_cmple_pd); PD2(_mm_cmpunord_pd);
    PD2(_mm_cmpneq_pd); PD2(_mm_cmpnlt_pd); PD2(_mm_cmpnle_pd); PD2(_mm_cmpord_pd);
    PD2(_mm_cmpeq_sd); PD2(_mm_cmplt_sd); PD2(_mm_cmple_sd); PD2(_mm_cmpneq_sd);
    PS2(_mm_and_ps); PS2(_mm_andnot_ps); PS2(_mm_or_ps); PS2(_mm_xor_ps); PD2(_mm_andnot_pd); PD2(_mm_xor_pd);
    PS2(_mm_unpacklo_ps); PS2(_mm_unpackhi_ps); PD2(_mm_unpacklo_pd); PD2(_mm_unpackhi_pd);
    PS2(shuf_ps); PD2(shuf_pd); PS2(movehl); PS2(movelh); PS2(moveps); PD2(movesd);
    PSCMP(_mm_comieq_ss); PSCMP(_mm_comilt_ss); PSCMP(_mm_comile_ss); PSCMP(_mm_comigt_ss); PSCMP(_mm_comige_ss); PSCMP(_mm_comineq_ss);
    PSCMP(_mm_ucomieq_ss); PSCMP(_mm_ucomilt_ss); PSCMP(_mm_ucomineq_ss);
    PDCMP(_mm_comieq_sd); PDCMP(_mm_comilt_sd); PDCMP(_mm_comile_sd); PDCMP(_mm_comigt_sd); PDCMP(_mm_comige_sd); PDCMP(_mm_comineq_sd);
    PDCMP(_mm_ucomieq_sd); PDCMP(_mm_ucomigt_sd); PDCMP(_mm_ucomineq_sd);
    PS1(_mm_sqrt_ps); PS1(_mm_sqrt_ss); PD1(_mm_sqrt_pd);
    for (int i = 0; i < ND; i++) out("sqrt_sd", i, 0, _mm_castpd_si128(_mm_sqrt_sd(dv(1, 2), dv(i, 0))));
    SSI(_mm_cvtss_si32); SSI(_mm_cvttss_si32); SSI(_mm_cvtss_si64); SSI(_mm_cvttss_si64);
    SDI(_mm_cvtsd_si32); SDI(_mm_cvttsd_si32); SDI(_mm_cvtsd_si64); SDI(_mm_cvttsd_si64);
    PSI(_mm_cvtps_epi32); PSI(_mm_cvttps_epi32); PDI(_mm_cvtpd_epi32); PDI(_mm_cvttpd_epi32);
    PSI(cvtsi2ss); PSI(cvtsi2ss32); PDI(cvtsi2sd); PDI(cvtsi2sd32); PSI(cvtss2sd); PDI(cvtsd2ss);
    PSI(cvtps2pd); PDI(cvtpd2ps); PSI(cvtdq2ps); PDI(cvtdq2pd); PSI(unpcklps); PDI(unpckhpd);
    SSI(movmskps); SDI(movmskpd);
    /* rounding modes via MXCSR */
    unsigned csr = _mm_getcsr();
    outi("mxcsr", 0, 0, csr & ~0x3fu);
    for (unsigned rc = 0; rc < 4; rc++) {
        _mm_setcsr((csr & ~0x6000u) | (rc << 13));
        outi("getcsr", rc, 0, _mm_getcsr() & ~0x3fu);
        SSI(_mm_cvtss_si32); SDI(_mm_cvtsd_si64); PSI(_mm_cvtps_epi32); PDI(_mm_cvtpd_epi32);
    }
    _mm_setcsr(csr);
    for (int i = 0; i < ND; i++) {
        double x; memcpy(&x, &dbits[i], 8);
        float y; memcpy(&y, &fbits[i], 4);
        __asm__ volatile("" : "+x"(x), "+x"(y));
        double p = poly(x, y);
        uint64_t pb; memcpy(&pb, &p, 8);
        outi("poly", i, 0, pb);
        outi("tolong", i, 0, tolong(x));
        outi("toint", i, 0, toint(y));
        outi("toulong", i, 0, toulong(x));
        double d = fromulong(dbits[i]); memcpy(&pb, &d, 8); outi("fromulong", i, 0, pb);
        float f = fromul32(fbits[i]); uint32_t fb; memcpy(&fb, &f, 4); outi("fromul32", i, 0, fb);
        for (int j = 0; j < ND; j++) {
            double z; memcpy(&z, &dbits[j], 8);
            outi("cmpd", i, j, cmpd(x, z));
        }
    }
    return 0;
}
