/* SSE3/SSSE3/SSE4.1 intrinsics over edge-value vectors (compiled with -msse4.1); prints every result. */
#include <smmintrin.h>
#include "mini.h"

#define HIDE(v) __asm__ volatile("" : "+x"(v))
#define N 8

static uint32_t raw[N][4] = {
    {0x00000000, 0x00000000, 0x00000000, 0x00000000},
    {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
    {0x7f7f7f7f, 0x80808080, 0x7fff8000, 0x80007fff},
    {0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10},
    {0xdeadbeef, 0x12345678, 0x9abcdef0, 0x8fedcba9},
    {0x80000000, 0x7fffffff, 0x00000001, 0xfffffffe},
    {0x3fc00000, 0xbf800000, 0x7fc00000, 0x40490fdb},
    {0x8f0e0d0c, 0x03028180, 0x07060504, 0x0b0a0988},
};

static void pr(const char *name, int i, int j, __m128i v)
{
    uint32_t w[4];
    memcpy(w, &v, 16);
    puts_(name); puts_(" "); dec_(i); puts_(" "); dec_(j);
    for (int k = 0; k < 4; k++) { puts_(" "); hex_(w[k], 8); }
    puts_("\n");
}

static __m128i ld(int i) { __m128i v; memcpy(&v, raw[i], 16); HIDE(v); return v; }
static __m128 ldf(int i) { return _mm_castsi128_ps(ld(i)); }
static __m128d ldd(int i) { return _mm_castsi128_pd(ld(i)); }

#define BIN(op) do { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) pr(#op, i, j, op(ld(i), ld(j))); } while (0)
#define BINF(op) do { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) pr(#op, i, j, _mm_castps_si128(op(ldf(i), ldf(j)))); } while (0)
#define BIND(op) do { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) pr(#op, i, j, _mm_castpd_si128(op(ldd(i), ldd(j)))); } while (0)
#define UN(op) do { for (int i = 0; i < N; i++) pr(#op, i, 0, op(ld(i))); } while (0)
#define UNF(op) do { for (int i = 0; i < N; i++) pr(#op, i, 0, _mm_castps_si128(op(ldf(i)))); } while (0)
#define UND(op) do { for (int i = 0; i < N; i++) pr(#op, i, 0, _mm_castpd_si128(op(ldd(i)))); } while (0)

static __m128i alignr3(__m128i a, __m128i b) { return _mm_alignr_epi8(a, b, 3); }
static __m128i alignr17(__m128i a, __m128i b) { return _mm_alignr_epi8(a, b, 17); }
static __m128i alignr0(__m128i a, __m128i b) { return _mm_alignr_epi8(a, b, 0); }
static __m128i blend16(__m128i a, __m128i b) { return _mm_blend_epi16(a, b, 0xa5); }
static __m128 blendps(__m128 a, __m128 b) { return _mm_blend_ps(a, b, 0x6); }
static __m128d blendpd(__m128d a, __m128d b) { return _mm_blend_pd(a, b, 0x2); }
static __m128i blendvb(__m128i a, __m128i b) { return _mm_blendv_epi8(a, b, _mm_xor_si128(a, b)); }
static __m128 blendvps(__m128 a, __m128 b) { return _mm_blendv_ps(a, b, _mm_xor_ps(a, b)); }
static __m128d blendvpd(__m128d a, __m128d b) { return _mm_blendv_pd(a, b, b); }
static __m128i ins8(__m128i a, __m128i b) { return _mm_insert_epi8(a, _mm_cvtsi128_si32(b), 13); }
static __m128i ins32(__m128i a, __m128i b) { return _mm_insert_epi32(a, _mm_cvtsi128_si32(b), 2); }
static __m128i ins64(__m128i a, __m128i b) { return _mm_insert_epi64(a, _mm_cvtsi128_si64(b), 1); }
static __m128i ext(__m128i a) { return _mm_set_epi32(_mm_extract_epi8(a, 9), _mm_extract_epi32(a, 3), (int)_mm_extract_epi64(a, 1), _mm_extract_ps(_mm_castsi128_ps(a), 2)); }
static __m128 insps(__m128 a, __m128 b) { return _mm_insert_ps(a, b, 0x9a); }
static __m128 insps2(__m128 a, __m128 b) { return _mm_insert_ps(a, b, 0x70); }
static __m128i mpsad0(__m128i a, __m128i b) { return _mm_mpsadbw_epu8(a, b, 0); }
static __m128i mpsad5(__m128i a, __m128i b) { return _mm_mpsadbw_epu8(a, b, 5); }
static __m128i mpsad7(__m128i a, __m128i b) { return _mm_mpsadbw_epu8(a, b, 7); }
static __m128i ptest(__m128i a, __m128i b) { return _mm_set_epi32(_mm_testz_si128(a, b), _mm_testc_si128(a, b), _mm_testnzc_si128(a, b), 0); }
static __m128 roundps0(__m128 a) { return _mm_round_ps(_mm_mul_ps(a, _mm_set1_ps(2.5f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
static __m128 roundps1(__m128 a) { return _mm_round_ps(_mm_mul_ps(a, _mm_set1_ps(2.5f)), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
static __m128 roundps2(__m128 a) { return _mm_round_ps(_mm_mul_ps(a, _mm_set1_ps(2.5f)), _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC); }
static __m128 roundps3(__m128 a) { return _mm_round_ps(_mm_mul_ps(a, _mm_set1_ps(2.5f)), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC); }
static __m128 roundpsc(__m128 a) { return _mm_round_ps(_mm_mul_ps(a, _mm_set1_ps(2.5f)), _MM_FROUND_CUR_DIRECTION); }
static __m128 roundraw(__m128 a) { return _mm_round_ps(a, _MM_FROUND_CUR_DIRECTION); }
static __m128 roundss(__m128 a, __m128 b) { return _mm_round_ss(a, _mm_mul_ps(b, _mm_set1_ps(-3.5f)), _MM_FROUND_TO_NEAREST_INT); }
static __m128d roundpd(__m128d a) { return _mm_round_pd(_mm_mul_pd(a, _mm_set1_pd(1e5)), _MM_FROUND_TO_NEG_INF); }
static __m128d roundsd(__m128d a, __m128d b) { return _mm_round_sd(a, _mm_mul_pd(b, _mm_set1_pd(-1e9)), _MM_FROUND_TO_POS_INF); }

static __m128 dpps_ff(__m128 a, __m128 b) { return _mm_dp_ps(a, b, 0xff); }
static __m128 dpps_71(__m128 a, __m128 b) { return _mm_dp_ps(a, b, 0x71); }
static __m128 dpps_b2(__m128 a, __m128 b) { return _mm_dp_ps(a, b, 0xb2); }
static __m128 dpps_3c(__m128 a, __m128 b) { return _mm_dp_ps(a, b, 0x3c); }
static __m128 dpps_0f(__m128 a, __m128 b) { return _mm_dp_ps(a, b, 0x0f); }
static __m128d dppd_33(__m128d a, __m128d b) { return _mm_dp_pd(a, b, 0x33); }
static __m128d dppd_12(__m128d a, __m128d b) { return _mm_dp_pd(a, b, 0x12); }
static __m128d dppd_21(__m128d a, __m128d b) { return _mm_dp_pd(a, b, 0x21); }
static __m128 scaled(__m128 a) { return _mm_mul_ps(a, _mm_set_ps(1e-3f, 2.5f, -7.0f, 1e30f)); }
static __m128 dpps_scaled(__m128 a, __m128 b) { return _mm_dp_ps(scaled(a), scaled(b), 0xf3); }
/* the sticky flags after a group, without DE: denormal operands are not reported (docs: MXCSR gaps) */
static void csr(const char *name) { pr(name, _mm_getcsr() & 0x3d, 0, _mm_setzero_si128()); _mm_setcsr(0x1f80); }

int main(void)
{
    _mm_setcsr(0x1f80);
    BINF(dpps_ff); csr("dpps_ff flags"); BINF(dpps_71); csr("dpps_71 flags"); BINF(dpps_b2); csr("dpps_b2 flags");
    BINF(dpps_3c); csr("dpps_3c flags"); BINF(dpps_0f); csr("dpps_0f flags"); BINF(dpps_scaled); csr("dpps_scaled flags");
    BIND(dppd_33); csr("dppd_33 flags"); BIND(dppd_12); csr("dppd_12 flags"); BIND(dppd_21); csr("dppd_21 flags");
    BINF(_mm_hadd_ps); BINF(_mm_hsub_ps); BIND(_mm_hadd_pd); BIND(_mm_hsub_pd); BINF(_mm_addsub_ps); BIND(_mm_addsub_pd);
    UND(_mm_movedup_pd); UNF(_mm_movehdup_ps); UNF(_mm_moveldup_ps);
    BIN(_mm_shuffle_epi8); BIN(alignr3); BIN(alignr17); BIN(alignr0);
    UN(_mm_abs_epi8); UN(_mm_abs_epi16); UN(_mm_abs_epi32);
    BIN(_mm_hadd_epi16); BIN(_mm_hadd_epi32); BIN(_mm_hsub_epi16); BIN(_mm_hsub_epi32); BIN(_mm_hadds_epi16); BIN(_mm_hsubs_epi16);
    BIN(_mm_maddubs_epi16); BIN(_mm_mulhrs_epi16); BIN(_mm_sign_epi8); BIN(_mm_sign_epi16); BIN(_mm_sign_epi32);
    BIN(_mm_min_epi8); BIN(_mm_max_epi8); BIN(_mm_min_epu16); BIN(_mm_max_epu16); BIN(_mm_min_epi32); BIN(_mm_max_epi32);
    BIN(_mm_min_epu32); BIN(_mm_max_epu32); BIN(_mm_mullo_epi32); BIN(_mm_mul_epi32); BIN(_mm_cmpeq_epi64); BIN(_mm_packus_epi32);
    UN(_mm_cvtepu8_epi16); UN(_mm_cvtepu8_epi32); UN(_mm_cvtepu8_epi64); UN(_mm_cvtepu16_epi32); UN(_mm_cvtepu16_epi64); UN(_mm_cvtepu32_epi64);
    UN(_mm_cvtepi8_epi16); UN(_mm_cvtepi8_epi32); UN(_mm_cvtepi8_epi64); UN(_mm_cvtepi16_epi32); UN(_mm_cvtepi16_epi64); UN(_mm_cvtepi32_epi64);
    BIN(blend16); BINF(blendps); BIND(blendpd); BIN(blendvb); BINF(blendvps); BIND(blendvpd);
    BIN(ins8); BIN(ins32); BIN(ins64); UN(ext); BINF(insps); BINF(insps2); BIN(ptest);
    BIN(mpsad0); BIN(mpsad5); BIN(mpsad7); UN(_mm_minpos_epu16);
    UNF(roundps0); UNF(roundps1); UNF(roundps2); UNF(roundps3); UNF(roundpsc); BINF(roundss); UND(roundpd); BIND(roundsd);
    /* MXCSR.RC only changes rounding of round and cvt instructions here (arithmetic under a non-default RC is not emulated). */
    for (int k = 0; k < 4; k++) { _mm_setcsr(0x1f80 | (k << 13)); UNF(roundraw); }
    _mm_setcsr(0x1f80);
    return 0;
}
