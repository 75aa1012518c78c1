/* AES-NI, PCLMULQDQ and SHA intrinsics over edge and pseudo-random vectors (compiled with -maes -mpclmul -msha),
 * every result printed in hex, plus memory-operand forms through inline asm and two known answers written from
 * the specifications: the FIPS-197 appendix C.1 AES-128 example (encrypt and decrypt, keys expanded with
 * aeskeygenassist/aesimc) and SHA-1/SHA-256 of "abc" (FIPS 180-4 examples). Exit status 1 if a known answer
 * is wrong, so the test fails even where the CPU and the translation agree. */
#include <immintrin.h>
#include "mini.h"

#define HIDE(v) __asm__ volatile("" : "+x"(v))
#define N 40

static __m128i pool[N];

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void fill_pool(void)
{
    static const uint64_t edges[][2] = {
        {0, 0}, {~0ull, ~0ull}, {1, 0}, {0, 1ull << 63}, {0x8000000000000000ull, 0x8000000000000000ull},
        {0xaaaaaaaaaaaaaaaaull, 0x5555555555555555ull}, {0x0123456789abcdefull, 0xfedcba9876543210ull},
        {0xffffffff00000000ull, 0x00000000ffffffffull},
    };
    int k = 0;
    for (; k < (int)(sizeof edges / sizeof edges[0]); k++) pool[k] = _mm_set_epi64x((long long)edges[k][1], (long long)edges[k][0]);
    for (; k < N; k++) pool[k] = _mm_set_epi64x((long long)next_random(), (long long)next_random());
}

static __m128i ld(int i) { __m128i v = pool[i]; HIDE(v); return v; }

static void pr(const char *name, int i, int j, __m128i v)
{
    uint64_t q[2];
    memcpy(q, &v, 16);
    puts_(name); puts_(" "); dec_(i); puts_(" "); dec_(j); puts_(" ");
    hex_(q[1], 16); hex_(q[0], 16); puts_("\n");
}

/* Pairs: every i with three partners, so edge values meet edge and random values. */
#define BIN(name, expr) do { for (int i = 0; i < N; i++) for (int d = 0; d < 3; d++) { \
    int j = (i * 7 + d * 13 + 1) % N; __m128i a = ld(i), b = ld(j); pr(name, i, j, (expr)); } } while (0)
#define UN(name, expr) do { for (int i = 0; i < N; i++) { __m128i a = ld(i); pr(name, i, 0, (expr)); } } while (0)

/* Memory source operands (the intrinsics above mostly compile to register forms). */
#define MEM2(insn, a, b) ({ __m128i r_ = (a); __asm__(insn " %1, %0" : "+x"(r_) : "m"(b)); r_; })
#define MEM3(insn, imm, a, b) ({ __m128i r_ = (a); __asm__(insn " $" #imm ", %1, %0" : "+x"(r_) : "m"(b)); r_; })

static void random_vectors(void)
{
    BIN("aesenc", _mm_aesenc_si128(a, b));
    BIN("aesenclast", _mm_aesenclast_si128(a, b));
    BIN("aesdec", _mm_aesdec_si128(a, b));
    BIN("aesdeclast", _mm_aesdeclast_si128(a, b));
    UN("aesimc", _mm_aesimc_si128(a));
    UN("aeskeygenassist00", _mm_aeskeygenassist_si128(a, 0x00));
    UN("aeskeygenassist01", _mm_aeskeygenassist_si128(a, 0x01));
    UN("aeskeygenassist1b", _mm_aeskeygenassist_si128(a, 0x1b));
    UN("aeskeygenassist80", _mm_aeskeygenassist_si128(a, 0x80));
    UN("aeskeygenassistff", _mm_aeskeygenassist_si128(a, 0xff));
    BIN("pclmul00", _mm_clmulepi64_si128(a, b, 0x00));
    BIN("pclmul01", _mm_clmulepi64_si128(a, b, 0x01));
    BIN("pclmul10", _mm_clmulepi64_si128(a, b, 0x10));
    BIN("pclmul11", _mm_clmulepi64_si128(a, b, 0x11));
    BIN("pclmulee", _mm_clmulepi64_si128(a, b, 0xee)); /* only bits 0 and 4 select */
    BIN("pclmulff", _mm_clmulepi64_si128(a, b, 0xff));
    BIN("sha1rnds4_0", _mm_sha1rnds4_epu32(a, b, 0));
    BIN("sha1rnds4_1", _mm_sha1rnds4_epu32(a, b, 1));
    BIN("sha1rnds4_2", _mm_sha1rnds4_epu32(a, b, 2));
    BIN("sha1rnds4_3", _mm_sha1rnds4_epu32(a, b, 3));
    BIN("sha1nexte", _mm_sha1nexte_epu32(a, b));
    BIN("sha1msg1", _mm_sha1msg1_epu32(a, b));
    BIN("sha1msg2", _mm_sha1msg2_epu32(a, b));
    BIN("sha256rnds2", _mm_sha256rnds2_epu32(a, b, ld((i + j) % N)));
    BIN("sha256msg1", _mm_sha256msg1_epu32(a, b));
    BIN("sha256msg2", _mm_sha256msg2_epu32(a, b));

    BIN("m.aesenc", MEM2("aesenc", a, pool[j]));
    BIN("m.aesenclast", MEM2("aesenclast", a, pool[j]));
    BIN("m.aesdec", MEM2("aesdec", a, pool[j]));
    BIN("m.aesdeclast", MEM2("aesdeclast", a, pool[j]));
    BIN("m.aesimc", MEM2("aesimc", a, pool[j]));
    BIN("m.aeskeygenassist", MEM3("aeskeygenassist", 0x36, a, pool[j]));
    BIN("m.pclmul01", MEM3("pclmulqdq", 0x01, a, pool[j]));
    BIN("m.pclmul10", MEM3("pclmulqdq", 0x10, a, pool[j]));
    BIN("m.sha1rnds4", MEM3("sha1rnds4", 2, a, pool[j]));
    BIN("m.sha1nexte", MEM2("sha1nexte", a, pool[j]));
    BIN("m.sha1msg1", MEM2("sha1msg1", a, pool[j]));
    BIN("m.sha1msg2", MEM2("sha1msg2", a, pool[j]));
    BIN("m.sha256msg1", MEM2("sha256msg1", a, pool[j]));
    BIN("m.sha256msg2", MEM2("sha256msg2", a, pool[j]));
    BIN("m.sha256rnds2", ({ __m128i r_ = a, k_ = ld((i + 3) % N);
        __asm__("sha256rnds2 %2, %1, %0" : "+x"(r_) : "m"(pool[j]), "Yz"(k_)); r_; }));
    /* Destination and source the same register; xmm0 as destination and round-constant input at once. */
    UN("r.aesenc", ({ __m128i r_ = a; __asm__("aesenc %0, %0" : "+x"(r_)); r_; }));
    UN("r.pclmul11", ({ __m128i r_ = a; __asm__("pclmulqdq $0x11, %0, %0" : "+x"(r_)); r_; }));
    BIN("r.sha256rnds2", ({ __m128i r_ = a; __asm__("sha256rnds2 %0, %1, %0" : "+Yz"(r_) : "x"(b)); r_; }));
}

/* ---- known answers ---- */

static int failures;

static void check(const char *what, const uint8_t *got, const uint8_t *want, int n)
{
    int ok = 1;
    for (int k = 0; k < n; k++) ok &= got[k] == want[k];
    puts_(ok ? "ok   " : "FAIL "); puts_(what); puts_("\n");
    if (!ok) failures++;
}

#define EXPAND(prev, rcon) expand_step((prev), _mm_aeskeygenassist_si128((prev), (rcon)))

static __m128i expand_step(__m128i key, __m128i assist)
{
    assist = _mm_shuffle_epi32(assist, 0xff); /* RotWord(SubWord(w3)) ^ rcon in every lane */
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    return _mm_xor_si128(key, assist);
}

/* FIPS-197 appendix C.1: AES-128, key 00 01 .. 0f, plaintext 00 11 .. ff. */
static void aes128_known_answer(void)
{
    uint8_t key[16], plain[16], out[16];
    static const uint8_t cipher[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };
    for (int k = 0; k < 16; k++) { key[k] = (uint8_t)k; plain[k] = (uint8_t)(k * 0x11); }
    __m128i rk[11];
    memcpy(&rk[0], key, 16);
    HIDE(rk[0]);
    rk[1] = EXPAND(rk[0], 0x01); rk[2] = EXPAND(rk[1], 0x02); rk[3] = EXPAND(rk[2], 0x04);
    rk[4] = EXPAND(rk[3], 0x08); rk[5] = EXPAND(rk[4], 0x10); rk[6] = EXPAND(rk[5], 0x20);
    rk[7] = EXPAND(rk[6], 0x40); rk[8] = EXPAND(rk[7], 0x80); rk[9] = EXPAND(rk[8], 0x1b);
    rk[10] = EXPAND(rk[9], 0x36);
    /* FIPS-197 appendix A.1 for the same key: the last round key is 13111d7f e3944a17 f307a78b 4d2b30c5. */
    static const uint8_t last_key[16] = { 0x13, 0x11, 0x1d, 0x7f, 0xe3, 0x94, 0x4a, 0x17,
                                          0xf3, 0x07, 0xa7, 0x8b, 0x4d, 0x2b, 0x30, 0xc5 };
    memcpy(out, &rk[10], 16);
    check("FIPS-197 key expansion (aeskeygenassist)", out, last_key, 16);

    __m128i s;
    memcpy(&s, plain, 16);
    s = _mm_xor_si128(s, rk[0]);
    for (int r = 1; r < 10; r++) s = _mm_aesenc_si128(s, rk[r]);
    s = _mm_aesenclast_si128(s, rk[10]);
    memcpy(out, &s, 16);
    check("FIPS-197 C.1 AES-128 encrypt (aesenc, aesenclast)", out, cipher, 16);

    s = _mm_xor_si128(s, rk[10]);
    for (int r = 9; r >= 1; r--) s = _mm_aesdec_si128(s, _mm_aesimc_si128(rk[r]));
    s = _mm_aesdeclast_si128(s, rk[0]);
    memcpy(out, &s, 16);
    check("FIPS-197 C.1 AES-128 decrypt (aesdec, aesdeclast, aesimc)", out, plain, 16);
}

/* The one padded block of "abc" as big-endian 32-bit words. */
static void abc_block(uint32_t w[16])
{
    for (int k = 0; k < 16; k++) w[k] = 0;
    w[0] = 0x61626380u;
    w[15] = 24;
}

static void words_to_bytes(const uint32_t *w, int n, uint8_t *out)
{
    for (int k = 0; k < n; k++)
        for (int b = 0; b < 4; b++) out[4 * k + b] = (uint8_t)(w[k] >> (24 - 8 * b));
}

static void sha1_known_answer(void)
{
    uint32_t w[16], h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    abc_block(w);
    __m128i msg[20];
    for (int g = 0; g < 4; g++) msg[g] = _mm_set_epi32((int)w[4 * g], (int)w[4 * g + 1], (int)w[4 * g + 2], (int)w[4 * g + 3]);
    for (int g = 4; g < 20; g++)
        msg[g] = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(msg[g - 4], msg[g - 3]), msg[g - 2]), msg[g - 1]);
    __m128i abcd = _mm_set_epi32((int)h[0], (int)h[1], (int)h[2], (int)h[3]), start = abcd, before = abcd;
    HIDE(abcd);
    __m128i e = _mm_add_epi32(_mm_set_epi32((int)h[4], 0, 0, 0), msg[0]);
#define SHA1_GROUP(g, f) do { if (g) e = _mm_sha1nexte_epu32(before, msg[g]); \
    before = abcd; abcd = _mm_sha1rnds4_epu32(abcd, e, f); } while (0)
    SHA1_GROUP(0, 0); SHA1_GROUP(1, 0); SHA1_GROUP(2, 0); SHA1_GROUP(3, 0); SHA1_GROUP(4, 0);
    SHA1_GROUP(5, 1); SHA1_GROUP(6, 1); SHA1_GROUP(7, 1); SHA1_GROUP(8, 1); SHA1_GROUP(9, 1);
    SHA1_GROUP(10, 2); SHA1_GROUP(11, 2); SHA1_GROUP(12, 2); SHA1_GROUP(13, 2); SHA1_GROUP(14, 2);
    SHA1_GROUP(15, 3); SHA1_GROUP(16, 3); SHA1_GROUP(17, 3); SHA1_GROUP(18, 3); SHA1_GROUP(19, 3);
    /* E after the last group is ROL30 of A before it: sha1nexte adds it to lane 3 of the second operand. */
    __m128i e_out = _mm_sha1nexte_epu32(before, _mm_set_epi32((int)h[4], 0, 0, 0));
    abcd = _mm_add_epi32(abcd, start);
    uint32_t lanes[4], digest[5];
    memcpy(lanes, &abcd, 16);
    for (int k = 0; k < 4; k++) digest[k] = lanes[3 - k];
    memcpy(lanes, &e_out, 16);
    digest[4] = lanes[3];
    uint8_t got[20];
    static const uint8_t want[20] = { 0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
                                      0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d };
    words_to_bytes(digest, 5, got);
    check("SHA-1(\"abc\") (sha1rnds4, sha1nexte, sha1msg1, sha1msg2)", got, want, 20);
}

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_known_answer(void)
{
    uint32_t w[16], h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    abc_block(w);
    __m128i msg[16];
    for (int g = 0; g < 4; g++) memcpy(&msg[g], &w[4 * g], 16); /* lane k = w[4g+k] */
    for (int g = 4; g < 16; g++) {
        /* w[t-7] for t = 4g..4g+3: lanes 1-3 of group g-2 and lane 0 of group g-1 (SSE2 instead of palignr). */
        __m128i w7 = _mm_or_si128(_mm_srli_si128(msg[g - 2], 4), _mm_slli_si128(msg[g - 1], 12));
        msg[g] = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(msg[g - 4], msg[g - 3]), w7), msg[g - 1]);
    }
    __m128i abef = _mm_set_epi32((int)h[0], (int)h[1], (int)h[4], (int)h[5]);
    __m128i cdgh = _mm_set_epi32((int)h[2], (int)h[3], (int)h[6], (int)h[7]);
    HIDE(abef);
    __m128i abef0 = abef, cdgh0 = cdgh;
    for (int g = 0; g < 16; g++) {
        __m128i k;
        memcpy(&k, &sha256_k[4 * g], 16);
        __m128i wk = _mm_add_epi32(msg[g], k);
        /* After two rounds the old A,B,E,F are the new C,D,G,H. */
        __m128i abef1 = _mm_sha256rnds2_epu32(cdgh, abef, wk);
        __m128i abef2 = _mm_sha256rnds2_epu32(abef, abef1, _mm_srli_si128(wk, 8));
        cdgh = abef1;
        abef = abef2;
    }
    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
    uint32_t x[4], y[4], digest[8];
    memcpy(x, &abef, 16);
    memcpy(y, &cdgh, 16);
    digest[0] = x[3]; digest[1] = x[2]; digest[2] = y[3]; digest[3] = y[2];
    digest[4] = x[1]; digest[5] = x[0]; digest[6] = y[1]; digest[7] = y[0];
    uint8_t got[32];
    static const uint8_t want[32] = { 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                      0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };
    words_to_bytes(digest, 8, got);
    check("SHA-256(\"abc\") (sha256rnds2, sha256msg1, sha256msg2)", got, want, 32);
}

/* GF(2^128) check of pclmulqdq from its definition: (x^64 + 1) * (x^64 + x) = x^128 + x^65 + x^64 + x. */
static void clmul_known_answer(void)
{
    __m128i a = _mm_set_epi64x(1, 1), b = _mm_set_epi64x(1, 2);
    HIDE(a);
    __m128i lo = _mm_clmulepi64_si128(a, b, 0x00), mid1 = _mm_clmulepi64_si128(a, b, 0x01);
    __m128i mid2 = _mm_clmulepi64_si128(a, b, 0x10), hi = _mm_clmulepi64_si128(a, b, 0x11);
    __m128i middle = _mm_xor_si128(mid1, mid2);
    uint64_t q[8];
    memcpy(q, &lo, 16); memcpy(q + 2, &middle, 16); memcpy(q + 4, &hi, 16);
    /* product = lo + middle·x^64 + hi·x^128: lo = x, middle = 1 + x, hi = 1 */
    static const uint64_t want[6] = { 2, 0, 3, 0, 1, 0 };
    check("pclmulqdq (x^64+1)(x^64+x) = x^128+x^65+x^64+x", (const uint8_t *)q, (const uint8_t *)want, 48);
    /* all ones squared: carry-less, every second bit */
    __m128i ones = _mm_set1_epi64x(-1);
    HIDE(ones);
    __m128i sq = _mm_clmulepi64_si128(ones, ones, 0x11);
    static const uint64_t want_sq[2] = { 0x5555555555555555ull, 0x5555555555555555ull };
    memcpy(q, &sq, 16);
    check("pclmulqdq (2^64-1)^2", (const uint8_t *)q, (const uint8_t *)want_sq, 16);
}

/* The guest CPU must advertise the extensions (docs/cpuid.md); this host has them too. */
static void cpuid_bits(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    puts_("cpuid aes="); dec_((c >> 25) & 1); puts_(" pclmulqdq="); dec_((c >> 1) & 1);
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
    puts_(" sha="); dec_((b >> 29) & 1); puts_("\n");
}

int main(void)
{
    cpuid_bits();
    fill_pool();
    random_vectors();
    aes128_known_answer();
    sha1_known_answer();
    sha256_known_answer();
    clmul_known_answer();
    return failures ? 1 : 0;
}
