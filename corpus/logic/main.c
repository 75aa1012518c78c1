#include <stdio.h>
#include <stdbool.h>

static int calls;
static bool t(int id) { calls += id; return true; }
static bool f(int id) { calls += id * 100; return false; }

static bool is_prime(int n)
{
    if (n < 2) return false;
    for (int i = 2; i * i <= n; i++) if (n % i == 0) return false;
    return true;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static const char *sign_str(int v) { return v > 0 ? "pos" : v < 0 ? "neg" : "zero"; }

int main(void)
{
    calls = 0;
    bool r1 = t(1) || f(2);
    bool r2 = f(3) && t(4);
    bool r3 = (t(5) && f(6)) || (f(7) || t(8));
    bool r4 = !(f(9) || f(10)) && t(11);
    printf("r=%d%d%d%d calls=%d\n", r1, r2, r3, r4, calls);
    int count = 0;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 2; c++) {
                bool e1 = (a && b) || c, e2 = a ^ b ^ c, e3 = (a || !b) && (!c || b);
                bool e4 = a ? b : c;
                printf("%d%d%d: %d %d %d %d\n", a, b, c, e1, e2, e3, e4);
                count += e1 + e2 + e3 + e4;
            }
    printf("count=%d\n", count);
    int primes = 0, sum = 0;
    for (int i = 0; i < 5000; i++) {
        bool p = is_prime(i);
        primes += p;
        sum += p ? i : (i % 2 == 0 && i % 3 == 0) ? -1 : 0;
    }
    printf("primes=%d sum=%d\n", primes, sum);
    for (int v = -15; v <= 15; v += 5) printf("%d:%d:%s ", v, clamp(v, -7, 9), sign_str(v));
    printf("\n");
    int x = 0;
    for (int i = 0; i < 100; i++) {
        x += (i & 1) ? (i % 3 ? 1 : 2) : (i % 5 ? -1 : 7);
        x = x > 50 ? x - 25 : x;
    }
    printf("x=%d\n", x);
    unsigned flags = 0;
    for (int i = 0; i < 32; i++) if (is_prime(i) && (i & 2)) flags |= 1u << i;
    printf("flags=%08x any=%d all=%d\n", flags, flags != 0, flags == 0xffffffffu);
    int lo = 3, hi = 9, v = 7;
    printf("range %d %d %d\n", lo <= v && v <= hi, v < lo || v > hi, !(v == lo) != !(v == hi));
    double d = 0.5;
    printf("dcmp %d %d %d\n", d > 0.25 && d < 0.75, d == 0.5 ? 10 : 20, (d != d) || (d >= 0.5));
    int minv = 1000, maxv = -1000;
    int vals[] = {5, -3, 99, 42, -77, 0, 13};
    for (int i = 0; i < 7; i++) {
        minv = vals[i] < minv ? vals[i] : minv;
        maxv = vals[i] > maxv ? vals[i] : maxv;
    }
    printf("min=%d max=%d\n", minv, maxv);
    return 0;
}
