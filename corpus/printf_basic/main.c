#include <stdio.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>

int main(void)
{
    int ints[] = {0, 1, -1, 42, -42, 127, -128, 255, 65535, INT_MAX, INT_MIN, 123456789};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        int v = ints[i];
        printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%u] [%x] [%X] [%#x] [%o] [%#o] [%.3d] [%8.4x]\n",
               v, v, v, v, v, v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
               (unsigned)v, (unsigned)v, v, (unsigned)v);
    }
    long longs[] = {0L, -1L, LONG_MAX, LONG_MIN, 1234567L};
    for (unsigned i = 0; i < sizeof longs / sizeof longs[0]; i++)
        printf("ld=%ld lu=%lu lx=%lx\n", longs[i], (unsigned long)longs[i], (unsigned long)longs[i]);
    long long lls[] = {0LL, -1LL, LLONG_MAX, LLONG_MIN, 9876543210LL, -9876543210LL, 1LL << 40};
    for (unsigned i = 0; i < sizeof lls / sizeof lls[0]; i++)
        printf("lld=%lld llu=%llu llx=%llx %20lld|%-20lld|\n", lls[i], (unsigned long long)lls[i],
               (unsigned long long)lls[i], lls[i], lls[i]);
    printf("zu=%zu td=%td jd=%jd\n", sizeof(long), (ptrdiff_t)-7, (intmax_t)-123456789012LL);
    printf("hd=%hd hhd=%hhd hu=%hu hhu=%hhu\n", (short)-3, (signed char)-100, (unsigned short)60000, (unsigned char)200);

    const char *strs[] = {"", "a", "hello", "The quick brown fox jumps over the lazy dog"};
    for (unsigned i = 0; i < sizeof strs / sizeof strs[0]; i++)
        printf("[%s] [%10s] [%-10s] [%.3s] [%10.2s] [%*s] [%-*s]\n", strs[i], strs[i], strs[i], strs[i],
               strs[i], 6, strs[i], 6, strs[i]);
    for (int c = 32; c < 127; c++)
        putchar(c);
    putchar('\n');
    printf("[%c] [%3c] [%-3c] [%%]\n", 'x', 'y', 'z');
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%d-%s-%c", 77, "snp", 'Q');
    printf("snprintf returned %d: %s\n", n, buf);
    n = printf("counting chars\n");
    printf("printf returned %d\n", n);
    return 0;
}
