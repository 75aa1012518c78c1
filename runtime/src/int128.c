/* 128-bit division helpers that LLVM calls for x86 64-bit div/idiv (rdx:rax / r64). No compiler-rt for
 * aarch64 is installed here, so the runtime carries its own. */
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

static int clz128(u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)v);
}

static u128 udivmod128(u128 n, u128 d, u128 *rem)
{
    if (d == 0) { if (rem) *rem = 0; return 0; }   /* callers check for #DE before dividing */
    if ((n >> 64) == 0 && (d >> 64) == 0) {
        uint64_t q = (uint64_t)n / (uint64_t)d;
        if (rem) *rem = (uint64_t)n - q * (uint64_t)d;
        return q;
    }
    if (d > n) { if (rem) *rem = n; return 0; }
    int shift = clz128(d) - clz128(n);
    u128 q = 0;
    d <<= shift;
    for (int i = 0; i <= shift; i++) {
        q <<= 1;
        if (n >= d) { n -= d; q |= 1; }
        d >>= 1;
    }
    if (rem) *rem = n;
    return q;
}

u128 __udivti3(u128 n, u128 d) { return udivmod128(n, d, 0); }
u128 __umodti3(u128 n, u128 d) { u128 r; udivmod128(n, d, &r); return r; }

s128 __divti3(s128 n, s128 d)
{
    int neg = (n < 0) != (d < 0);
    u128 q = udivmod128(n < 0 ? -(u128)n : (u128)n, d < 0 ? -(u128)d : (u128)d, 0);
    return neg ? -(s128)q : (s128)q;
}

s128 __modti3(s128 n, s128 d)
{
    u128 r;
    udivmod128(n < 0 ? -(u128)n : (u128)n, d < 0 ? -(u128)d : (u128)d, &r);
    return n < 0 ? -(s128)r : (s128)r;
}
