/* Differential test of the x87 transcendental instructions (fsin, fcos, fsincos, fptan, fpatan, fyl2x, fyl2xp1,
 * f2xm1): each runs over a few hundred 80-bit arguments (small, large, near multiples of pi/2, denormal, +-0,
 * +-inf, NaN, |x| >= 2^63) and prints its results and status word in hex, one line per case:
 *   <op> <S|R|U> <arguments> : <results> <fsw>
 * S = special operand (exact result required), R = regular finite operand (the hardware is not correctly rounded,
 * so a small share may differ by one ulp or in C1), U = outside the documented domain (reported only).
 * Freestanding (-nostdlib): gcc -static -nostdlib -O2 for x86-64, i686-linux-gnu-gcc for i386. */
#include <stdint.h>

typedef struct { uint64_t m; uint16_t se; } f80;

static char out_buf[8192];
static unsigned out_len;

static void flush(void)
{
#ifdef __x86_64__
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(1L), "D"(1L), "S"(out_buf), "d"((long)out_len) : "rcx", "r11", "memory");
#else
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(4L), "b"(1L), "c"(out_buf), "d"((long)out_len) : "memory");
#endif
    out_len = 0;
}

static void put(const char *s)
{
    while (*s) {
        if (out_len == sizeof out_buf) flush();
        out_buf[out_len++] = *s++;
    }
}

static void hex(uint64_t v, int digits)
{
    char t[17];
    for (int i = digits - 1; i >= 0; i--) { t[i] = "0123456789abcdef"[v & 15]; v >>= 4; }
    t[digits] = 0;
    put(t);
}

static void put80(f80 v)
{
    put(" ");
    hex(v.se, 4);
    put(":");
    hex(v.m, 16);
}

static uint64_t rs = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }

static f80 mk(unsigned se, uint64_t m) { f80 v = { m, (uint16_t)se }; return v; }
static f80 neg(f80 v) { v.se ^= 0x8000; return v; }
static f80 rand_val(int emin, int emax)
{
    f80 v = mk(16383 + emin + (int)((uint32_t)rnd() % (uint32_t)(emax - emin + 1)), rnd() | 1ULL << 63);
    return rnd() & 1 ? neg(v) : v;
}

/* k * pi/2 rounded to 64 bits, plus d ulps (the x87's 68-bit pi/2 is 0xc90fdaa22168c234c * 2^-67); 32-bit limbs
 * because i386 has no 128-bit integers. */
static f80 near_half_pi(uint64_t k, int d)
{
    static const uint32_t p[3] = { 0x168c234c, 0x90fdaa22, 0xc };
    uint32_t kk[2] = { (uint32_t)k, (uint32_t)(k >> 32) }, prod[5] = { 0 };
    for (int i = 0; i < 3; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 2; j++) {
            uint64_t t = (uint64_t)p[i] * kk[j] + prod[i + j] + carry;
            prod[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        prod[i + 2] += (uint32_t)carry;
    }
    /* value = prod * 2^-67: find the top bit, take 64 bits below it rounded to nearest */
    int top = 159;
    while (!((prod[top / 32] >> (top % 32)) & 1)) top--;
    uint64_t m = 0;
    for (int b = top; b > top - 64; b--) m = m << 1 | (b >= 0 ? (prod[b / 32] >> (b % 32)) & 1 : 0);
    int guard = top - 64;
    if (guard >= 0 && ((prod[guard / 32] >> (guard % 32)) & 1)) m++;
    return mk((unsigned)(16383 + top - 67), m + (uint64_t)(int64_t)d);
}

enum { OP_SIN, OP_COS, OP_SINCOS, OP_TAN, OP_ATAN, OP_YL2X, OP_YL2XP1, OP_2XM1 };
static const char *const names[] = { "fsin", "fcos", "fsincos", "fptan", "fpatan", "fyl2x", "fyl2xp1", "f2xm1" };

/* Runs op with ST0 = x (and ST1 = y for the two-operand ones) under control word cw. */
static void run(int op, char kind, f80 x, f80 y, uint16_t cw)
{
    f80 r0 = { 0, 0 }, r1 = { 0, 0 };
    uint16_t sw = 0;
    int two_results = op == OP_SINCOS || op == OP_TAN;
    int binary = op == OP_ATAN || op == OP_YL2X || op == OP_YL2XP1;
    __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
    if (binary) __asm__ volatile("fldt %0" : : "m"(y));
    __asm__ volatile("fldt %0" : : "m"(x));
    switch (op) {
    case OP_SIN: __asm__ volatile("fsin\n\tfnstsw %0" : "=m"(sw)); break;
    case OP_COS: __asm__ volatile("fcos\n\tfnstsw %0" : "=m"(sw)); break;
    case OP_SINCOS: __asm__ volatile("fsincos\n\tfnstsw %0" : "=m"(sw)); break;
    case OP_TAN: __asm__ volatile("fptan\n\tfnstsw %0" : "=m"(sw)); break;
    case OP_ATAN: __asm__ volatile("fpatan\n\tfnstsw %0" : "=m"(sw)); break;
    case OP_YL2X: __asm__ volatile("fyl2x\n\tfnstsw %0" : "=m"(sw)); break;
    case OP_YL2XP1: __asm__ volatile("fyl2xp1\n\tfnstsw %0" : "=m"(sw)); break;
    default: __asm__ volatile("f2xm1\n\tfnstsw %0" : "=m"(sw)); break;
    }
    /* fsincos/fptan leave one register when the operand is out of range (C2 set) */
    if (two_results && !(sw & 0x400)) __asm__ volatile("fstpt %0\n\tfstpt %1" : "=m"(r1), "=m"(r0));
    else __asm__ volatile("fstpt %0" : "=m"(r0));
    /* fptan of finite non-zero operands is not correctly rounded on the hardware (tan(1) is one ulp up) */
    if (op == OP_TAN && kind == 'S' && (x.se & 0x7fff) != 0 && (x.se & 0x7fff) != 0x7fff && (x.m >> 63)) kind = 'R';
    put(names[op]);
    put(kind == 'S' ? " S" : kind == 'R' ? " R" : " U");
    if (cw != 0x037f) { put(" cw="); hex(cw, 4); }
    put80(x);
    if (binary) put80(y);
    put(" :");
    put80(r0);
    if (two_results) put80(r1);
    put(" ");
    hex(sw, 4);
    put("\n");
}

static const f80 zero = { 0, 0 }, one = { 1ULL << 63, 0x3fff }, inf = { 1ULL << 63, 0x7fff };
static const f80 qnan = { 0xc000000000001234ULL, 0x7fff }, snan = { 0xa000000000000001ULL, 0x7fff };
static const f80 indefinite = { 0xc000000000000000ULL, 0xffff }, denormal = { 0x0000000012345678ULL, 0 };
static const f80 min_normal = { 1ULL << 63, 1 }, unnormal = { 0x4000000000000000ULL, 0x3fff };

static const f80 *const specials[] = { &zero, &one, &inf, &qnan, &snan, &indefinite, &denormal, &min_normal, &unnormal };
#define NSPECIAL (int)(sizeof specials / sizeof specials[0])

static void trig(int op)
{
    for (int i = 0; i < NSPECIAL; i++) {
        run(op, 'S', *specials[i], zero, 0x037f);
        run(op, 'S', neg(*specials[i]), zero, 0x037f);
    }
    /* out of range: |x| >= 2^63 leaves the operand with C2 set */
    run(op, 'S', mk(16383 + 63, 1ULL << 63), zero, 0x037f);
    run(op, 'S', mk(0x8000 | (16383 + 63), 0xc90fdaa22168c234ULL), zero, 0x037f);
    run(op, 'S', mk(16383 + 1000, 0xdeadbeef12345678ULL), zero, 0x037f);
    run(op, 'S', mk(16383 - 40, 0xc90fdaa22168c234ULL), zero, 0x037f);
    run(op, 'S', mk(16383 - 16000, 0x8000000000000001ULL), zero, 0x037f);
    run(op, 'R', mk(16383 + 62, ~0ULL), zero, 0x037f);
    static const uint64_t ks[] = { 1, 2, 3, 4, 5, 7, 10, 100, 1000, 123456, 1ULL << 20, 1ULL << 40, (1ULL << 61) + 1 };
    for (unsigned i = 0; i < sizeof ks / sizeof ks[0]; i++)
        for (int d = -2; d <= 2; d++) run(op, 'R', near_half_pi(ks[i], d), zero, 0x037f);
    for (int i = 0; i < 200; i++) run(op, 'R', rand_val(-30, 62), zero, 0x037f);
    for (int i = 0; i < 60; i++) run(op, 'R', rand_val(-3, 2), zero, 0x037f);
    for (int rc = 1; rc <= 3; rc++)
        for (int i = 0; i < 10; i++) run(op, 'R', rand_val(-3, 20), zero, (uint16_t)(0x037f | rc << 10));
}

static void f2xm1(void)
{
    for (int i = 0; i < NSPECIAL; i++) {
        run(OP_2XM1, 'S', *specials[i], zero, 0x037f);
        run(OP_2XM1, 'S', neg(*specials[i]), zero, 0x037f);
    }
    run(OP_2XM1, 'S', mk(16383 - 16000, 0x8000000000000001ULL), zero, 0x037f);
    run(OP_2XM1, 'S', mk(0x8000 | (16383 - 70), 0xa000000000000001ULL), zero, 0x037f);
    for (int i = 0; i < 200; i++) run(OP_2XM1, 'R', rand_val(-40, -1), zero, 0x037f);
    for (int i = 0; i < 40; i++) run(OP_2XM1, 'R', rand_val(-3, -1), zero, 0x037f);
    for (int rc = 1; rc <= 3; rc++)
        for (int i = 0; i < 10; i++) run(OP_2XM1, 'R', rand_val(-10, -1), zero, (uint16_t)(0x037f | rc << 10));
    for (int i = 0; i < 10; i++) run(OP_2XM1, 'U', rand_val(0, 8), zero, 0x037f);
}

/* Two-operand instructions: x = ST0, y = ST1. */
static void binary(int op)
{
    static const f80 ys[] = { { 1ULL << 63, 0x3fff }, { 1ULL << 63, 0xbfff }, { 0xc000000000000000ULL, 0x4000 },
                              { 0xb17217f7d1cf79acULL, 0x3ffe }, { 0x9a209a84fbcff799ULL, 0x3ffd } };
    for (int i = 0; i < NSPECIAL; i++)
        for (int j = 0; j < NSPECIAL; j += 2) {
            /* fyl2xp1 is only defined for |x| < 1 - sqrt(2)/2 */
            char kind = op == OP_YL2XP1 && specials[i] == &one ? 'U' : 'S';
            run(op, kind, *specials[i], *specials[j], 0x037f);
            run(op, kind, neg(*specials[i]), *specials[j], 0x037f);
            run(op, kind, *specials[i], neg(*specials[j]), 0x037f);
        }
    for (int i = 0; i < 250; i++) {
        f80 y = i % 3 ? ys[i % 5] : rand_val(-20, 20), x;
        if (op == OP_ATAN) x = i % 4 ? rand_val(-20, 20) : rand_val(-2, 2);
        else if (op == OP_YL2X) { x = i % 4 ? rand_val(-60, 60) : rand_val(-1, 0); x.se &= 0x7fff; }
        else x = rand_val(-40, -3);
        run(op, 'R', x, y, 0x037f);
    }
    for (int rc = 1; rc <= 3; rc++)
        for (int i = 0; i < 10; i++) {
            f80 x = rand_val(-10, op == OP_YL2XP1 ? -3 : 10);
            if (op == OP_YL2X) x.se &= 0x7fff;
            run(op, 'R', x, ys[i % 5], (uint16_t)(0x037f | rc << 10));
        }
    if (op == OP_YL2XP1)
        for (int i = 0; i < 10; i++) run(op, 'U', mk(16383 + (int)((uint32_t)rnd() % 8), rnd() | 1ULL << 63), one, 0x037f);
}

__attribute__((force_align_arg_pointer)) void _start(void)
{
    for (int op = OP_SIN; op <= OP_TAN; op++) trig(op);
    binary(OP_ATAN);
    binary(OP_YL2X);
    binary(OP_YL2XP1);
    f2xm1();
    flush();
#ifdef __x86_64__
    __asm__ volatile("syscall" : : "a"(60L), "D"(0L));
#else
    __asm__ volatile("int $0x80" : : "a"(1L), "b"(0L));
#endif
    for (;;) {}
}
