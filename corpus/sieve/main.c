#include <stdio.h>
#include <string.h>

#define LIMIT 2000000

static unsigned char composite[LIMIT + 1];

int main(void)
{
    memset(composite, 0, sizeof composite);
    composite[0] = composite[1] = 1;
    for (long i = 2; i * i <= LIMIT; i++)
        if (!composite[i])
            for (long j = i * i; j <= LIMIT; j += i)
                composite[j] = 1;
    int count = 0;
    long long sum = 0;
    int last = 0, twins = 0, prev = 0, maxgap = 0;
    for (int i = 2; i <= LIMIT; i++) {
        if (composite[i]) continue;
        count++;
        sum += i;
        if (prev && i - prev == 2) twins++;
        if (prev && i - prev > maxgap) maxgap = i - prev;
        prev = i;
        last = i;
        if (count <= 30) printf("%d ", i);
    }
    printf("\ncount=%d sum=%lld last=%d twins=%d maxgap=%d\n", count, sum, last, twins, maxgap);
    static const int checkpoints[] = {10, 100, 1000, 10000, 100000, 1000000, LIMIT};
    int c = 0, k = 0;
    for (int i = 0; i <= LIMIT && k < 7; i++) {
        if (!composite[i]) c++;
        if (i == checkpoints[k]) { printf("pi(%d)=%d\n", i, c); k++; }
    }
    return 0;
}
