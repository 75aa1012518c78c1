#include <stdio.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned long ack(unsigned long m, unsigned long n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static long long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }

static int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

static void hanoi(int n, char from, char to, char via, int *moves, int print)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to, moves, print);
    ++*moves;
    if (print) printf("move %d %c->%c\n", n, from, to);
    hanoi(n - 1, via, to, from, moves, print);
}

static int perm_count;
static void permute(char *s, int k, int n)
{
    if (k == n) {
        if (perm_count < 8) printf("%s ", s);
        perm_count++;
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

static int depth(int n, volatile char *prev)
{
    volatile char local[64];
    local[0] = (char)n;
    (void)prev;
    if (n == 0) return 0;
    return 1 + depth(n - 1, local) + (local[0] == (char)n ? 0 : 1000);
}

int main(void)
{
    for (int i = 0; i <= 24; i++)
        printf("fib(%d)=%d\n", i, fib(i));
    for (unsigned long m = 0; m <= 2; m++)
        for (unsigned long n = 0; n <= 4; n++)
            printf("ack(%lu,%lu)=%lu\n", m, n, ack(m, n));
    printf("ack(3,3)=%lu\n", ack(3, 3));
    printf("even(1001)=%d odd(777)=%d even(5000)=%d\n", is_even(1001), is_odd(777), is_even(5000));
    for (int i = 0; i <= 20; i += 5)
        printf("fact(%d)=%lld\n", i, fact(i));
    printf("gcd(1071,462)=%d gcd(17,5)=%d\n", gcd(1071, 462), gcd(17, 5));
    int moves = 0;
    hanoi(3, 'A', 'C', 'B', &moves, 1);
    moves = 0;
    hanoi(16, 'A', 'C', 'B', &moves, 0);
    printf("hanoi(16) moves=%d\n", moves);
    char s[] = "abcde";
    permute(s, 0, 5);
    printf("\nperms=%d\n", perm_count);
    printf("depth=%d\n", depth(5000, 0));
    return 0;
}
