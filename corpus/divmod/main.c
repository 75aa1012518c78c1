#include <stdio.h>
#include <limits.h>

static volatile int ivals[] = {0, 1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 100, -100, 12345, -12345, INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1};
static volatile unsigned uvals[] = {0, 1, 2, 3, 7, 10, 0x7fffffffu, 0x80000000u, 0xffffffffu, 4000000000u};

int main(void)
{
    int n = sizeof ivals / sizeof ivals[0];
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            int a = ivals[i], b = ivals[j];
            if (b == 0 || (a == INT_MIN && b == -1)) continue;
            if (j % 3 == 0 || i % 5 == 0)
                printf("%d/%d=%d %d%%%d=%d\n", a, b, a / b, a, b, a % b);
        }
    }
    int nu = sizeof uvals / sizeof uvals[0];
    for (int i = 0; i < nu; i++)
        for (int j = 1; j < nu; j++)
            printf("%u/%u=%u r%u ", uvals[i], uvals[j], uvals[i] / uvals[j], uvals[i] % uvals[j]);
    printf("\n");
    /* constant divisors (strength-reduced by the compiler) */
    for (int i = 0; i < n; i++) {
        int a = ivals[i];
        printf("%d: /3=%d %%3=%d /7=%d %%7=%d /10=%d /16=%d %%16=%d /-5=%d /1000=%d\n", a, a / 3, a % 3, a / 7, a % 7, a / 10, a / 16, a % 16, a / -5, a / 1000);
    }
    for (int i = 0; i < nu; i++) {
        unsigned a = uvals[i];
        printf("%u: /3=%u /7=%u %%7=%u /10=%u /16=%u %%1000=%u\n", a, a / 3, a / 7, a % 7, a / 10, a / 16, a % 1000);
    }
    short s = -300; signed char c = -100; unsigned short us = 65000;
    printf("short: %d %d %d %d\n", s / 7, s % 7, c / 3, us / 7);
    /* floor division helpers */
    for (int a = -7; a <= 7; a += 7)
        for (int b = -3; b <= 3; b += 6) {
            int q = a / b, r = a % b;
            if (r != 0 && ((r < 0) != (b < 0))) { q--; r += b; }
            printf("floordiv(%d,%d)=%d mod=%d\n", a, b, q, r);
        }
    return 0;
}
