#include <stdio.h>
#include <stdint.h>
#include <limits.h>

static volatile long long vals[] = {0, 1, -1, 2, -2, 7, -7, 1000000007LL, -1000000007LL,
    0x123456789abcdefLL, -0x123456789abcdefLL, LLONG_MAX, LLONG_MIN + 1, 4294967296LL, 4294967295LL,
    -4294967296LL, 0x7fffffffLL, 0x80000000LL, 12345678901234LL};
static volatile unsigned long long uvals[] = {0, 1, 2, 3, 10, 0xffffffffULL, 0x100000000ULL,
    0xffffffffffffffffULL, 0x8000000000000000ULL, 0xdeadbeefcafebabeULL, 1000000000000000000ULL, 7777777};

int main(void)
{
    int nv = sizeof vals / sizeof vals[0], nu = sizeof uvals / sizeof uvals[0];
    unsigned long long h = 0;
    for (int i = 0; i < nv; i++)
        for (int j = 0; j < nv; j++) {
            long long a = vals[i], b = vals[j];
            long long p = (long long)((unsigned long long)a * (unsigned long long)b);
            long long q = 0, r = 0;
            if (b != 0 && !(a == LLONG_MIN && b == -1)) { q = a / b; r = a % b; }
            h = h * 1099511628211ULL ^ (unsigned long long)p;
            h = h * 1099511628211ULL ^ (unsigned long long)q;
            h = h * 1099511628211ULL ^ (unsigned long long)r;
            if (i % 4 == 0 && j % 3 == 0)
                printf("%lld*%lld=%lld /=%lld %%=%lld cmp=%d\n", a, b, p, q, r, (a > b) - (a < b));
        }
    printf("signed hash=%016llx\n", h);
    h = 0;
    for (int i = 0; i < nu; i++)
        for (int j = 0; j < nu; j++) {
            unsigned long long a = uvals[i], b = uvals[j];
            unsigned long long p = a * b, q = b ? a / b : 0, r = b ? a % b : 0;
            h = (h ^ p) * 0x100000001b3ULL + q + (r << 1);
            if (i % 3 == 0 && j % 4 == 1)
                printf("%llu*%llu=%llu /=%llu %%=%llu lt=%d\n", a, b, p, q, r, a < b);
        }
    printf("unsigned hash=%016llx\n", h);
    for (int s = 0; s < 64; s += 7) {
        long long a = vals[9], n = vals[10];
        unsigned long long u = uvals[9];
        printf("s=%d shl=%llx sar=%llx shr=%llx nsar=%lld\n", s, (unsigned long long)a << s, (unsigned long long)(a >> s), u >> s, n >> s);
    }
    volatile int sh = 37;
    printf("var shift: %llx %llx %lld\n", uvals[9] << sh, uvals[9] >> sh, vals[10] >> sh);
    long long acc = 1;
    for (int i = 0; i < 60; i++) acc = acc * 3 + (acc >> 5) - i;
    printf("acc=%lld\n", acc);
    unsigned long long fibs[94];
    fibs[0] = 0; fibs[1] = 1;
    for (int i = 2; i < 94; i++) fibs[i] = fibs[i - 1] + fibs[i - 2];
    printf("fib93=%llu\n", fibs[93]);
    int32_t x = -123456; uint32_t ux = 4000000000u;
    printf("widen %lld %llu %lld %lld\n", (long long)x, (unsigned long long)ux, (long long)(int32_t)ux, (long long)x * ux);
    printf("narrow %d %u\n", (int)(vals[9]), (unsigned)(uvals[9]));
    unsigned long long mod = 1000000007ULL, base = 123456789, e = 1000000, res = 1;
    while (e) { if (e & 1) res = res * base % mod; base = base * base % mod; e >>= 1; }
    printf("powmod=%llu\n", res);
    printf("neg=%lld abs=%lld not=%llx\n", -vals[11], vals[10] < 0 ? -vals[10] : vals[10], ~uvals[9]);
#ifdef __x86_64__
    unsigned __int128 big = (unsigned __int128)uvals[9] * uvals[7];
    printf("int128 hi=%016llx lo=%016llx\n", (unsigned long long)(big >> 64), (unsigned long long)big);
    __int128 sb = (__int128)vals[11] * vals[12];
    __int128 qq = sb / 1000000007;
    printf("int128 signed hi=%lld lo=%llu q_lo=%llu\n", (long long)(sb >> 64), (unsigned long long)sb, (unsigned long long)qq);
    unsigned __int128 d = big / 0x123456789ULL, m = big % 0x123456789ULL;
    printf("int128 div=%016llx%016llx mod=%llu\n", (unsigned long long)(d >> 64), (unsigned long long)d, (unsigned long long)m);
#else
    puts("no int128 on this target");
#endif
    return 0;
}
