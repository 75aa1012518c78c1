#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static int sum_ints(int count, ...)
{
    va_list ap;
    va_start(ap, count);
    int s = 0;
    for (int i = 0; i < count; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static double sum_doubles(int count, ...)
{
    va_list ap;
    va_start(ap, count);
    double s = 0;
    for (int i = 0; i < count; i++) s += va_arg(ap, double);
    va_end(ap);
    return s;
}

/* format: i=int, l=long long, d=double, s=string, c=char */
static void mixed(const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': printf("i:%d ", va_arg(ap, int)); break;
        case 'l': printf("l:%lld ", va_arg(ap, long long)); break;
        case 'd': printf("d:%.3f ", va_arg(ap, double)); break;
        case 's': printf("s:%s ", va_arg(ap, const char *)); break;
        case 'c': printf("c:%c ", (char)va_arg(ap, int)); break;
        }
    }
    printf("| again: ");
    size_t total = 0;
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': total += (size_t)va_arg(copy, int); break;
        case 'l': total += (size_t)va_arg(copy, long long); break;
        case 'd': total += (size_t)va_arg(copy, double); break;
        case 's': total += strlen(va_arg(copy, const char *)); break;
        case 'c': total += (size_t)va_arg(copy, int); break;
        }
    }
    printf("%zu\n", total);
    va_end(copy);
    va_end(ap);
}

static int my_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    printf("[%d] %s", n, buf);
    return n;
}

static void log_to(FILE *f, const char *prefix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(prefix, f);
    vfprintf(f, fmt, ap);
    va_end(ap);
}

static long long max_of(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    long long m = va_arg(ap, long long);
    for (int i = 1; i < n; i++) {
        long long v = va_arg(ap, long long);
        if (v > m) m = v;
    }
    va_end(ap);
    return m;
}

static void forward(const char *fmt, va_list ap) { vprintf(fmt, ap); }
static void outer(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    forward(fmt, ap);
    va_end(ap);
}

int main(void)
{
    printf("%d %d %d\n", sum_ints(0), sum_ints(3, 1, 2, 3), sum_ints(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    printf("%.4f %.4f\n", sum_doubles(2, 1.5, 2.25), sum_doubles(9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9));
    mixed("isdcl", 42, "str", 3.5, 'Z', 1234567890123LL);
    mixed("ddddddddddi", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11);
    mixed("iiiiiiiisssl", 1, 2, 3, 4, 5, 6, 7, 8, "a", "bb", "ccc", -5LL);
    mixed("dididsdl", 0.5, 1, 1.5, 2, 2.5, "mid", 3.5, 77LL);
    my_printf("%s=%d, %s=%.2f\n", "x", 10, "y", 2.5);
    my_printf("%c%c%c %05d %-6s|\n", 'a', 'b', 'c', 42, "pad");
    log_to(stdout, "LOG: ", "%d items, %s\n", 3, "ok");
    printf("max=%lld\n", max_of(5, 3LL, -10LL, 99999999999LL, 7LL, 0LL));
    outer("forwarded %d %s %.1f\n", 5, "five", 5.0);
    return 0;
}
