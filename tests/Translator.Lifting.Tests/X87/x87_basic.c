/* x87 end-to-end check: compile with i686-linux-gnu-gcc -static -O0/-O2 (default -mfpmath=387), translate,
 * compare stdout with the native run. Also builds for x86-64 (long double uses x87 there). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>

static volatile double vd[] = { 0.0, -0.0, 1.0, -1.5, 2.5, 3.5, -2.5, 1e300, -1e300, 1e-310, 123456789.987654321,
                                4294967295.0, 4294967296.5, -2147483648.0, 2147483647.49, 9.2233720368547758e18,
                                -9.2233720368547758e18, 1.8446744073709552e19, 0.1, 1.0 / 3.0, 6.02214076e23 };
static volatile float vf[] = { 0.0f, 1.5f, -2.75f, 3.14159265f, 1e30f, -1e-30f, 16777217.0f, 0.1f };
static volatile long double vl[] = { 1.0L, -0.5L, 3.0L, 1e100L, 1e-100L, 0.1L, 12345.678L };

static void conversions(void)
{
    for (unsigned i = 0; i < sizeof vd / sizeof vd[0]; i++) {
        double d = vd[i];
        int n = (int)d;
        long long ll = (long long)d;
        unsigned u = (unsigned)d;
        unsigned long long ull = (unsigned long long)d;
        short s = (short)d;
        float f = (float)d;
        printf("d=%.17g int=%d ll=%lld u=%u ull=%llu s=%d f=%.9g lrint=%ld rint=%.17g\n", d, n, ll, u, ull, s, f,
               lrint(d), rint(d));
    }
    for (unsigned i = 0; i < sizeof vf / sizeof vf[0]; i++) {
        float f = vf[i];
        printf("f=%.9g d=%.17g int=%d ll=%lld\n", f, (double)f, (int)f, (long long)f);
    }
    long long bigs[] = { 0, 1, -1, 9007199254740993LL, -9007199254740993LL, 0x7fffffffffffffffLL, (long long)0x8000000000000000ULL };
    for (unsigned i = 0; i < sizeof bigs / sizeof bigs[0]; i++)
        printf("ll %lld -> %.17g %.9g\n", bigs[i], (double)bigs[i], (float)bigs[i]);
    unsigned us[] = { 0, 1, 0x80000000u, 0xffffffffu };
    for (unsigned i = 0; i < 4; i++) printf("u %u -> %.17g\n", us[i], (double)us[i]);
    unsigned long long uls[] = { 0, 0x8000000000000000ULL, 0xffffffffffffffffULL, 12345678901234567890ULL };
    for (unsigned i = 0; i < 4; i++) printf("ull %llu -> %.17g\n", uls[i], (double)uls[i]);
}

static void arithmetic(void)
{
    double acc = 0;
    for (int i = 1; i <= 100; i++) acc += 1.0 / i;
    printf("harmonic %.17g\n", acc);
    double a = vd[10], b = vd[19];
    printf("ops %.17g %.17g %.17g %.17g %.17g\n", a + b, a - b, a * b, a / b, b / a);
    printf("neg %.17g abs %.17g sqrt %.17g sqrt2 %.17g\n", -a, fabs(-a), sqrt(a), sqrt(2.0));
    int k = 7;
    short sh = -3;
    printf("int ops %.17g %.17g %.17g %.17g\n", a + k, a - k, k - a, a * sh);
    printf("div %.17g %.17g\n", k / a, a / sh);
    float fa = vf[3], fb = vf[2];
    float fr = fa * fb + fa / fb;
    printf("float ops %.9g %.9g\n", fr, (double)(fa - fb));
    printf("inf %f %f nan %f\n", 1.0 / vd[0], -1.0 / vd[0], vd[0] / vd[0]);
    printf("floor/ceil %.17g %.17g %.17g %.17g\n", floor(-2.5), ceil(-2.5), floor(vd[10]), ceil(vd[10]));
    printf("trunc/round %.17g %.17g %.17g\n", trunc(-2.7), round(2.5), round(-3.5));
    printf("fmod %.17g %.17g %.17g %.17g\n", fmod(10.0, 3.0), fmod(-10.5, 3.0), fmod(1e300, 7.0), fmod(vd[10], 0.1));
    printf("remainder %.17g %.17g\n", remainder(10.0, 3.0), remainder(11.0, 2.0));
    printf("ldexp %.17g %.17g frexp ", ldexp(1.5, 100), ldexp(3.0, -1074));
    int ex;
    double m = frexp(vd[10], &ex);
    printf("%.17g %d\n", m, ex);
    printf("fabs %g copysign %g\n", fabs(vd[6]), copysign(3.0, -0.0));
}

static void comparisons(void)
{
    double vals[] = { 1.0, 2.0, NAN, -0.0, 0.0, INFINITY };
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
            double x = vals[i], y = vals[j];
            printf("%d%d%d%d%d%d ", x < y, x <= y, x > y, x >= y, x == y, x != y);
        }
    printf("\nisnan %d %d isinf %d %d isfinite %d fpclassify %d %d %d %d %d\n", isnan(vals[2]), isnan(vals[0]),
           isinf(vals[5]), isinf(vals[0]), isfinite(vals[1]), fpclassify(0.0), fpclassify(1.0), fpclassify(vd[9]),
           fpclassify(vals[5]), fpclassify(vals[2]));
    double mx = vd[2], mn = vd[3];
    for (unsigned i = 0; i < sizeof vd / sizeof vd[0]; i++) {
        if (vd[i] > mx) mx = vd[i];
        if (vd[i] < mn) mn = vd[i];
    }
    printf("max %g min %g signbit %d %d\n", mx, mn, signbit(-0.0) != 0, signbit(0.0) != 0);
}

static void long_doubles(void)
{
    long double acc = 0;
    for (unsigned i = 0; i < sizeof vl / sizeof vl[0]; i++) {
        acc += vl[i] * 2;
        printf("ld %Lg %.6Lf %.6Le %La\n", vl[i], vl[i], vl[i], (long double)(double)vl[i]);
    }
    printf("acc %.10Lg %d\n", acc, (int)(acc / 1e90L));
    long double x = 1.0L / 3.0L;
    double d = (double)x;
    printf("third %.17g\n", d);
    unsigned char bytes[10];
    long double one = vl[0];
    memcpy(bytes, &one, 10);
    for (int i = 0; i < 10; i++) printf("%02x", bytes[i]);
    printf("\n%a %a %a\n", 1.0, 0.1, -vd[9]);
}

static void strings(void)
{
    const char *in[] = { "3.14159", "-0.0", "1e-320", "2.2250738585072014e-308", "1.7976931348623157e308", "inf", "nan",
                         "0x1.8p3", "123456789012345678901234567890", "0.1e1", "4.9e-324", "1e400" };
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        double d = strtod(in[i], NULL);
        float f = strtof(in[i], NULL);
        printf("strtod(%s) = %.17g %a %.9g\n", in[i], d, d, f);
    }
    double ds[] = { 0.5, 1e21, 1e-5, 123.456, 5e-324, DBL_MAX, DBL_MIN, 100.0, 0.000123 };
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++)
        printf("%f|%g|%e|%.17g|%.0f|%10.3f|%-12.4e|\n", ds[i], ds[i], ds[i], ds[i], ds[i], ds[i], ds[i]);
    printf("atof %g %g\n", atof("2.5e3"), atof("-7"));
}

static void math_funcs(void)
{
    double xs[] = { 0.5, 1.0, 2.0, 10.0, 0.001, 100.0 };
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%g sin %.15g cos %.15g tan %.15g atan %.15g exp %.15g log %.15g log10 %.15g pow %.15g\n", x, sin(x),
               cos(x), tan(x), atan(x), exp(x), log(x), log10(x), pow(x, 1.5));
    }
    printf("atan2 %.15g %.15g %.15g\n", atan2(1.0, -1.0), atan2(-0.0, -1.0), atan2(3.0, 4.0));
    printf("exp2 %.15g log2 %.15g cbrt %.15g hypot %.15g\n", exp2(3.5), log2(10.0), cbrt(27.0), hypot(3.0, 4.0));
}

int main(void)
{
    conversions();
    arithmetic();
    comparisons();
    long_doubles();
    strings();
    math_funcs();
    return 0;
}
