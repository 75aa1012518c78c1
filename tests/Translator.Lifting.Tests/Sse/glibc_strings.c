/* glibc's SSE2 string/memory routines on many lengths and alignments, plus printf/strtod float formatting. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static unsigned char src[4096 + 64], dst[4096 + 64];
static unsigned long h = 1469598103934665603UL;
static void mix(unsigned long v) { h = (h ^ v) * 1099511628211UL; }
/* Only the sign of memcmp/strcmp results is specified (native runs AVX2 variants, translated code SSE2 ones). */
static unsigned long sgn(int v) { return v < 0 ? 1 : v > 0 ? 2 : 3; }
static void mixbuf(const unsigned char *p, size_t n) { for (size_t i = 0; i < n; i++) mix(p[i]); }

int main(void)
{
    static const size_t lens[] = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129,
                                  255, 256, 257, 511, 600, 1000, 1500, 2049, 4000};
    const int nl = sizeof lens / sizeof lens[0];
    for (int i = 0; i < (int)sizeof src; i++) src[i] = (unsigned char)(i * 7 + 13 + (i >> 8));
    for (int li = 0; li < nl; li++) {
        size_t n = lens[li];
        for (int sa = 0; sa < 17; sa += 3)
            for (int da = 0; da < 17; da += 5) {
                memset(dst, 0xAA, sizeof dst);
                memcpy(dst + da, src + sa, n);
                mixbuf(dst, n + 40);
                memmove(dst + da + 3, dst + da, n);
                mixbuf(dst, n + 40);
                memmove(dst + da, dst + da + 5, n);
                mixbuf(dst, n + 40);
                memset(dst + da, sa, n);
                mixbuf(dst, n + 40);
                mix(sgn(memcmp(dst + da, src + sa, n)));
                memcpy(dst + da, src + sa, n);
                if (n) dst[da + n / 2] ^= 1;
                mix((unsigned long)(memcmp(dst + da, src + sa, n) > 0) + 2 * (memcmp(dst + da, src + sa, n) < 0));
            }
        printf("len %zu mem %016lx\n", n, h);
    }
    /* NUL-terminated strings */
    char a[4200], b[4200];
    for (int li = 0; li < nl; li++) {
        size_t n = lens[li];
        for (int al = 0; al < 16; al += 3) {
            char *s = a + al, *t = b + (al * 5) % 16;
            for (size_t i = 0; i < n; i++) s[i] = (char)('a' + (i * 13 + al) % 26);
            s[n] = 0;
            mix(strlen(s));
            mix(strnlen(s, n / 2));
            strcpy(t, s);
            mix(strcmp(s, t) == 0);
            char *e = stpcpy(t, s);
            mix((unsigned long)(e - t));
            mix((unsigned long)(strchr(s, 'q') ? strchr(s, 'q') - s : -1));
            mix((unsigned long)(strchr(s, 0) - s));
            mix((unsigned long)(strrchr(s, 'c') ? strrchr(s, 'c') - s : -1));
            mix((unsigned long)(memchr(s, 'z', n) ? (char *)memchr(s, 'z', n) - s : -1));
            mix((unsigned long)(memrchr(s, 'b', n) ? (char *)memrchr(s, 'b', n) - s : -1));
            mix((unsigned long)((char *)rawmemchr(s, 0) - s));
            if (n) { t[n - 1] = 'A'; mix(strcmp(s, t) > 0); mix(sgn(strncmp(s, t, n - 1))); mix(strncmp(s, t, n) > 0); }
            mix(strcasecmp(s, t) == 0);
            mix(strspn(s, "abcdefgh"));
            mix(strcspn(s, "xyz"));
            /* glibc's SSE4.2 variants (pcmpistri) when CPUID says SSE4.2 */
            mix(strspn(s, "abcdefghijklmnopqrstuvw"));
            mix(strcspn(s, "z"));
            mix(strcspn(s, "qrstuvwxyz0123456789"));
            mix((unsigned long)(strpbrk(s, "mq") ? strpbrk(s, "mq") - s : -1));
            if (n) { t[n / 2] ^= 0x20; mix(sgn(strcasecmp(s, t))); mix(sgn(strncasecmp(s, t, n / 2 + 1))); mix(sgn(strncasecmp(s, t, n))); }
            mix((unsigned long)(strstr(s, "nah") ? strstr(s, "nah") - s : -1));
            strcat(strcpy(t, "pre"), s);
            mix(strlen(t));
        }
        printf("len %zu str %016lx\n", n, h);
    }
    /* float formatting and parsing */
    static const double vals[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 5e-324, 1.7976931348623157e308,
                                  123456789.125, 0.1, 2.5, -2.5, 1e21, 1e-7, 65504.0, 0.3333333333333333};
    for (int i = 0; i < (int)(sizeof vals / sizeof vals[0]); i++) {
        double v = vals[i];
        printf("%g %f %e %.17g %a %.3f %10.4e\n", v, v, v, v, v, v, v);
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", v * 3.7);
        double back = strtod(buf, NULL);
        printf("%s %d %g %g %g %g %g\n", buf, back == v * 3.7, sqrt(fabs(v)), floor(v * 1.3), ceil(v * 0.7), fmod(v, 0.7), (double)(float)v);
    }
    printf("%f %f %f %f\n", 0.0 / 0.0 * (vals[1] + 1), -(0.0 / 0.0), 1.0 / vals[0], -1.0 / vals[0]);
    float fs = 1.1f;
    for (int i = 0; i < 20; i++) fs = fs * 1.37f - 0.2f;
    printf("%.9g %d %ld\n", fs, (int)(fs * 100), lrint(fs * 3.3));
    return 0;
}
