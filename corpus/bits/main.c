#include <stdio.h>
#include <stdint.h>

static uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> ((32 - r) & 31)); }
static uint32_t rotr32(uint32_t x, unsigned r) { return (x >> (r & 31)) | (x << ((32 - r) & 31)); }
static uint64_t rotl64(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> ((64 - r) & 63)); }
static uint16_t rotl16(uint16_t x, unsigned r) { r &= 15; return (uint16_t)((x << r) | (x >> ((16 - r) & 15))); }

static unsigned naive_popcount(uint64_t x) { unsigned c = 0; while (x) { c += x & 1; x >>= 1; } return c; }

static uint32_t reverse_bits(uint32_t x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    return __builtin_bswap32(x);
}

int main(void)
{
    volatile uint32_t v32[] = {1, 2, 3, 0x80000000u, 0xffffffffu, 0x12345678u, 0xf0f0f0f0u, 0x00010000u, 0x7fffffffu, 6};
    volatile uint64_t v64[] = {1, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0123456789abcdefULL, 0x100000000ULL, 0xf000000000000001ULL};
    for (unsigned i = 0; i < sizeof v32 / sizeof v32[0]; i++) {
        uint32_t x = v32[i];
        printf("%08x pop=%d clz=%d ctz=%d ffs=%d parity=%d clrsb=%d bswap=%08x rev=%08x rotl5=%08x rotr9=%08x\n",
               x, __builtin_popcount(x), __builtin_clz(x), __builtin_ctz(x), __builtin_ffs((int)x),
               __builtin_parity(x), __builtin_clrsb((int)x), __builtin_bswap32(x), reverse_bits(x),
               rotl32(x, 5), rotr32(x, 9));
    }
    for (unsigned i = 0; i < sizeof v64 / sizeof v64[0]; i++) {
        uint64_t x = v64[i];
        printf("%016llx pop=%d/%u clz=%d ctz=%d bswap=%016llx rotl13=%016llx\n", (unsigned long long)x,
               __builtin_popcountll(x), naive_popcount(x), __builtin_clzll(x), __builtin_ctzll(x),
               (unsigned long long)__builtin_bswap64(x), (unsigned long long)rotl64(x, 13));
    }
    printf("bswap16=%04x rotl16=%04x\n", __builtin_bswap16(0x1234), rotl16(0x8001, 3));
    uint32_t x = 0xdeadbeef;
    printf("and=%08x or=%08x xor=%08x not=%08x andn=%08x\n", x & 0x0ff0, x | 0x0ff0, x ^ 0xffff0000u, ~x, x & ~0xf0f0f0f0u);
    printf("lowest set=%08x clear lowest=%08x isolate=%08x\n", x & -x, x & (x - 1), x ^ (x & (x - 1)));
    int32_t sx = -12345;
    printf("sar=%d shr=%u sign=%d\n", sx >> 3, (uint32_t)sx >> 3, sx >> 31);
    uint32_t h = 0;
    for (uint32_t i = 0; i < 10000; i++) {
        h ^= rotl32(h, 7) + i * 0x9e3779b9u;
        h = (h >> 3) | (h << 29);
        h += (uint32_t)__builtin_popcount(h ^ i);
    }
    printf("mix=%08x\n", h);
    struct { unsigned a : 3, b : 5, c : 12, d : 12; } bf = {5, 17, 3000, 4095};
    bf.a += 4; bf.b ^= 31; bf.c -= 1; bf.d++;
    printf("bitfields a=%u b=%u c=%u d=%u\n", bf.a, bf.b, bf.c, bf.d);
    struct { signed int s : 4; int t : 7; } sb = {-3, 50};
    sb.s -= 6; sb.t += 20;
    printf("signed bitfields s=%d t=%d\n", sb.s, sb.t);
    unsigned char bytes[8];
    uint64_t packed = 0x0807060504030201ULL;
    for (int i = 0; i < 8; i++) bytes[i] = (unsigned char)(packed >> (8 * i));
    printf("bytes:");
    for (int i = 0; i < 8; i++) printf(" %02x", bytes[i]);
    printf("\n");
    return 0;
}
