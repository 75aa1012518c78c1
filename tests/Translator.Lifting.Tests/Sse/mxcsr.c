/* MXCSR semantics: SSE arithmetic, square roots, conversions and rounds in each rounding mode (set with fesetround and
   with _MM_SET_ROUNDING_MODE), FTZ and DAZ, and the sticky exception flags as stmxcsr and fetestexcept see them.
   Prints result bits, fetestexcept() and MXCSR after every operation. Built for x86-64 and i386
   (-msse4.1 -mfpmath=sse) with static glibc; the translated run must print the same. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <smmintrin.h>

static unsigned read_csr(void)
{
    unsigned v;
    __asm__ volatile("stmxcsr %0" : "=m"(v) : : "memory");
    return v;
}

static void write_csr(unsigned v) { __asm__ volatile("ldmxcsr %0" : : "m"(v) : "memory"); }

static uint64_t dbits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t fbits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

/* glibc's fenv sets both x87 and MXCSR on a CPU with SSE (xlate's CPUID shows SSE to both guests) */
#define set_round fesetround
#define test_flags() fetestexcept(FE_ALL_EXCEPT)
#define clear_flags() feclearexcept(FE_ALL_EXCEPT)

/* Every result goes through memory before MXCSR is read, so the operation precedes the stmxcsr. */
static volatile uint64_t sink[4];

static void report(const char *what, int lanes)
{
    unsigned csr = read_csr();
    int fe = test_flags();
    printf("%-26s", what);
    for (int i = 0; i < lanes; i++) printf(" %016llx", (unsigned long long)sink[i]);
    printf(" fe=%02x csr=%04x\n", fe, csr);
    clear_flags();
}

static volatile double one = 1.0, three = 3.0, two = 2.0, zero = 0.0, neg_one = -1.0, tie = 0x1p-53, big = DBL_MAX;
static volatile double dblmin = DBL_MIN, dinf = INFINITY, dnan = NAN, denorm = 0x1p-1060;
static volatile float fone = 1.0f, fthree = 3.0f, ftwo = 2.0f, fzero = 0.0f, fbig = FLT_MAX, fltmin = FLT_MIN;
static volatile float fdenorm = 0x1p-140f;
static volatile double cvt_in[] = { 2.5, -2.5, 0.5, -0.5, 1.5, 3.5, -2147483648.0, 1e10, 2147483647.0, NAN, -0.75 };
static volatile float fcvt_in[] = { 2.5f, -2.5f, 0.5f, -1.5f, 3e9f, NAN, -2147483648.0f, 16777215.5f };
static volatile int32_t ints[] = { 16777217, -16777217, 0x7fffffff, -3 };
static volatile int64_t longs[] = { 0x20000000000001LL, -0x20000000000003LL, 0x7fffffffffffffffLL };

static void arithmetic(void)
{
    sink[0] = dbits(one / three); report("divsd 1/3", 1);
    sink[0] = dbits(neg_one / three); report("divsd -1/3", 1);
    sink[0] = dbits(one + tie); report("addsd 1+2^-53 (tie)", 1);
    sink[0] = dbits(neg_one - tie); report("subsd -1-2^-53", 1);
    sink[0] = dbits(one / three * three); report("mulsd (1/3)*3", 1);
    sink[0] = dbits(sqrt(two)); report("sqrtsd 2", 1);
    sink[0] = dbits(big * two); report("mulsd overflow", 1);
    sink[0] = dbits(-big * two); report("mulsd -overflow", 1);
    sink[0] = dbits(dblmin * dblmin); report("mulsd underflow", 1);
    sink[0] = dbits(dblmin / three); report("divsd tiny", 1);
    sink[0] = dbits(one / zero); report("divsd 1/0", 1);
    sink[0] = dbits(zero / zero); report("divsd 0/0", 1);
    sink[0] = dbits(dinf - dinf); report("subsd inf-inf", 1);
    sink[0] = dbits(one + dnan); report("addsd 1+nan", 1);
    sink[0] = dbits(two * three); report("mulsd exact", 1);
    sink[0] = fbits(fone / fthree); report("divss 1/3", 1);
    sink[0] = fbits(-fone / fthree); report("divss -1/3", 1);
    sink[0] = fbits(fbig * ftwo); report("mulss overflow", 1);
    sink[0] = fbits(fltmin / fthree); report("divss tiny", 1);
    sink[0] = fbits(sqrtf(ftwo)); report("sqrtss 2", 1);

    __m128 a = _mm_set_ps(fone, -fone, ftwo, fone), b = _mm_set_ps(fthree, fthree, fthree, fzero);
    __m128 q = _mm_div_ps(a, b);
    memcpy((void *)sink, &q, 16); report("divps", 2);
    q = _mm_sqrt_ps(_mm_set_ps(ftwo, fthree, -fone, ftwo));
    memcpy((void *)sink, &q, 16); report("sqrtps", 2);
    __m128d c = _mm_div_pd(_mm_set_pd(one, neg_one), _mm_set_pd(three, three));
    memcpy((void *)sink, &c, 16); report("divpd", 2);
    c = _mm_add_pd(_mm_set_pd(one, -one), _mm_set_pd(tie, -tie));
    memcpy((void *)sink, &c, 16); report("addpd ties", 2);
}

static void conversions(void)
{
    char name[40];
    for (int i = 0; i < (int)(sizeof cvt_in / sizeof cvt_in[0]); i++) {
        __m128d x = _mm_set_sd(cvt_in[i]);
        sink[0] = (uint32_t)_mm_cvtsd_si32(x); snprintf(name, sizeof name, "cvtsd2si #%d", i); report(name, 1);
        sink[0] = (uint32_t)_mm_cvttsd_si32(x); snprintf(name, sizeof name, "cvttsd2si #%d", i); report(name, 1);
#ifdef __x86_64__
        sink[0] = (uint64_t)_mm_cvtsd_si64(x); snprintf(name, sizeof name, "cvtsd2si64 #%d", i); report(name, 1);
#endif
        sink[0] = dbits(_mm_cvtsd_f64(_mm_round_sd(x, x, _MM_FROUND_CUR_DIRECTION)));
        snprintf(name, sizeof name, "roundsd cur #%d", i); report(name, 1);
        sink[0] = dbits(_mm_cvtsd_f64(_mm_round_sd(x, x, _MM_FROUND_CUR_DIRECTION | _MM_FROUND_NO_EXC)));
        snprintf(name, sizeof name, "roundsd cur noexc #%d", i); report(name, 1);
        sink[0] = dbits(_mm_cvtsd_f64(_mm_floor_sd(x, x))); snprintf(name, sizeof name, "floorsd #%d", i); report(name, 1);
        sink[0] = dbits(_mm_cvtsd_f64(_mm_round_sd(x, x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC)));
        snprintf(name, sizeof name, "truncsd noexc #%d", i); report(name, 1);
        sink[0] = dbits(rint(cvt_in[i])); snprintf(name, sizeof name, "rint #%d", i); report(name, 1);
        sink[0] = dbits(nearbyint(cvt_in[i])); snprintf(name, sizeof name, "nearbyint #%d", i); report(name, 1);
        sink[0] = (uint64_t)lrint(cvt_in[i]); snprintf(name, sizeof name, "lrint #%d", i); report(name, 1);
    }
    for (int i = 0; i < (int)(sizeof fcvt_in / sizeof fcvt_in[0]); i++) {
        __m128 x = _mm_set_ss(fcvt_in[i]);
        sink[0] = (uint32_t)_mm_cvtss_si32(x); snprintf(name, sizeof name, "cvtss2si #%d", i); report(name, 1);
        sink[0] = (uint32_t)_mm_cvttss_si32(x); snprintf(name, sizeof name, "cvttss2si #%d", i); report(name, 1);
        sink[0] = fbits(_mm_cvtss_f32(_mm_round_ss(x, x, _MM_FROUND_CUR_DIRECTION)));
        snprintf(name, sizeof name, "roundss cur #%d", i); report(name, 1);
    }
    __m128i r = _mm_cvtpd_epi32(_mm_set_pd(cvt_in[0], cvt_in[1]));
    memcpy((void *)sink, &r, 16); report("cvtpd2dq 2.5,-2.5", 2);
    r = _mm_cvtpd_epi32(_mm_set_pd(cvt_in[7], cvt_in[2]));
    memcpy((void *)sink, &r, 16); report("cvtpd2dq 1e10,0.5", 2);
    r = _mm_cvttpd_epi32(_mm_set_pd(cvt_in[7], cvt_in[4]));
    memcpy((void *)sink, &r, 16); report("cvttpd2dq 1e10,1.5", 2);
    r = _mm_cvttpd_epi32(_mm_set_pd(cvt_in[8], cvt_in[6]));
    memcpy((void *)sink, &r, 16); report("cvttpd2dq exact", 2);
    r = _mm_cvtps_epi32(_mm_set_ps(fcvt_in[0], fcvt_in[1], fcvt_in[2], fcvt_in[3]));
    memcpy((void *)sink, &r, 16); report("cvtps2dq", 2);
    r = _mm_cvtps_epi32(_mm_set_ps(fcvt_in[4], fcvt_in[5], fcvt_in[6], fcvt_in[0]));
    memcpy((void *)sink, &r, 16); report("cvtps2dq invalid", 2);
    r = _mm_cvttps_epi32(_mm_set_ps(fcvt_in[4], fcvt_in[7], fcvt_in[6], fcvt_in[3]));
    memcpy((void *)sink, &r, 16); report("cvttps2dq", 2);
    __m128 p = _mm_round_ps(_mm_set_ps(fcvt_in[0], fcvt_in[1], fcvt_in[2], fcvt_in[3]), _MM_FROUND_CUR_DIRECTION);
    memcpy((void *)sink, &p, 16); report("roundps cur", 2);
    __m128d pd = _mm_floor_pd(_mm_set_pd(cvt_in[0], cvt_in[8]));
    memcpy((void *)sink, &pd, 16); report("floorpd", 2);

    for (int i = 0; i < 4; i++) {
        sink[0] = dbits((double)ints[i] / 1.0); snprintf(name, sizeof name, "cvtsi2sd #%d", i); report(name, 1);
        sink[0] = fbits((float)ints[i]); snprintf(name, sizeof name, "cvtsi2ss #%d", i); report(name, 1);
    }
    p = _mm_cvtepi32_ps(_mm_set_epi32(ints[0], ints[1], ints[2], ints[3]));
    memcpy((void *)sink, &p, 16); report("cvtdq2ps", 2);
#ifdef __x86_64__
    for (int i = 0; i < 3; i++) {
        sink[0] = dbits((double)longs[i]); snprintf(name, sizeof name, "cvtsi2sd64 #%d", i); report(name, 1);
        sink[0] = fbits((float)longs[i]); snprintf(name, sizeof name, "cvtsi2ss64 #%d", i); report(name, 1);
    }
#endif
    sink[0] = fbits((float)(one / three)); report("cvtsd2ss 1/3", 1);
    sink[0] = fbits((float)(neg_one / three)); report("cvtsd2ss -1/3", 1);
    sink[0] = fbits((float)big); report("cvtsd2ss overflow", 1);
    sink[0] = fbits((float)(dblmin * 0x1p888)); report("cvtsd2ss underflow", 1);
    sink[0] = dbits((double)fbig); report("cvtss2sd", 1);
    __m128 n = _mm_cvtpd_ps(_mm_set_pd(one / three, -big));
    memcpy((void *)sink, &n, 16); report("cvtpd2ps", 1);
}

static void flush_modes(void)
{
    static const struct { unsigned bits; const char *name; } modes[] = {
        { 0x8000, "ftz" }, { 0x8040, "ftz+daz" }, { 0x0040, "daz" },
    };
    for (int m = 0; m < 3; m++) {
        _MM_SET_FLUSH_ZERO_MODE(modes[m].bits & 0x8000 ? _MM_FLUSH_ZERO_ON : _MM_FLUSH_ZERO_OFF);
        _MM_SET_DENORMALS_ZERO_MODE(modes[m].bits & 0x40 ? _MM_DENORMALS_ZERO_ON : _MM_DENORMALS_ZERO_OFF);
        printf("-- %s\n", modes[m].name);
        clear_flags();
        if (modes[m].bits & 0x8000) {
            sink[0] = dbits(dblmin / three); report("divsd tiny", 1);
            sink[0] = dbits(-dblmin * 0.5); report("mulsd -tiny", 1);
            sink[0] = fbits(fltmin / fthree); report("divss tiny", 1);
            sink[0] = fbits((float)(dblmin * 0x1p888)); report("cvtsd2ss tiny", 1);
        }
        if (modes[m].bits & 0x40) {
            sink[0] = dbits(denorm * 0x1p100); report("mulsd denormal", 1);
            sink[0] = dbits(denorm + one); report("addsd denormal", 1);
            sink[0] = fbits(fdenorm * 0x1p100f); report("mulss denormal", 1);
            sink[0] = dbits((double)fdenorm); report("cvtss2sd denormal", 1);
        }
    }
    _MM_SET_FLUSH_ZERO_MODE(_MM_FLUSH_ZERO_OFF);
    _MM_SET_DENORMALS_ZERO_MODE(_MM_DENORMALS_ZERO_OFF);
}

static void sticky_flags(void)
{
    printf("-- flags\n");
    write_csr(0x1f80 | 0x3d);
    sink[0] = 0; report("ldmxcsr flags", 1);
    sink[0] = dbits(one / three); report("after clear", 1);
    feraiseexcept(FE_INVALID);
    sink[0] = 0; report("feraise invalid", 1);
    feraiseexcept(FE_DIVBYZERO);
    sink[0] = 0; report("feraise divbyzero", 1);
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    sink[0] = 0; report("feraise overflow|inexact", 1);
    sink[0] = dbits(one / three);
    sink[1] = dbits(one / zero);
#ifdef __x86_64__
    feclearexcept(FE_INEXACT);
    sink[2] = (uint64_t)fetestexcept(FE_ALL_EXCEPT);
    report("clear inexact only", 3);
    fenv_t env;
    sink[0] = dbits(one / zero);
    fegetenv(&env);
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(FE_UPWARD);
    sink[1] = (uint64_t)fegetround();
    fesetenv(&env);
    sink[2] = (uint64_t)fegetround();
    report("fegetenv/fesetenv", 3);
    fexcept_t saved;
    sink[0] = dbits(big * two);
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&saved, FE_OVERFLOW);
    report("fesetexceptflag", 1);
#else
    report("two flags", 2);
#endif
}

int main(void)
{
    static const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
    static const char *names[] = { "nearest", "down", "up", "toward zero" };
    static const unsigned mm_modes[] = { _MM_ROUND_NEAREST, _MM_ROUND_DOWN, _MM_ROUND_UP, _MM_ROUND_TOWARD_ZERO };
    clear_flags();
    for (int m = 0; m < 4; m++) {
        set_round(modes[m]);
        printf("-- fesetround %s: fegetround=%x csr=%04x\n", names[m], fegetround(), read_csr());
        arithmetic();
        conversions();
        set_round(FE_TONEAREST);
        _MM_SET_ROUNDING_MODE(mm_modes[m]);
        printf("-- _MM_SET_ROUNDING_MODE %s: csr=%04x\n", names[m], read_csr());
        arithmetic();
        _MM_SET_ROUNDING_MODE(_MM_ROUND_NEAREST);
    }
    flush_modes();
    sticky_flags();
    printf("final csr=%04x\n", read_csr());
    return 0;
}
