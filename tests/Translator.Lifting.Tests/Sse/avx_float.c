/* AVX floating point, FMA3 and F16C over edge values (zeros, denormals, infinities, quiet and signalling NaNs with
   payloads, halfway cases); compiled with -mavx2 -mfma -mf16c. Prints every result's bits and, after each group, the
   sticky MXCSR flags (without DE: denormal operands are not reported, see docs). Some groups run in all four
   rounding modes. */
#include <immintrin.h>
#include "mini.h"

#define HIDE(v) __asm__ volatile("" : "+x"(v))

static const uint32_t fbits[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbfc00000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001,
    0x7f800001, 0xff900005, 0x00000001, 0x807fffff, 0x3fc00000, 0xc0200000, 0x7f7fffff, 0x00800000,
    0x4f000000, 0xcf000000, 0x4f000001, 0x3f800001, 0x3f7fffff, 0x3f000000, 0x40400000, 0x501502f9,
    0xbf400000, 0x40200000, 0x477fe000, 0x477ff000, 0x33800000, 0x387fc000, 0x33000000, 0xb727c5ac,
};
#define NF 32
static const uint64_t dbits[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff8000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000001,
    0x7ff0000000000001, 0xfff4000000000005, 0x0000000000000001, 0x800fffffffffffff,
    0x3ff8000000000000, 0xc004000000000000, 0x7fefffffffffffff, 0x0010000000000000,
    0x41e0000000000000, 0xc1e0000000000000, 0x41dfffffffe00000, 0xc1e0000000200000,
    0x3ff0000000000001, 0x3fefffffffffffff, 0x3fe0000000000000, 0x4008000000000000,
    0x7e37e43c8800759c, 0x4004000000000000, 0xbfe8000000000000, 0x47efffffe0000000,
    0x3ff0000010000000, 0x3ff0000030000000, 0x37a16c262777579c, 0x4810000000000000,
};
#define ND 32
static const uint16_t hbits[] = {
    0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0x7bff, 0x7c00,
    0xfc00, 0x7c01, 0x7e00, 0xfe01, 0x7d55, 0x3555, 0xc100, 0x8001,
};

/* lane k of vector i is value (i + k) mod N: pairs (i, j) with i a multiple of the lane count meet every pair of values */
static __m256 f8(int i)
{
    uint32_t w[8];
    for (int k = 0; k < 8; k++) w[k] = fbits[(i + k) % NF];
    __m256 v; memcpy(&v, w, 32); HIDE(v); return v;
}
static __m256d d4(int i)
{
    uint64_t w[4];
    for (int k = 0; k < 4; k++) w[k] = dbits[(i + k) % ND];
    __m256d v; memcpy(&v, w, 32); HIDE(v); return v;
}
static __m128 f4(int i) { return _mm256_castps256_ps128(f8(i)); }
static __m128d d2(int i) { return _mm256_castpd256_pd128(d4(i)); }
static __m128i h8(int i)
{
    uint16_t w[8];
    for (int k = 0; k < 8; k++) w[k] = hbits[(i + k) % 16];
    __m128i v; memcpy(&v, w, 16); HIDE(v); return v;
}

static void head(const char *name, int i, int j) { puts_(name); puts_(" "); dec_(i); puts_(" "); dec_(j); }
static void o256(const char *name, int i, int j, __m256i v)
{
    uint64_t w[4]; memcpy(w, &v, 32);
    head(name, i, j);
    for (int k = 3; k >= 0; k--) { puts_(" "); hex_(w[k], 16); }
    puts_("\n");
}
static void o128(const char *name, int i, int j, __m128i v)
{
    uint64_t w[2]; memcpy(w, &v, 16);
    head(name, i, j);
    for (int k = 1; k >= 0; k--) { puts_(" "); hex_(w[k], 16); }
    puts_("\n");
}
static void oint(const char *name, int i, int j, long v) { head(name, i, j); puts_(" "); hex_((uint64_t)v, 16); puts_("\n"); }
static unsigned flag_mask = 0x3d;
static void csr(const char *name)
{
    head(name, 0, 0); puts_(" mxcsr "); hex_(_mm_getcsr() & flag_mask, 2); puts_("\n");
    _mm_setcsr(_mm_getcsr() & ~0x3fu);
}

#define C8(x) _mm256_castps_si256(x)
#define C4(x) _mm256_castpd_si256(x)
#define PS8(op) do { for (int i = 0; i < NF; i += 8) for (int j = 0; j < NF; j++) o256(#op, i, j, C8(op(f8(i), f8(j)))); csr(#op); } while (0)
#define PD4(op) do { for (int i = 0; i < ND; i += 4) for (int j = 0; j < ND; j++) o256(#op, i, j, C4(op(d4(i), d4(j)))); csr(#op); } while (0)
#define PS4(op) do { for (int i = 0; i < NF; i += 4) for (int j = 0; j < NF; j++) o128(#op, i, j, _mm_castps_si128(op(f4(i), f4(j)))); csr(#op); } while (0)
#define PD2(op) do { for (int i = 0; i < ND; i += 2) for (int j = 0; j < ND; j++) o128(#op, i, j, _mm_castpd_si128(op(d2(i), d2(j)))); csr(#op); } while (0)
#define PS8U(op) do { for (int i = 0; i < NF; i++) o256(#op, i, 0, C8(op(f8(i)))); csr(#op); } while (0)
#define PD4U(op) do { for (int i = 0; i < ND; i++) o256(#op, i, 0, C4(op(d4(i)))); csr(#op); } while (0)
/* three sources: the third vector's start moves with j so every value meets many pairs */
#define T3(op, vec, out, cast, n, step) do { for (int i = 0; i < n; i += step) for (int j = 0; j < n; j++) \
    out(#op, i, j, cast(op(vec(i), vec(j), vec((j * 7 + i / step) % n)))); csr(#op); } while (0)
#define FPS8(op) T3(op, f8, o256, C8, NF, 8)
#define FPD4(op) T3(op, d4, o256, C4, ND, 4)
#define FPS4(op) T3(op, f4, o128, _mm_castps_si128, NF, 4)
#define FPD2(op) T3(op, d2, o128, _mm_castpd_si128, ND, 2)

/* ---- compares: all 32 predicates, 256 and 128 bits, packed and scalar ---- */
#define CMP_ALL(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) \
    X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31)
#define CMP_FNS(n) \
    static __m256 cmpps##n(__m256 a, __m256 b) { return _mm256_cmp_ps(a, b, n); } \
    static __m256d cmppd##n(__m256d a, __m256d b) { return _mm256_cmp_pd(a, b, n); } \
    static __m128 cmpps4_##n(__m128 a, __m128 b) { return _mm_cmp_ps(a, b, n); } \
    static __m128d cmpsd##n(__m128d a, __m128d b) { return _mm_cmp_sd(a, b, n); } \
    static __m128 cmpss##n(__m128 a, __m128 b) { return _mm_cmp_ss(a, b, n); }
CMP_ALL(CMP_FNS)
#define CMP_RUN(n) PS8(cmpps##n); PD4(cmppd##n); PS4(cmpps4_##n); PD2(cmpsd##n); PS4(cmpss##n);
/* the legacy SSE encodings read only imm[2:0]: 12 is predicate 4, 29 is 5 */
static __m128 legacy_cmpps12(__m128 a, __m128 b) { __asm__("cmpps $12, %1, %0" : "+x"(a) : "x"(b)); return a; }
static __m128 legacy_cmpss29(__m128 a, __m128 b) { __asm__("cmpss $29, %1, %0" : "+x"(a) : "x"(b)); return a; }
static void compares(void) { CMP_ALL(CMP_RUN) PS4(legacy_cmpps12); PS4(legacy_cmpss29); }

/* ---- lane moves and logic ---- */
static __m256 shufps(__m256 a, __m256 b) { return _mm256_shuffle_ps(a, b, 0x1b); }
static __m256d shufpd(__m256d a, __m256d b) { return _mm256_shuffle_pd(a, b, 0x6); }
static __m256 blendps(__m256 a, __m256 b) { return _mm256_blend_ps(a, b, 0xa5); }
static __m256d blendpd(__m256d a, __m256d b) { return _mm256_blend_pd(a, b, 0x6); }
static __m256 dpps_f1(__m256 a, __m256 b) { return _mm256_dp_ps(a, b, 0xf1); }
static __m256 dpps_7e(__m256 a, __m256 b) { return _mm256_dp_ps(a, b, 0x7e); }

/* ---- rounding ---- */
#define ROUND_FNS(n) \
    static __m256 roundps##n(__m256 a) { return _mm256_round_ps(_mm256_mul_ps(a, _mm256_set1_ps(2.5f)), n); } \
    static __m256d roundpd##n(__m256d a) { return _mm256_round_pd(_mm256_mul_pd(a, _mm256_set1_pd(-1.5)), n); }
ROUND_FNS(0) ROUND_FNS(1) ROUND_FNS(2) ROUND_FNS(3) ROUND_FNS(4) ROUND_FNS(8) ROUND_FNS(9) ROUND_FNS(12)

/* rcp/rsqrt are 12-bit approximations whose low bits differ between CPUs: print exact bits only where x86
   defines them (zero, denormal, infinite, NaN operands), elsewhere whether the relative error is within 1.5*2^-12 */
static uint32_t approx(uint32_t x, uint32_t r, int root)
{
    uint32_t e = x & 0x7f800000;
    if (e == 0 || e == 0x7f800000 || (root && (x >> 31))) return r;
    float fx, fr; memcpy(&fx, &x, 4); memcpy(&fr, &r, 4);
    double err = root ? (double)fr * fr * fx - 1.0 : (double)fr * fx - 1.0;
    if (err < 0) err = -err;
    if ((r & 0x7f800000) == 0) return 0xdead0000 | (r >> 31);   /* flushed: tiny results */
    return err < (root ? 3.0 : 1.5) / 4096 ? 0x600d : 0xbad;
}
static void approx8(const char *name, int root)
{
    unsigned flags = 0;
    for (int i = 0; i < NF; i++) {
        __m256 x = f8(i);
        _mm_setcsr(_mm_getcsr() & ~0x3fu);
        __m256 r = root ? _mm256_rsqrt_ps(x) : _mm256_rcp_ps(x);
        HIDE(r);
        flags |= _mm_getcsr() & flag_mask;   /* before the checks, whose own arithmetic raises flags */
        uint32_t a[8], b[8], w[8]; memcpy(a, &x, 32); memcpy(b, &r, 32);
        for (int k = 0; k < 8; k++) w[k] = approx(a[k], b[k], root);
        __m256i v; memcpy(&v, w, 32); o256(name, i, 0, v);
    }
    oint(name, 0, 0, flags);
    _mm_setcsr(_mm_getcsr() & ~0x3fu);
}

/* ---- scalar VEX forms: distinct sources, upper lanes from the first source ---- */
static __m128 sqrtss3(__m128 a, __m128 b) { __m128 r; __asm__("vsqrtss %2, %1, %0" : "=x"(r) : "x"(a), "x"(b)); return r; }
static __m128d sqrtsd3(__m128d a, __m128d b) { __m128d r; __asm__("vsqrtsd %2, %1, %0" : "=x"(r) : "x"(a), "x"(b)); return r; }
static __m128 sqrtss3m(__m128 a, __m128 b) { __m128 r; __asm__("vsqrtss %2, %1, %0" : "=x"(r) : "x"(a), "m"(b)); return r; }
static __m128 cvtsi2ss(__m128 a, __m128 b) { return _mm_cvtsi32_ss(a, _mm_cvtsi128_si32(_mm_castps_si128(b))); }
static __m128 cvtsi2ss64(__m128 a, __m128 b) { return _mm_cvtsi64_ss(a, _mm_cvtsi128_si64(_mm_castps_si128(b)) * 977); }
static __m128d cvtsi2sd(__m128d a, __m128d b) { return _mm_cvtsi32_sd(a, _mm_cvtsi128_si32(_mm_castpd_si128(b))); }
static __m128d cvtsi2sd64(__m128d a, __m128d b) { return _mm_cvtsi64_sd(a, _mm_cvtsi128_si64(_mm_castpd_si128(b)) * 977); }
static __m128d cvtss2sd(__m128d a, __m128d b) { return _mm_cvtss_sd(a, _mm_castpd_ps(b)); }
static __m128 cvtsd2ss(__m128 a, __m128 b) { return _mm_cvtsd_ss(a, _mm_castps_pd(b)); }

/* ---- conversions that change the width ---- */
static void conversions(void)
{
    for (int i = 0; i < NF; i++) o256("cvtdq2ps", i, 0, C8(_mm256_cvtepi32_ps(_mm256_castps_si256(f8(i)))));
    for (int i = 0; i < NF; i++) o256("cvtps2dq", i, 0, _mm256_cvtps_epi32(f8(i)));
    for (int i = 0; i < NF; i++) o256("cvttps2dq", i, 0, _mm256_cvttps_epi32(f8(i)));
    csr("cvt ps");
    for (int i = 0; i < NF; i++) o256("cvtdq2pd", i, 0, C4(_mm256_cvtepi32_pd(_mm_castps_si128(f4(i)))));
    for (int i = 0; i < NF; i++) o256("cvtps2pd", i, 0, C4(_mm256_cvtps_pd(f4(i))));
    csr("cvt widen");
    for (int i = 0; i < ND; i++) o128("cvtpd2ps", i, 0, _mm_castps_si128(_mm256_cvtpd_ps(d4(i))));
    csr("cvtpd2ps");
    for (int i = 0; i < ND; i++) o128("cvtpd2dq", i, 0, _mm256_cvtpd_epi32(d4(i)));
    csr("cvtpd2dq");
    for (int i = 0; i < ND; i++) o128("cvttpd2dq", i, 0, _mm256_cvttpd_epi32(d4(i)));
    csr("cvttpd2dq");
}

/* ---- F16C ---- */
#define PH_FNS(n) \
    static __m128i ps2ph4_##n(__m128 a) { return _mm_cvtps_ph(a, n); } \
    static __m128i ps2ph8_##n(__m256 a) { return _mm256_cvtps_ph(a, n); }
PH_FNS(0) PH_FNS(1) PH_FNS(2) PH_FNS(3) PH_FNS(4)
#define PH_RUN(n) do { \
    for (int i = 0; i < NF; i++) o128("cvtps2ph4_" #n, i, 0, ps2ph4_##n(f4(i))); csr("cvtps2ph4_" #n); \
    for (int i = 0; i < NF; i++) o128("cvtps2ph8_" #n, i, 0, ps2ph8_##n(f8(i))); csr("cvtps2ph8_" #n); } while (0)
static __m128i ps2ph4_mem(__m128 a)
{
    uint64_t m = 0x1111111111111111;
    __asm__("vcvtps2ph $1, %1, %0" : "+m"(m) : "x"(a));
    return _mm_set_epi64x(0x2222, (long long)m);
}
static __m128i ps2ph8_mem(__m256 a) { __m128i m; __asm__("vcvtps2ph $2, %1, %0" : "=m"(m) : "x"(a)); return m; }
static __m128 ph2ps4_mem(__m128i h)
{
    uint64_t m = (uint64_t)_mm_cvtsi128_si64(h);
    __m128 r; __asm__("vcvtph2ps %1, %0" : "=x"(r) : "m"(m)); return r;
}
static __m256 ph2ps8_mem(__m128i h) { __m256 r; __asm__("vcvtph2ps %1, %0" : "=x"(r) : "m"(h)); return r; }

static void f16c(void)
{
    for (int i = 0; i < 16; i++) o128("cvtph2ps4_mem", i, 0, _mm_castps_si128(ph2ps4_mem(h8(i))));
    for (int i = 0; i < 16; i++) o256("cvtph2ps8_mem", i, 0, C8(ph2ps8_mem(h8(i))));
    for (int i = 0; i < NF; i++) o128("cvtps2ph4_mem", i, 0, ps2ph4_mem(f4(i)));
    for (int i = 0; i < NF; i++) o128("cvtps2ph8_mem", i, 0, ps2ph8_mem(f8(i)));
    csr("f16c memory");
    for (int i = 0; i < 16; i++) o128("cvtph2ps4", i, 0, _mm_castps_si128(_mm_cvtph_ps(h8(i))));
    for (int i = 0; i < 16; i++) o256("cvtph2ps8", i, 0, C8(_mm256_cvtph_ps(h8(i))));
    csr("cvtph2ps");
    PH_RUN(0); PH_RUN(1); PH_RUN(2); PH_RUN(3); PH_RUN(4);
    /* round trip through half of values scaled into its range */
    for (int i = 0; i < NF; i++) {
        __m256 x = _mm256_mul_ps(f8(i), _mm256_set1_ps(1.0f / 4096));
        o256("ph_roundtrip", i, 0, C8(_mm256_cvtph_ps(_mm256_cvtps_ph(x, 4))));
    }
    csr("ph_roundtrip");
}

/* ---- FMA3: every form pinned with asm (register and memory sources) ---- */
#define FMA_FN(name, ins, T, reg) \
    static T name(T a, T b, T c) { __asm__(ins " %2, %1, %0" : "+x"(a) : "x"(b), "x"(c)); return a; } \
    static T name##_m(T a, T b, T c) { __asm__(ins " %2, %1, %0" : "+x"(a) : "x"(b), "m"(c)); return a; }
#define FMA_ORDERS(op, sfx, T) FMA_FN(op##132##sfx, "v" #op "132" #sfx, T, 0) FMA_FN(op##213##sfx, "v" #op "213" #sfx, T, 0) \
    FMA_FN(op##231##sfx, "v" #op "231" #sfx, T, 0)
#define FMA_PACKED(op) FMA_ORDERS(op, ps, __m256) FMA_ORDERS(op, pd, __m256d)
FMA_PACKED(fmadd) FMA_PACKED(fmsub) FMA_PACKED(fnmadd) FMA_PACKED(fnmsub) FMA_PACKED(fmaddsub) FMA_PACKED(fmsubadd)
#define FMA_X(op, sfx, T) static T op##sfx##_x(T a, T b, T c) { __asm__("v" #op #sfx " %2, %1, %0" : "+x"(a) : "x"(b), "x"(c)); return a; }
FMA_X(fmadd132, ps, __m128) FMA_X(fmsub213, pd, __m128d) FMA_X(fnmadd231, ps, __m128) FMA_X(fnmsub132, pd, __m128d)
FMA_X(fmaddsub213, ps, __m128) FMA_X(fmsubadd231, pd, __m128d) FMA_X(fmadd231, pd, __m128d) FMA_X(fnmsub213, ps, __m128)
FMA_ORDERS(fmadd, ss, __m128) FMA_ORDERS(fmsub, ss, __m128) FMA_ORDERS(fnmadd, ss, __m128) FMA_ORDERS(fnmsub, ss, __m128)
FMA_ORDERS(fmadd, sd, __m128d) FMA_ORDERS(fmsub, sd, __m128d) FMA_ORDERS(fnmadd, sd, __m128d) FMA_ORDERS(fnmsub, sd, __m128d)
#define FMA_RUN_ORDERS(op, sfx, RUN) RUN(op##132##sfx); RUN(op##213##sfx); RUN(op##231##sfx); \
    RUN(op##132##sfx##_m); RUN(op##213##sfx##_m); RUN(op##231##sfx##_m);
#define FMA_RUN(op) FMA_RUN_ORDERS(op, ps, FPS8) FMA_RUN_ORDERS(op, pd, FPD4)
static void fma_forms(void)
{
    /* without UE: AArch64 detects tininess before rounding, x86 after (docs: MXCSR gaps), which fused results
       that round up to the smallest normal show */
    flag_mask = 0x2d;
    FMA_RUN(fmadd) FMA_RUN(fmsub) FMA_RUN(fnmadd) FMA_RUN(fnmsub) FMA_RUN(fmaddsub) FMA_RUN(fmsubadd)
    FPS4(fmadd132ps_x); FPD2(fmsub213pd_x); FPS4(fnmadd231ps_x); FPD2(fnmsub132pd_x);
    FPS4(fmaddsub213ps_x); FPD2(fmsubadd231pd_x); FPD2(fmadd231pd_x); FPS4(fnmsub213ps_x);
    FMA_RUN_ORDERS(fmadd, ss, FPS4) FMA_RUN_ORDERS(fmsub, ss, FPS4) FMA_RUN_ORDERS(fnmadd, ss, FPS4) FMA_RUN_ORDERS(fnmsub, ss, FPS4)
    FMA_RUN_ORDERS(fmadd, sd, FPD2) FMA_RUN_ORDERS(fmsub, sd, FPD2) FMA_RUN_ORDERS(fnmadd, sd, FPD2) FMA_RUN_ORDERS(fnmsub, sd, FPD2)
    flag_mask = 0x3d;
}

/* ---- vtestps/pd ---- */
static __m256 testps(__m256 a, __m256 b)
{ return _mm256_castsi256_ps(_mm256_set_epi32(_mm256_testz_ps(a, b), _mm256_testc_ps(a, b), _mm256_testnzc_ps(a, b), _mm_testz_ps(_mm256_castps256_ps128(a), _mm256_castps256_ps128(b)), _mm_testc_ps(_mm256_castps256_ps128(a), _mm256_castps256_ps128(b)), 0, 0, 0)); }
static __m256d testpd(__m256d a, __m256d b)
{ return _mm256_castsi256_pd(_mm256_set_epi32(_mm256_testz_pd(a, b), _mm256_testc_pd(a, b), _mm256_testnzc_pd(a, b), _mm_testnzc_pd(_mm256_castpd256_pd128(a), _mm256_castpd256_pd128(b)), 0, 0, 0, 0)); }

/* what runs again in every rounding mode */
static __m256 fma_ps(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
static __m256d fms_pd(__m256d a, __m256d b, __m256d c) { return _mm256_fmsub_pd(a, b, c); }
static __m256d fnma_pd(__m256d a, __m256d b, __m256d c) { return _mm256_fnmadd_pd(a, b, c); }
static void rounding_sensitive(void)
{
    PS8(_mm256_add_ps); PD4(_mm256_mul_pd); PS8(_mm256_div_ps); PD4(_mm256_sub_pd);
    PD4U(_mm256_sqrt_pd); PS8U(roundps4); PD4U(roundpd12);
    FPS8(fma_ps); FPD4(fms_pd); FPD4(fnma_pd); FPS8(fmaddsub231ps); FPD2(fnmsub213sd);
    PS8(_mm256_hadd_ps); PS8(dpps_f1);
    PS4(cvtsi2ss64); PD2(cvtsi2sd64); PS4(cvtsd2ss);
    conversions();
    PH_RUN(4);
}

int main(void)
{
    _mm_setcsr(0x1f80);
    PS8(_mm256_add_ps); PS8(_mm256_sub_ps); PS8(_mm256_mul_ps); PS8(_mm256_div_ps); PS8(_mm256_min_ps); PS8(_mm256_max_ps);
    PD4(_mm256_add_pd); PD4(_mm256_sub_pd); PD4(_mm256_mul_pd); PD4(_mm256_div_pd); PD4(_mm256_min_pd); PD4(_mm256_max_pd);
    PS8U(_mm256_sqrt_ps); PD4U(_mm256_sqrt_pd);
    approx8("rcpps", 0); approx8("rsqrtps", 1);
    PS8U(roundps0); PS8U(roundps1); PS8U(roundps2); PS8U(roundps3); PS8U(roundps4); PS8U(roundps8); PS8U(roundps9); PS8U(roundps12);
    PD4U(roundpd0); PD4U(roundpd1); PD4U(roundpd2); PD4U(roundpd3); PD4U(roundpd4); PD4U(roundpd8); PD4U(roundpd9); PD4U(roundpd12);
    compares();
    PS8(_mm256_hadd_ps); PS8(_mm256_hsub_ps); PD4(_mm256_hadd_pd); PD4(_mm256_hsub_pd); PS8(_mm256_addsub_ps); PD4(_mm256_addsub_pd);
    PS8(dpps_f1); PS8(dpps_7e);
    PS8(shufps); PD4(shufpd); PS8(blendps); PD4(blendpd);
    PS8(_mm256_unpacklo_ps); PS8(_mm256_unpackhi_ps); PD4(_mm256_unpacklo_pd); PD4(_mm256_unpackhi_pd);
    PS8U(_mm256_movehdup_ps); PS8U(_mm256_moveldup_ps); PD4U(_mm256_movedup_pd);
    PS8(_mm256_and_ps); PS8(_mm256_andnot_ps); PS8(_mm256_or_ps); PS8(_mm256_xor_ps);
    PD4(_mm256_and_pd); PD4(_mm256_andnot_pd); PD4(_mm256_or_pd); PD4(_mm256_xor_pd);
    PS8(testps); PD4(testpd);
    PS4(_mm_add_ss); PS4(_mm_sub_ss); PS4(_mm_mul_ss); PS4(_mm_div_ss); PS4(_mm_min_ss); PS4(_mm_max_ss);
    PD2(_mm_add_sd); PD2(_mm_sub_sd); PD2(_mm_mul_sd); PD2(_mm_div_sd); PD2(_mm_min_sd); PD2(_mm_max_sd);
    PS4(sqrtss3); PD2(sqrtsd3); PS4(sqrtss3m);
    PS4(cvtsi2ss); PS4(cvtsi2ss64); PD2(cvtsi2sd); PD2(cvtsi2sd64); PD2(cvtss2sd); PS4(cvtsd2ss);
    conversions();
    f16c();
    fma_forms();
    for (unsigned rc = 0; rc < 4; rc++) {
        _mm_setcsr(0x1f80 | rc << 13);
        oint("rounding mode", (int)rc, 0, _mm_getcsr() & ~0x3fu);
        rounding_sensitive();
    }
    _mm_setcsr(0x1f80);
    return 0;
}
