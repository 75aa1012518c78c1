#include <stdio.h>
#include <stdint.h>

static volatile int ints[] = {0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, 65535, 65536, -32768, -32769, 0x12345678, -0x12345678};

static int sum_chars(const signed char *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
static unsigned sum_uchars(const unsigned char *p, int n) { unsigned s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }

int main(void)
{
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        int v = ints[i];
        signed char sc = (signed char)v;
        unsigned char uc = (unsigned char)v;
        short ss = (short)v;
        unsigned short us = (unsigned short)v;
        char pc = (char)v;
        printf("%d: sc=%d uc=%u ss=%d us=%u char=%d sc->u=%u ss->u=%u uc->s=%d us->ll=%lld ss->ull=%llu\n",
               v, sc, uc, ss, us, pc, (unsigned)sc, (unsigned)ss, (int)(signed char)uc, (long long)us,
               (unsigned long long)ss);
    }
    signed char sarr[64]; unsigned char uarr[64];
    for (int i = 0; i < 64; i++) { sarr[i] = (signed char)(i * 37); uarr[i] = (unsigned char)(i * 37); }
    printf("sum signed=%d unsigned=%u\n", sum_chars(sarr, 64), sum_uchars(uarr, 64));
    unsigned char a = 200, b = 100;
    printf("uchar add=%d wrapped=%u\n", a + b, (unsigned char)(a + b));
    signed char x = 100, y = 100;
    printf("schar add=%d wrapped=%d\n", x + y, (signed char)(x + y));
    unsigned short m = 60000;
    printf("ushort mul=%d\n", m * 2);
    int neg = -1;
    unsigned int un = 1;
    printf("signed/unsigned compare: %d\n", neg < (int)un ? 1 : 0);
    printf("mixed compare (unsigned promotion): %d\n", (unsigned)neg > un);
    long long ll = -5;
    unsigned u32 = 3;
    printf("ll + u32 = %lld\n", ll + u32);
    uint8_t bytes[] = {0x80, 0x7f, 0xff, 0x00, 0x01};
    for (int i = 0; i < 5; i++) {
        int8_t s8 = (int8_t)bytes[i];
        int16_t s16 = s8;
        int32_t s32 = s16;
        int64_t s64 = s32;
        printf("byte %02x -> %d %d %d %lld shifted %d %u\n", bytes[i], s8, s16, s32, (long long)s64, s8 << 4, (unsigned)bytes[i] << 24);
    }
    double ds[] = {0.0, 0.5, -0.5, 1.9999, -1.9999, 127.9, 255.5, 65535.9, 2147483647.0, -2147483648.0, 4294967295.0, 1e15, -1e15};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        double d = ds[i];
        long long l = (long long)d;
        int iv = (d >= -2147483648.0 && d <= 2147483647.0) ? (int)d : 0;
        unsigned uv = (d >= 0 && d <= 4294967295.0) ? (unsigned)d : 0;
        unsigned long long ul = d >= 0 ? (unsigned long long)d : 0;
        printf("%.4f -> int=%d uint=%u ll=%lld ull=%llu float=%.4f\n", d, iv, uv, l, ul, (double)(float)d);
    }
    unsigned long long bigs[] = {0, 1, 0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL, 9007199254740993ULL};
    for (int i = 0; i < 6; i++)
        printf("ull %llu -> double %.1f float %.1f\n", bigs[i], (double)bigs[i], (double)(float)bigs[i]);
    long long sll[] = {-1, -9007199254740993LL, 0x7fffffffffffffffLL, -0x7fffffffffffffffLL - 1};
    for (int i = 0; i < 4; i++)
        printf("ll %lld -> double %.1f\n", sll[i], (double)sll[i]);
    float f = 16777217.0f;
    printf("float of int 16777217=%.1f int of it=%d\n", (double)f, (int)f);
    printf("bool conv: %d %d %d %d\n", (_Bool)0, (_Bool)5, (_Bool)0.1, (_Bool)-1);
    return 0;
}
