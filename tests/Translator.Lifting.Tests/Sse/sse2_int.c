/* SSE2 integer/bitwise/shuffle intrinsics over edge-value vectors; prints every result. */
#include <emmintrin.h>
#include <stdint.h>
#include "mini.h"

#define HIDE(v) __asm__ volatile("" : "+x"(v))
#define N 8

static uint32_t raw[N][4] = {
    {0x00000000, 0x00000000, 0x00000000, 0x00000000},
    {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
    {0x7f7f7f7f, 0x80808080, 0x7fff8000, 0x80007fff},
    {0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10},
    {0xdeadbeef, 0x12345678, 0x9abcdef0, 0x0fedcba9},
    {0x80000000, 0x7fffffff, 0x00000001, 0xfffffffe},
    {0x00ff00ff, 0xff00ff00, 0x00010001, 0x8000ffff},
    {0xc3a5965a, 0x3c5a69a5, 0x11111111, 0xeeeeeeee},
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

#define BIN(op) do { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) pr(#op, i, j, op(ld(i), ld(j))); } while (0)
#define UN(op) do { for (int i = 0; i < N; i++) pr(#op, i, 0, op(ld(i))); } while (0)
#define IMM(op, k) do { for (int i = 0; i < N; i++) pr(#op "/" #k, i, 0, op(ld(i), k)); } while (0)

#define SH(op) do { IMM(op, 0); IMM(op, 1); IMM(op, 7); IMM(op, 15); IMM(op, 16); IMM(op, 31); IMM(op, 32); IMM(op, 63); IMM(op, 64); IMM(op, 200); } while (0)

static __m128i cnt(int k) { __m128i v = _mm_set_epi64x(0x12345678, k); HIDE(v); return v; }
#define SHX(op) do { int ks[] = {0, 1, 7, 15, 16, 31, 32, 63, 64, 1000}; \
    for (int i = 0; i < N; i++) for (int k = 0; k < 10; k++) pr(#op, i, ks[k], op(ld(i), cnt(ks[k]))); \
    for (int i = 0; i < N; i++) pr(#op "big", i, 0, op(ld(i), _mm_set_epi64x(0, 0x100000000LL))); } while (0)

static __m128i wrap_sll_si128_3(__m128i a) { return _mm_slli_si128(a, 3); }
static __m128i wrap_srl_si128_5(__m128i a) { return _mm_srli_si128(a, 5); }
static __m128i wrap_sll_si128_15(__m128i a) { return _mm_slli_si128(a, 15); }
static __m128i wrap_srl_si128_16(__m128i a) { return _mm_srli_si128(a, 16); }
static __m128i wrap_shuf_1b(__m128i a) { return _mm_shuffle_epi32(a, 0x1b); }
static __m128i wrap_shuf_e4(__m128i a) { return _mm_shuffle_epi32(a, 0x4e); }
static __m128i wrap_shuflo(__m128i a) { return _mm_shufflelo_epi16(a, 0x9c); }
static __m128i wrap_shufhi(__m128i a) { return _mm_shufflehi_epi16(a, 0x63); }
static __m128i wrap_insert(__m128i a, __m128i b) { return _mm_insert_epi16(a, _mm_cvtsi128_si32(b), 5); }
static __m128i wrap_extract(__m128i a) { return _mm_cvtsi32_si128(_mm_extract_epi16(a, 3) | (_mm_extract_epi16(a, 6) << 16)); }
static __m128i wrap_movemask(__m128i a) { return _mm_cvtsi32_si128(_mm_movemask_epi8(a)); }
static __m128i wrap_movq(__m128i a) { return _mm_move_epi64(a); }
static __m128i wrap_cvtsi64(__m128i a) { return _mm_cvtsi64_si128(_mm_cvtsi128_si64(_mm_unpackhi_epi64(a, a)) + 1); }

int main(void)
{
    BIN(_mm_and_si128); BIN(_mm_andnot_si128); BIN(_mm_or_si128); BIN(_mm_xor_si128);
    BIN(_mm_add_epi8); BIN(_mm_add_epi16); BIN(_mm_add_epi32); BIN(_mm_add_epi64);
    BIN(_mm_sub_epi8); BIN(_mm_sub_epi16); BIN(_mm_sub_epi32); BIN(_mm_sub_epi64);
    BIN(_mm_adds_epu8); BIN(_mm_adds_epu16); BIN(_mm_subs_epu8); BIN(_mm_subs_epu16);
    BIN(_mm_adds_epi8); BIN(_mm_adds_epi16); BIN(_mm_subs_epi8); BIN(_mm_subs_epi16);
    BIN(_mm_cmpeq_epi8); BIN(_mm_cmpeq_epi16); BIN(_mm_cmpeq_epi32);
    BIN(_mm_cmpgt_epi8); BIN(_mm_cmpgt_epi16); BIN(_mm_cmpgt_epi32);
    BIN(_mm_min_epu8); BIN(_mm_max_epu8); BIN(_mm_min_epi16); BIN(_mm_max_epi16);
    BIN(_mm_mullo_epi16); BIN(_mm_mulhi_epi16); BIN(_mm_mulhi_epu16); BIN(_mm_mul_epu32); BIN(_mm_madd_epi16);
    BIN(_mm_sad_epu8); BIN(_mm_avg_epu8); BIN(_mm_avg_epu16);
    BIN(_mm_unpacklo_epi8); BIN(_mm_unpacklo_epi16); BIN(_mm_unpacklo_epi32); BIN(_mm_unpacklo_epi64);
    BIN(_mm_unpackhi_epi8); BIN(_mm_unpackhi_epi16); BIN(_mm_unpackhi_epi32); BIN(_mm_unpackhi_epi64);
    BIN(_mm_packs_epi16); BIN(_mm_packus_epi16); BIN(_mm_packs_epi32);
    SH(_mm_slli_epi16); SH(_mm_slli_epi32); SH(_mm_slli_epi64);
    SH(_mm_srli_epi16); SH(_mm_srli_epi32); SH(_mm_srli_epi64);
    SH(_mm_srai_epi16); SH(_mm_srai_epi32);
    SHX(_mm_sll_epi16); SHX(_mm_sll_epi32); SHX(_mm_sll_epi64);
    SHX(_mm_srl_epi16); SHX(_mm_srl_epi32); SHX(_mm_srl_epi64);
    SHX(_mm_sra_epi16); SHX(_mm_sra_epi32);
    UN(wrap_sll_si128_3); UN(wrap_srl_si128_5); UN(wrap_sll_si128_15); UN(wrap_srl_si128_16);
    UN(wrap_shuf_1b); UN(wrap_shuf_e4); UN(wrap_shuflo); UN(wrap_shufhi);
    BIN(wrap_insert); UN(wrap_extract); UN(wrap_movemask); UN(wrap_movq); UN(wrap_cvtsi64);
    return 0;
}
