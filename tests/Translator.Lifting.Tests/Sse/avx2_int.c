/* AVX/AVX2 256-bit integer and data-movement intrinsics over edge-value vectors (compiled with -mavx2);
   prints every result. The two 128-bit halves of every input differ, so a half computed from the wrong half shows. */
#include <immintrin.h>
#include "mini.h"

#define HIDE(v) __asm__ volatile("" : "+x"(v))
#define N 8

static uint32_t raw[N][8] __attribute__((aligned(32))) = {
    {0x00000000, 0x00000000, 0x00000000, 0x00000000, 0xffffffff, 0x00000000, 0x80000000, 0x00000001},
    {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x00000000, 0x7fffffff, 0x00000000, 0xfffffffe},
    {0x7f7f7f7f, 0x80808080, 0x7fff8000, 0x80007fff, 0x01800180, 0xff7f807f, 0x00ff00ff, 0x8000ffff},
    {0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10, 0x11121314, 0x15161718, 0x191a1b1c, 0x1d1e1f20},
    {0xdeadbeef, 0x12345678, 0x9abcdef0, 0x8fedcba9, 0x0badf00d, 0xcafebabe, 0x13579bdf, 0x2468ace0},
    {0x80000000, 0x7fffffff, 0x00000001, 0xfffffffe, 0x7fff7fff, 0x80008000, 0xffff0001, 0x0001ffff},
    {0x8f0e0d0c, 0x03028180, 0x07060504, 0x0b0a0988, 0x1f1e9d1c, 0x13129190, 0x17161514, 0x9b1a1918},
    {0xc3a5965a, 0x3c5a69a5, 0x11111111, 0xeeeeeeee, 0x00000003, 0x00000007, 0x0000001f, 0x00000021},
};

static void prw(const char *name, int i, int j, const void *v, int words)
{
    uint32_t w[8];
    memcpy(w, v, words * 4);
    puts_(name); puts_(" "); dec_(i); puts_(" "); dec_(j);
    for (int k = 0; k < words; k++) { puts_(" "); hex_(w[k], 8); }
    puts_("\n");
}
static void pr(const char *name, int i, int j, __m256i v) { prw(name, i, j, &v, 8); }
static void pr128(const char *name, int i, int j, __m128i v) { prw(name, i, j, &v, 4); }

static __m256i ld(int i) { __m256i v; memcpy(&v, raw[i], 32); HIDE(v); return v; }
static __m128i ld128(int i) { __m128i v; memcpy(&v, raw[i] + 4 * (i & 1), 16); HIDE(v); return v; }
static __m256 ldf(int i) { return _mm256_castsi256_ps(ld(i)); }
static __m256d ldd(int i) { return _mm256_castsi256_pd(ld(i)); }

#define BIN(op) do { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) pr(#op, i, j, op(ld(i), ld(j))); } while (0)
#define UN(op) do { for (int i = 0; i < N; i++) pr(#op, i, 0, op(ld(i))); } while (0)
#define UN128(op) do { for (int i = 0; i < N; i++) pr(#op, i, 0, op(ld128(i))); } while (0)
/* the second operand straight from memory (gcc folds it into the instruction at -O2) */
#define BINM(op) do { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) pr(#op " mem", i, j, op(ld(i), *(const __m256i *)raw[j])); } while (0)
#define UNX(op) do { for (int i = 0; i < N; i++) pr128(#op, i, 0, op(ld128(i))); } while (0)
#define BIN128(op) do { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) pr128(#op, i, j, op(ld128(i), ld128(j))); } while (0)
#define IMM(op, k) do { for (int i = 0; i < N; i++) pr(#op "/" #k, i, 0, op(ld(i), k)); } while (0)
#define SH(op) do { IMM(op, 0); IMM(op, 1); IMM(op, 7); IMM(op, 15); IMM(op, 16); IMM(op, 31); IMM(op, 32); IMM(op, 63); IMM(op, 64); IMM(op, 200); } while (0)

static __m128i cnt(int k) { __m128i v = _mm_set_epi64x(0x12345678, k); HIDE(v); return v; }
#define SHX(op) do { int ks[] = {0, 1, 7, 15, 16, 31, 32, 63, 64, 1000}; \
    for (int i = 0; i < N; i++) for (int k = 0; k < 10; k++) pr(#op, i, ks[k], op(ld(i), cnt(ks[k]))); \
    for (int i = 0; i < N; i++) pr(#op "big", i, 0, op(ld(i), _mm_set_epi64x(0, 0x100000000LL))); } while (0)

/* immediates fixed at compile time */
static __m256i alignr3(__m256i a, __m256i b) { return _mm256_alignr_epi8(a, b, 3); }
static __m256i alignr17(__m256i a, __m256i b) { return _mm256_alignr_epi8(a, b, 17); }
static __m256i alignr0(__m256i a, __m256i b) { return _mm256_alignr_epi8(a, b, 0); }
static __m256i alignr31(__m256i a, __m256i b) { return _mm256_alignr_epi8(a, b, 31); }
static __m256i blend16(__m256i a, __m256i b) { return _mm256_blend_epi16(a, b, 0xa5); }
static __m256i blendd(__m256i a, __m256i b) { return _mm256_blend_epi32(a, b, 0x5c); }
static __m128i blendd128(__m128i a, __m128i b) { return _mm_blend_epi32(a, b, 0x6); }
static __m256i blendvb(__m256i a, __m256i b) { return _mm256_blendv_epi8(a, b, _mm256_xor_si256(a, b)); }
static __m256i mpsad00(__m256i a, __m256i b) { return _mm256_mpsadbw_epu8(a, b, 0x00); }
static __m256i mpsad05(__m256i a, __m256i b) { return _mm256_mpsadbw_epu8(a, b, 0x05); }
static __m256i mpsad3a(__m256i a, __m256i b) { return _mm256_mpsadbw_epu8(a, b, 0x3a); }
static __m256i mpsad27(__m256i a, __m256i b) { return _mm256_mpsadbw_epu8(a, b, 0x27); }
static __m128i mpsad128_5(__m128i a, __m128i b) { return _mm_mpsadbw_epu8(a, b, 0x5); }
static __m128i mpsad128_2(__m128i a, __m128i b) { return _mm_mpsadbw_epu8(a, b, 0x2); }
static __m128i minpos_mixed(__m128i a, __m128i b) { return _mm_minpos_epu16(_mm_xor_si128(a, _mm_srli_epi64(b, 7))); }
static __m256i shufd1b(__m256i a) { return _mm256_shuffle_epi32(a, 0x1b); }
static __m256i shufd4e(__m256i a) { return _mm256_shuffle_epi32(a, 0x4e); }
static __m256i shuflo(__m256i a) { return _mm256_shufflelo_epi16(a, 0x9c); }
static __m256i shufhi(__m256i a) { return _mm256_shufflehi_epi16(a, 0x63); }
static __m256i bsll3(__m256i a) { return _mm256_bslli_epi128(a, 3); }
static __m256i bsll15(__m256i a) { return _mm256_bslli_epi128(a, 15); }
static __m256i bsrl5(__m256i a) { return _mm256_bsrli_epi128(a, 5); }
static __m256i bsrl16(__m256i a) { return _mm256_bsrli_epi128(a, 16); }
static __m256i permq1b(__m256i a) { return _mm256_permute4x64_epi64(a, 0x1b); }
static __m256i permqd8(__m256i a) { return _mm256_permute4x64_epi64(a, 0xd8); }
static __m256i permq00(__m256i a) { return _mm256_permute4x64_epi64(a, 0x00); }
static __m256i permpd72(__m256i a) { return _mm256_castpd_si256(_mm256_permute4x64_pd(_mm256_castsi256_pd(a), 0x72)); }
static __m256i permpdff(__m256i a) { return _mm256_castpd_si256(_mm256_permute4x64_pd(_mm256_castsi256_pd(a), 0xff)); }
static __m256i permd(__m256i a, __m256i b) { return _mm256_permutevar8x32_epi32(a, b); }
static __m256i permps(__m256i a, __m256i b) { return _mm256_castps_si256(_mm256_permutevar8x32_ps(_mm256_castsi256_ps(a), b)); }
static __m256i perm2_20(__m256i a, __m256i b) { return _mm256_permute2x128_si256(a, b, 0x20); }
static __m256i perm2_31(__m256i a, __m256i b) { return _mm256_permute2x128_si256(a, b, 0x31); }
static __m256i perm2_83(__m256i a, __m256i b) { return _mm256_permute2x128_si256(a, b, 0x83); }
static __m256i perm2_12(__m256i a, __m256i b) { return _mm256_permute2x128_si256(a, b, 0x12); }
static __m256i ins0(__m256i a, __m256i b) { return _mm256_inserti128_si256(a, _mm256_castsi256_si128(b), 0); }
static __m256i ins1(__m256i a, __m256i b) { return _mm256_inserti128_si256(a, _mm256_extracti128_si256(b, 1), 1); }
static __m256i ext1(__m256i a) { return _mm256_castsi128_si256(_mm256_extracti128_si256(a, 1)); }
static __m256i movemask(__m256i a) { return _mm256_set_epi32(0, 0, 0, 0, 0, 0, 0, _mm256_movemask_epi8(a)); }
static __m256i testzcn(__m256i a, __m256i b) { return _mm256_set_epi32(0, 0, 0, 0, _mm256_testz_si256(a, b), _mm256_testc_si256(a, b), _mm256_testnzc_si256(a, b), 0); }
static __m256i ext_elems(__m256i a) { return _mm256_set_epi32(_mm256_extract_epi8(a, 21), _mm256_extract_epi16(a, 13), _mm256_extract_epi32(a, 6), (int)_mm256_extract_epi64(a, 3), _mm256_cvtsi256_si32(a), _mm256_extract_epi8(a, 3), 0, 0); }
static __m256i ins_elems(__m256i a, __m256i b) { return _mm256_insert_epi8(_mm256_insert_epi32(_mm256_insert_epi64(a, _mm256_extract_epi64(b, 0), 3), _mm256_cvtsi256_si32(b), 5), (char)_mm256_extract_epi8(b, 2), 17); }
static __m256i bcastb(__m256i a) { return _mm256_broadcastb_epi8(_mm256_extracti128_si256(a, 1)); }
static __m256i bcastw(__m256i a) { return _mm256_broadcastw_epi16(_mm256_castsi256_si128(a)); }
static __m256i bcastd(__m256i a) { return _mm256_broadcastd_epi32(_mm256_extracti128_si256(a, 1)); }
static __m256i bcastq(__m256i a) { return _mm256_broadcastq_epi64(_mm256_castsi256_si128(a)); }
static __m256i bcastss(__m256i a) { return _mm256_castps_si256(_mm256_broadcastss_ps(_mm_castsi128_ps(_mm256_extracti128_si256(a, 1)))); }
static __m256i bcastsd(__m256i a) { return _mm256_castpd_si256(_mm256_broadcastsd_pd(_mm_castsi128_pd(_mm256_extracti128_si256(a, 1)))); }
static __m256i bcast128(int i) { return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(raw[i] + 2))); }
static __m128i bcastb128(__m128i a) { return _mm_broadcastb_epi8(a); }
static __m128i bcastw128(__m128i a) { return _mm_broadcastw_epi16(a); }
static __m128i bcastd128(__m128i a) { return _mm_broadcastd_epi32(a); }
static __m128i bcastq128(__m128i a) { return _mm_broadcastq_epi64(a); }
static __m256i set1b(int i) { return _mm256_set1_epi8((char)raw[i][3]); }
static __m256i set1q_mem(int i) { return _mm256_set1_epi64x(*(volatile long long *)&raw[i][4]); }

/* variable shifts: counts from the second vector, reduced so that some are in range and some not */
static __m256i cnts(__m256i b) { return _mm256_and_si256(b, _mm256_set1_epi32(0x4f)); }
static __m256i sllv32(__m256i a, __m256i b) { return _mm256_sllv_epi32(a, cnts(b)); }
static __m256i srlv32(__m256i a, __m256i b) { return _mm256_srlv_epi32(a, cnts(b)); }
static __m256i srav32(__m256i a, __m256i b) { return _mm256_srav_epi32(a, cnts(b)); }
static __m256i sllv64(__m256i a, __m256i b) { return _mm256_sllv_epi64(a, cnts(b)); }
static __m256i srlv64(__m256i a, __m256i b) { return _mm256_srlv_epi64(a, cnts(b)); }
static __m256i sllv32raw(__m256i a, __m256i b) { return _mm256_sllv_epi32(a, b); }
static __m256i srlv64raw(__m256i a, __m256i b) { return _mm256_srlv_epi64(a, b); }
static __m256i srav32raw(__m256i a, __m256i b) { return _mm256_srav_epi32(a, b); }
static __m128i cnts128(__m128i b) { return _mm_and_si128(b, _mm_set1_epi32(0x4f)); }
static __m128i sllv32x(__m128i a, __m128i b) { return _mm_sllv_epi32(a, cnts128(b)); }
static __m128i srlv32x(__m128i a, __m128i b) { return _mm_srlv_epi32(a, cnts128(b)); }
static __m128i srav32x(__m128i a, __m128i b) { return _mm_srav_epi32(a, cnts128(b)); }
static __m128i sllv64x(__m128i a, __m128i b) { return _mm_sllv_epi64(a, cnts128(b)); }
static __m128i srlv64x(__m128i a, __m128i b) { return _mm_srlv_epi64(a, cnts128(b)); }

/* loads and stores */
static uint32_t buf[24] __attribute__((aligned(32)));
static void fill(int i) { for (int k = 0; k < 24; k++) { __asm__("" ::: "memory"); buf[k] = raw[(i + k / 8) % N][k % 8] ^ (k * 0x01010101u); } }
static void dumpbuf(const char *name, int i) { prw(name, i, 0, buf, 8); prw(name, i, 1, buf + 8, 8); prw(name, i, 2, buf + 16, 8); }

static void loads_and_stores(void)
{
    for (int i = 0; i < N; i++) {
        fill(i);
        __m256i a = _mm256_load_si256((const __m256i *)buf); HIDE(a); pr("vmovdqa load", i, 0, a);
        __m256i u = _mm256_loadu_si256((const __m256i *)(buf + 3)); HIDE(u); pr("vmovdqu load", i, 0, u);
        __m256 f = _mm256_load_ps((const float *)(buf + 8)); HIDE(f); pr("vmovaps load", i, 0, _mm256_castps_si256(f));
        __m256 g = _mm256_loadu_ps((const float *)(buf + 5)); HIDE(g); pr("vmovups load", i, 0, _mm256_castps_si256(g));
        __m256d d = _mm256_loadu_pd((const double *)(buf + 1)); HIDE(d); pr("vmovupd load", i, 0, _mm256_castpd_si256(d));
        __m256i l = _mm256_lddqu_si256((const __m256i *)(buf + 7)); HIDE(l); pr("vlddqu", i, 0, l);
        __m256i s = _mm256_stream_load_si256((const __m256i *)(buf + 16)); HIDE(s); pr("vmovntdqa", i, 0, s);
        _mm256_storeu_si256((__m256i *)(buf + 1), ld((i + 1) % N)); dumpbuf("vmovdqu store", i);
        _mm256_store_si256((__m256i *)(buf + 8), ld((i + 2) % N)); dumpbuf("vmovdqa store", i);
        _mm256_stream_si256((__m256i *)(buf + 16), ld((i + 3) % N)); dumpbuf("vmovntdq store", i);
        _mm256_storeu_ps((float *)(buf + 6), ldf((i + 4) % N)); dumpbuf("vmovups store", i);
        _mm256_store_ps((float *)(buf + 0), ldf((i + 5) % N)); dumpbuf("vmovaps store", i);
        _mm256_stream_ps((float *)(buf + 8), ldf((i + 6) % N)); dumpbuf("vmovntps store", i);
        _mm256_storeu_pd((double *)(buf + 13), ldd((i + 7) % N)); dumpbuf("vmovupd store", i);
        _mm256_storeu2_m128i((__m128i *)(buf + 2), (__m128i *)(buf + 17), ld(i)); dumpbuf("storeu2", i);
        pr("loadu2", i, 0, _mm256_loadu2_m128i((const __m128i *)(buf + 9), (const __m128i *)(buf + 1)));
    }
}

/* masked loads and stores: the mask is the sign of each element of raw vector j */
static void masked(void)
{
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) {
        fill(i);
        __m256i m = ld(j); __m128i m4 = _mm256_castsi256_si128(m);
        pr("vpmaskmovd load", i, j, _mm256_maskload_epi32((const int *)(buf + 3), m));
        pr("vpmaskmovq load", i, j, _mm256_maskload_epi64((const long long *)(buf + 5), m));
        pr128("vpmaskmovd load128", i, j, _mm_maskload_epi32((const int *)(buf + 1), m4));
        pr128("vpmaskmovq load128", i, j, _mm_maskload_epi64((const long long *)(buf + 9), m4));
        pr("vmaskmovps load", i, j, _mm256_castps_si256(_mm256_maskload_ps((const float *)(buf + 2), m)));
        pr("vmaskmovpd load", i, j, _mm256_castpd_si256(_mm256_maskload_pd((const double *)(buf + 4), m)));
        pr128("vmaskmovps load128", i, j, _mm_castps_si128(_mm_maskload_ps((const float *)(buf + 6), m4)));
        pr128("vmaskmovpd load128", i, j, _mm_castpd_si128(_mm_maskload_pd((const double *)(buf + 7), m4)));
        _mm256_maskstore_epi32((int *)(buf + 1), m, ld((j + 3) % N)); dumpbuf("vpmaskmovd store", i * N + j);
        _mm256_maskstore_epi64((long long *)(buf + 7), m, ld((j + 4) % N)); dumpbuf("vpmaskmovq store", i * N + j);
        _mm_maskstore_epi32((int *)(buf + 15), m4, ld128(j)); dumpbuf("vpmaskmovd store128", i * N + j);
        _mm_maskstore_epi64((long long *)(buf + 2), m4, ld128(i)); dumpbuf("vpmaskmovq store128", i * N + j);
        _mm256_maskstore_ps((float *)(buf + 9), m, ldf(i)); dumpbuf("vmaskmovps store", i * N + j);
        _mm256_maskstore_pd((double *)(buf + 13), m, ldd((i + 1) % N)); dumpbuf("vmaskmovpd store", i * N + j);
        _mm_maskstore_ps((float *)(buf + 0), m4, _mm_castsi128_ps(ld128(i))); dumpbuf("vmaskmovps store128", i * N + j);
        _mm_maskstore_pd((double *)(buf + 11), m4, _mm_castsi128_pd(ld128(j))); dumpbuf("vmaskmovpd store128", i * N + j);
    }
}

/* gathers: a table, a base in its middle, indices in and around it; the mask register is printed after (zero) */
static uint32_t table[192];
static int32_t idx32[N][8] = {
    {0, 1, 2, 3, 4, 5, 6, 7}, {-1, -2, -3, -4, -5, -6, -7, -8}, {31, -16, 9, 9, 0, 30, -15, 17},
    {7, 6, 5, 4, 3, 2, 1, 0}, {12, -9, 25, -3, 28, 11, -14, 2}, {0, 0, 0, 0, 0, 0, 0, 0},
    {29, 23, 19, 17, 13, 11, 7, 5}, {-16, 31, -8, 24, -4, 20, -2, 18},
};
static int64_t idx64[N][4] = {
    {0, 1, 2, 3}, {-1, -16, 31, 15}, {3, 2, 1, 0}, {10, -10, 20, -5},
    {31, 31, 31, 31}, {-16, 0, 16, 30}, {7, 11, 13, 17}, {-3, 27, -9, 22},
};

#define GATHER(label, insn, DT, IT, MT, dst0, ix, msk, pd, pm) do { \
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { \
        DT d = dst0; IT x = ix; MT m = msk; \
        __asm__ volatile(insn : "+&x"(d), "+&x"(m) : "x"(x), "r"(table + 64) : "memory"); \
        pd(label, i, j, d); pm(label " mask", i, j, m); } } while (0)

static __m256i ix32(int i) { __m256i v; memcpy(&v, idx32[i], 32); HIDE(v); return v; }
static __m256i ix64(int i) { __m256i v; memcpy(&v, idx64[i], 32); HIDE(v); return v; }

static void gathers(void)
{
    for (int k = 0; k < 192; k++) table[k] = raw[k % N][k / N % 8] + k * 0x10001u;
    GATHER("vpgatherdd y", "vpgatherdd %1, 4(%3,%2,4), %0", __m256i, __m256i, __m256i, ld(i), ix32(i), ld(j), pr, pr);
    GATHER("vpgatherdd x", "vpgatherdd %1, (%3,%2,2), %0", __m128i, __m128i, __m128i, ld128(i), _mm256_castsi256_si128(ix32(i)), ld128(j), pr128, pr128);
    GATHER("vpgatherdq y", "vpgatherdq %1, -8(%3,%2,8), %0", __m256i, __m128i, __m256i, ld(i), _mm256_castsi256_si128(ix32(i)), ld(j), pr, pr);
    GATHER("vpgatherdq x", "vpgatherdq %1, (%3,%2,4), %0", __m128i, __m128i, __m128i, ld128(i), _mm256_castsi256_si128(ix32(j)), ld128(j), pr128, pr128);
    GATHER("vpgatherqd y", "vpgatherqd %1, (%3,%2,4), %0", __m128i, __m256i, __m128i, ld128(i), ix64(i), ld128(j), pr128, pr128);
    GATHER("vpgatherqd x", "vpgatherqd %1, 12(%3,%2,1), %0", __m128i, __m128i, __m128i, ld128(i), _mm256_castsi256_si128(ix64(j)), ld128(j), pr128, pr128);
    GATHER("vpgatherqq y", "vpgatherqq %1, (%3,%2,8), %0", __m256i, __m256i, __m256i, ld(i), ix64(i), ld(j), pr, pr);
    GATHER("vpgatherqq x", "vpgatherqq %1, (%3,%2,4), %0", __m128i, __m128i, __m128i, ld128(i), _mm256_castsi256_si128(ix64(i)), ld128(j), pr128, pr128);
    GATHER("vgatherdps y", "vgatherdps %1, (%3,%2,4), %0", __m256i, __m256i, __m256i, ld(i), ix32(j), ld(j), pr, pr);
    GATHER("vgatherdps x", "vgatherdps %1, (%3,%2,8), %0", __m128i, __m128i, __m128i, ld128(i), _mm256_castsi256_si128(ix32(i)), ld128(j), pr128, pr128);
    GATHER("vgatherdpd y", "vgatherdpd %1, (%3,%2,8), %0", __m256i, __m128i, __m256i, ld(i), _mm256_castsi256_si128(ix32(i)), ld(j), pr, pr);
    GATHER("vgatherdpd x", "vgatherdpd %1, (%3,%2,1), %0", __m128i, __m128i, __m128i, ld128(i), _mm256_castsi256_si128(ix32(i)), ld128(j), pr128, pr128);
    GATHER("vgatherqps y", "vgatherqps %1, (%3,%2,4), %0", __m128i, __m256i, __m128i, ld128(i), ix64(i), ld128(j), pr128, pr128);
    GATHER("vgatherqps x", "vgatherqps %1, (%3,%2,4), %0", __m128i, __m128i, __m128i, ld128(i), _mm256_castsi256_si128(ix64(i)), ld128(j), pr128, pr128);
    GATHER("vgatherqpd y", "vgatherqpd %1, (%3,%2,8), %0", __m256i, __m256i, __m256i, ld(i), ix64(j), ld(j), pr, pr);
    GATHER("vgatherqpd x", "vgatherqpd %1, 8(%3,%2,2), %0", __m128i, __m128i, __m128i, ld128(i), _mm256_castsi256_si128(ix64(i)), ld128(j), pr128, pr128);
    /* the intrinsics (all-ones mask, the compiler's own register choice) */
    for (int i = 0; i < N; i++) {
        pr("i32gather_epi32", i, 0, _mm256_i32gather_epi32((const int *)(table + 64), ix32(i), 4));
        pr("i64gather_epi64", i, 0, _mm256_i64gather_epi64((const long long *)(table + 64), ix64(i), 8));
        pr128("i64gather_epi32", i, 0, _mm256_i64gather_epi32((const int *)(table + 64), ix64(i), 4));
        pr("mask_i32gather_epi64", i, 0, _mm256_mask_i32gather_epi64(ld(i), (const long long *)(table + 64), _mm256_castsi256_si128(ix32(i)), ld((i + 3) % N), 8));
    }
}

/* masked-off elements are not touched: a page followed by an inaccessible one */
static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    long r;
    register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
    return r;
}

static void page_end(void)
{
    char *p = (char *)sys6(9, 0, 8192, 3, 0x22, -1, 0);   /* mmap RW, private anonymous */
    if ((long)p < 0 && (long)p > -4096) { puts_("mmap failed\n"); return; }
    sys6(10, (long)(p + 4096), 4096, 0, 0, 0, 0);        /* mprotect PROT_NONE */
    uint32_t *end = (uint32_t *)(p + 4096);
    for (int k = 1; k <= 8; k++) end[-k] = 0x1000u * k + 0xab;
    __m256i low4 = _mm256_set_epi32(0, 0, 0, 0, -1, -1, -1, -1);
    __m256i low2q = _mm256_set_epi64x(0, 0, -1, -1);
    HIDE(low4); HIDE(low2q);
    pr("page vpmaskmovd", 0, 0, _mm256_maskload_epi32((const int *)(end - 4), low4));
    pr("page vpmaskmovq", 0, 0, _mm256_maskload_epi64((const long long *)(end - 4), low2q));
    pr("page vmaskmovps", 0, 0, _mm256_castps_si256(_mm256_maskload_ps((const float *)(end - 4), low4)));
    pr("page vmaskmovpd", 0, 0, _mm256_castpd_si256(_mm256_maskload_pd((const double *)(end - 4), low2q)));
    _mm256_maskstore_epi32((int *)(end - 4), low4, ld(4));
    _mm256_maskstore_epi64((long long *)(end - 8), _mm256_set_epi64x(0, -1, 0, -1), ld(3));
    prw("page after stores", 0, 0, end - 8, 8);
    __m256i far = _mm256_set_epi32(1 << 20, 0, 1 << 20, 1, 1 << 20, 2, 1 << 20, 3);
    __m256i alt = _mm256_set_epi32(0, -1, 0, -1, 0, -1, 0, -1);
    HIDE(far); HIDE(alt);
    pr("page vpgatherdd", 0, 0, _mm256_mask_i32gather_epi32(ld(2), (const int *)(end - 4), far, alt, 4));
}

/* VEX.128 instructions zero the upper half of the registers they write, and only of those: vucomiss and
 * vpcmpestri only read their first operand, vpcmpestrm writes xmm0 implicitly. */
static void upper_halves(void)
{
    uint32_t out[4][8];
    __asm__ volatile("vmovdqu %4, %%ymm0\n\tvmovdqu %4, %%ymm1\n\tvmovdqu %4, %%ymm2\n\t"
                     "vucomiss %%xmm1, %%xmm2\n\t"
                     "mov $5, %%eax\n\tmov $7, %%edx\n\tvpcmpestri $0, %%xmm1, %%xmm2\n\t"
                     "vmovdqu %%ymm2, %0\n\tvmovdqu %%ymm1, %1\n\t"
                     "vpcmpestrm $0x40, %%xmm1, %%xmm2\n\tvmovdqu %%ymm0, %2\n\tvmovdqu %%ymm2, %3"
                     : "=m"(out[0]), "=m"(out[1]), "=m"(out[2]), "=m"(out[3])
                     : "m"(raw[3]) : "rax", "rcx", "rdx", "xmm0", "xmm1", "xmm2", "cc");
    for (int k = 0; k < 4; k++) prw("upper halves", k, 0, out[k], 8);
}

int main(void)
{
    upper_halves();
    BIN(_mm256_and_si256); BIN(_mm256_andnot_si256); BIN(_mm256_or_si256); BIN(_mm256_xor_si256);
    BIN(_mm256_add_epi8); BIN(_mm256_add_epi16); BIN(_mm256_add_epi32); BIN(_mm256_add_epi64);
    BIN(_mm256_sub_epi8); BIN(_mm256_sub_epi16); BIN(_mm256_sub_epi32); BIN(_mm256_sub_epi64);
    BIN(_mm256_adds_epi8); BIN(_mm256_adds_epi16); BIN(_mm256_adds_epu8); BIN(_mm256_adds_epu16);
    BIN(_mm256_subs_epi8); BIN(_mm256_subs_epi16); BIN(_mm256_subs_epu8); BIN(_mm256_subs_epu16);
    BIN(_mm256_mullo_epi16); BIN(_mm256_mullo_epi32); BIN(_mm256_mul_epu32); BIN(_mm256_mul_epi32);
    BIN(_mm256_mulhi_epi16); BIN(_mm256_mulhi_epu16); BIN(_mm256_mulhrs_epi16); BIN(_mm256_madd_epi16); BIN(_mm256_maddubs_epi16);
    BIN(_mm256_cmpeq_epi8); BIN(_mm256_cmpeq_epi16); BIN(_mm256_cmpeq_epi32); BIN(_mm256_cmpeq_epi64);
    BIN(_mm256_cmpgt_epi8); BIN(_mm256_cmpgt_epi16); BIN(_mm256_cmpgt_epi32); BIN(_mm256_cmpgt_epi64);
    BIN(_mm256_min_epi8); BIN(_mm256_min_epi16); BIN(_mm256_min_epi32); BIN(_mm256_min_epu8); BIN(_mm256_min_epu16); BIN(_mm256_min_epu32);
    BIN(_mm256_max_epi8); BIN(_mm256_max_epi16); BIN(_mm256_max_epi32); BIN(_mm256_max_epu8); BIN(_mm256_max_epu16); BIN(_mm256_max_epu32);
    UN(_mm256_abs_epi8); UN(_mm256_abs_epi16); UN(_mm256_abs_epi32);
    BIN(_mm256_sign_epi8); BIN(_mm256_sign_epi16); BIN(_mm256_sign_epi32);
    BIN(_mm256_avg_epu8); BIN(_mm256_avg_epu16); BIN(_mm256_sad_epu8);
    BIN(mpsad00); BIN(mpsad05); BIN(mpsad3a); BIN(mpsad27); BIN128(mpsad128_5); BIN128(mpsad128_2);
    UNX(_mm_minpos_epu16); BIN128(minpos_mixed);
    BIN(_mm256_shuffle_epi8); UN(shufd1b); UN(shufd4e); UN(shuflo); UN(shufhi);
    BIN(alignr3); BIN(alignr17); BIN(alignr0); BIN(alignr31);
    BIN(_mm256_unpacklo_epi8); BIN(_mm256_unpackhi_epi8); BIN(_mm256_unpacklo_epi16); BIN(_mm256_unpackhi_epi16);
    BIN(_mm256_unpacklo_epi32); BIN(_mm256_unpackhi_epi32); BIN(_mm256_unpacklo_epi64); BIN(_mm256_unpackhi_epi64);
    BIN(_mm256_packs_epi16); BIN(_mm256_packs_epi32); BIN(_mm256_packus_epi16); BIN(_mm256_packus_epi32);
    SH(_mm256_slli_epi16); SH(_mm256_slli_epi32); SH(_mm256_slli_epi64);
    SH(_mm256_srli_epi16); SH(_mm256_srli_epi32); SH(_mm256_srli_epi64);
    SH(_mm256_srai_epi16); SH(_mm256_srai_epi32);
    SHX(_mm256_sll_epi16); SHX(_mm256_sll_epi32); SHX(_mm256_sll_epi64);
    SHX(_mm256_srl_epi16); SHX(_mm256_srl_epi32); SHX(_mm256_srl_epi64);
    SHX(_mm256_sra_epi16); SHX(_mm256_sra_epi32);
    UN(bsll3); UN(bsll15); UN(bsrl5); UN(bsrl16);
    BIN(blend16); BIN(blendd); BIN128(blendd128); BIN(blendvb);
    BIN(_mm256_hadd_epi16); BIN(_mm256_hadd_epi32); BIN(_mm256_hsub_epi16); BIN(_mm256_hsub_epi32);
    BIN(_mm256_hadds_epi16); BIN(_mm256_hsubs_epi16);
    UN(permq1b); UN(permqd8); UN(permq00); UN(permpd72); UN(permpdff); BIN(permd); BIN(permps);
    BIN(perm2_20); BIN(perm2_31); BIN(perm2_83); BIN(perm2_12); BIN(ins0); BIN(ins1); UN(ext1);
    UN128(_mm256_cvtepu8_epi16); UN128(_mm256_cvtepu8_epi32); UN128(_mm256_cvtepu8_epi64);
    UN128(_mm256_cvtepu16_epi32); UN128(_mm256_cvtepu16_epi64); UN128(_mm256_cvtepu32_epi64);
    UN128(_mm256_cvtepi8_epi16); UN128(_mm256_cvtepi8_epi32); UN128(_mm256_cvtepi8_epi64);
    UN128(_mm256_cvtepi16_epi32); UN128(_mm256_cvtepi16_epi64); UN128(_mm256_cvtepi32_epi64);
    for (int i = 0; i < N; i++) {
        pr("pmovzxbw mem", i, 0, _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(raw[i] + 1))));
        pr("pmovsxbd mem", i, 0, _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(raw[i] + 3))));
        pr("pmovsxbq mem", i, 0, _mm256_cvtepi8_epi64(_mm_cvtsi32_si128(*(volatile int *)(raw[i] + 5))));
        pr("pmovzxdq mem", i, 0, _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i *)(raw[i] + 4))));
    }
    BIN(sllv32); BIN(srlv32); BIN(srav32); BIN(sllv64); BIN(srlv64); BIN(sllv32raw); BIN(srlv64raw); BIN(srav32raw);
    BIN128(sllv32x); BIN128(srlv32x); BIN128(srav32x); BIN128(sllv64x); BIN128(srlv64x);
    UN(movemask); BIN(testzcn); UN(ext_elems); BIN(ins_elems);
    UN(bcastb); UN(bcastw); UN(bcastd); UN(bcastq); UN(bcastss); UN(bcastsd);
    UNX(bcastb128); UNX(bcastw128); UNX(bcastd128); UNX(bcastq128);
    for (int i = 0; i < N; i++) { pr("bcast128", i, 0, bcast128(i)); pr("set1b", i, 0, set1b(i)); pr("set1q mem", i, 0, set1q_mem(i)); }
    BINM(_mm256_add_epi8); BINM(_mm256_sub_epi64); BINM(_mm256_shuffle_epi8); BINM(_mm256_unpackhi_epi32); BINM(_mm256_packs_epi16);
    BINM(_mm256_madd_epi16); BINM(_mm256_cmpgt_epi64); BINM(_mm256_max_epu32); BINM(_mm256_hadd_epi32); BINM(_mm256_sad_epu8);
    BINM(alignr3); BINM(blend16); BINM(blendd); BINM(mpsad3a); BINM(permd); BINM(permps); BINM(perm2_31); BINM(ins1);
    BINM(sllv32raw); BINM(srlv64raw); BINM(srav32raw); BINM(_mm256_mul_epu32); BINM(_mm256_and_si256);
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) {
        pr("sll_epi16 memcount", i, j, _mm256_sll_epi16(ld(i), *(const __m128i *)&raw[j][4]));
        pr("srl_epi64 memcount", i, j, _mm256_srl_epi64(ld(i), *(const __m128i *)&raw[j][0]));
        pr("permq mem", i, j, _mm256_permute4x64_epi64(*(const __m256i *)raw[(i + j) % N], 0x9c));
    }
    loads_and_stores();
    masked();
    gathers();
    page_end();
    return 0;
}
