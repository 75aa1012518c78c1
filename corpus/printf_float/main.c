#include <stdio.h>
#include <float.h>

int main(void)
{
    double ds[] = {0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3.0, 2.0 / 3.0, 3.14159265358979323846,
                   2.718281828459045, 1e10, 1e-10, 123456789.125, -0.000123456, 1e300, 1e-300,
                   DBL_MAX, DBL_MIN, 5e-324, 0.5, 1.5, 2.5, 1e21, 1e22, 4503599627370496.5};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        double d = ds[i];
        printf("f=%f e=%e g=%g 17g=%.17g\n", d, d, d, d);
        printf("  [%10.3f] [%-12.2e] [%+.5g] [%015.4f] [%.0f] [%#.0f] [%a]\n", d, d, d, d, d, d, d);
    }
    float fs[] = {0.1f, 1.0f / 3.0f, 16777216.0f, 16777217.0f, -2.5f, FLT_MAX, FLT_MIN};
    for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++)
        printf("float %f %.9g %e\n", fs[i], fs[i], fs[i]);
    for (int i = -5; i <= 5; i++)
        printf("%.2f %.1f %.0f\n", i * 0.125, i * 0.25, i * 0.5);
    double acc = 0.0;
    for (int i = 1; i <= 100; i++)
        acc += 1.0 / i;
    printf("harmonic(100)=%.17g\n", acc);
    char buf[128];
    snprintf(buf, sizeof buf, "%8.3f|%-8.3f|%08.3f", 3.14159, -2.71828, 1.41421);
    puts(buf);
    return 0;
}
