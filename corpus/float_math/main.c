#include <stdio.h>
#include <math.h>
#include <float.h>

static volatile double zero = 0.0, one = 1.0;

static double newton_sqrt(double x)
{
    double g = x > 1 ? x / 2 : 1;
    for (int i = 0; i < 60; i++) g = 0.5 * (g + x / g);
    return g;
}

static float poly_f(float x) { return ((3.0f * x - 2.0f) * x + 0.5f) * x - 7.25f; }

int main(void)
{
    double a = 1.5, b = -2.25;
    printf("add=%.17g sub=%.17g mul=%.17g div=%.17g\n", a + b, a - b, a * b, a / b);
    double third = one / 3.0;
    printf("third=%.17g x3=%.17g\n", third, third * 3.0);
    float fa = 1.1f, fb = 2.2f;
    printf("float add=%.9g mul=%.9g div=%.9g\n", fa + fb, fa * fb, fa / fb);
    printf("poly_f: %.9g %.9g %.9g\n", poly_f(0.0f), poly_f(1.5f), poly_f(-3.25f));
    double inf = one / zero, ninf = -one / zero, nan = zero / zero;
    printf("inf=%f ninf=%f nan_is_nan=%d inf>max=%d\n", inf, ninf, nan != nan, inf > DBL_MAX);
    printf("isnan=%d isinf=%d isfinite=%d signbit(-0)=%d\n", isnan(nan), isinf(ninf), isfinite(one), signbit(-zero) != 0);
    printf("printf inf %e %g %F\n", inf, ninf, inf);
    printf("compare nan: lt=%d gt=%d eq=%d ne=%d\n", nan < one, nan > one, nan == nan, nan != one);
    for (int i = 0; i <= 10; i++) {
        double x = i * 1.7;
        printf("sqrt(%.1f)=%.15g newton=%.15g\n", x, sqrt(x), newton_sqrt(x));
    }
    printf("sqrtf(2)=%.9g fabs=%.3f floor=%.1f ceil=%.1f trunc=%.1f round=%.1f\n", sqrtf(2.0f), fabs(-3.5), floor(-2.5), ceil(-2.5), trunc(-2.7), round(2.5));
    printf("fmod=%.6f fmin=%.2f fmax=%.2f copysign=%.2f\n", fmod(10.5, 3.0), fmin(1.0, -2.0), fmax(1.0, -2.0), copysign(3.0, -1.0));
    double sum = 0, c = 0;
    for (int i = 1; i <= 10000; i++) {
        double y = 1.0 / ((double)i * i) - c;
        double t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    printf("basel(kahan)=%.17g\n", sum);
    float fs = 0;
    for (int i = 0; i < 1000; i++) fs += 0.1f;
    printf("float sum=%.9g\n", fs);
    double prod = 1;
    for (int i = 1; i <= 30; i++) prod *= i * 0.5;
    printf("prod=%.17g\n", prod);
    printf("int<->double: %d %d %d %.1f\n", (int)3.99, (int)-3.99, (int)(0.1 + 0.2 == 0.3), (double)123456789);
    double vals[] = {-1.5, -0.0, 0.0, 1e-310, 2.5, 1e300};
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            printf("%c", vals[i] < vals[j] ? '<' : vals[i] > vals[j] ? '>' : '=');
    printf("\n");
    printf("denorm=%.17g tiny*tiny=%g big*big=%g\n", 1e-310, 1e-200 * 1e-200, 1e200 * 1e200);
    double mix = 0;
    for (int i = 0; i < 100; i++) mix = mix * 0.99 + (i % 7) * 0.37 - (float)i / 13.0f;
    printf("mix=%.17g\n", mix);
    printf("exp=%.15g log=%.15g sin=%.15g cos=%.15g atan2=%.15g pow=%.15g\n", exp(1.0), log(10.0), sin(0.5), cos(0.5), atan2(1.0, 2.0), pow(2.0, 0.5));
    return 0;
}
