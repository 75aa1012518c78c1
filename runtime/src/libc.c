/* Minimal freestanding libc pieces: mem*, strings, a tiny printf-style formatter for diagnostics. */
#include "host.h"

void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *dp = d; const unsigned char *sp = s;
    while (n >= 8) { uint64_t v; __builtin_memcpy(&v, sp, 8); __builtin_memcpy(dp, &v, 8); dp += 8; sp += 8; n -= 8; }
    while (n--) *dp++ = *sp++;
    return d;
}
void *memmove(void *d, const void *s, size_t n) {
    unsigned char *dp = d; const unsigned char *sp = s;
    if (dp == sp || n == 0) return d;
    if (dp < sp || dp >= sp + n) return memcpy(d, s, n);
    while (n--) dp[n] = sp[n];
    return d;
}
void *memset(void *d, int c, size_t n) {
    unsigned char *dp = d;
    uint64_t v = (unsigned char)c; v *= 0x0101010101010101ull;
    while (n >= 8) { __builtin_memcpy(dp, &v, 8); dp += 8; n -= 8; }
    while (n--) *dp++ = (unsigned char)c;
    return d;
}
int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}
size_t xl_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
int xl_strcmp(const char *a, const char *b) {
    while (*a && *a == *b) { a++; b++; }
    return (unsigned char)*a - (unsigned char)*b;
}
int xl_strncmp(const char *a, const char *b, size_t n) {
    for (; n; n--, a++, b++) { if (*a != *b || !*a) return (unsigned char)*a - (unsigned char)*b; }
    return 0;
}
void xl_strlcpy(char *d, const char *s, size_t n) {
    if (!n) return;
    size_t i = 0; for (; i + 1 < n && s[i]; i++) d[i] = s[i];
    d[i] = 0;
}

typedef struct { char *buf; size_t n, pos; } Out;
static void put(Out *o, char c) { if (o->pos + 1 < o->n) o->buf[o->pos] = c; o->pos++; }
static void put_u(Out *o, uint64_t v, unsigned base, int width, char pad) {
    char tmp[24]; int i = 0;
    do { unsigned d = (unsigned)(v % base); tmp[i++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); v /= base; } while (v);
    while (i < width) { tmp[i++] = pad; }
    while (i) put(o, tmp[--i]);
}
int xl_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap) {
    Out o = { buf, n, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') { put(&o, *fmt); continue; }
        fmt++;
        char pad = ' '; int width = 0, lng = 0;
        if (*fmt == '0') { pad = '0'; fmt++; }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') { lng++; fmt++; }
        if (*fmt == 'z') { lng = 2; fmt++; }
        switch (*fmt) {
        case 's': { const char *s = va_arg(ap, const char *); if (!s) s = "(null)"; while (*s) put(&o, *s++); break; }
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case 'd': case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            if (v < 0) { put(&o, '-'); put_u(&o, (uint64_t)0 - (uint64_t)v, 10, width ? width - 1 : 0, pad); }
            else put_u(&o, (uint64_t)v, 10, width, pad);
            break;
        }
        case 'u': put_u(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad); break;
        case 'x': put_u(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad); break;
        case 'p': put(&o, '0'); put(&o, 'x'); put_u(&o, (uint64_t)(uintptr_t)va_arg(ap, void *), 16, 0, ' '); break;
        case '%': put(&o, '%'); break;
        case 0: fmt--; break;
        default: put(&o, '%'); put(&o, *fmt); break;
        }
    }
    if (n) buf[o.pos < n ? o.pos : n - 1] = 0;
    return (int)o.pos;
}
int xl_snprintf(char *buf, size_t n, const char *fmt, ...) {
    va_list ap; va_start(ap, fmt); int r = xl_vsnprintf(buf, n, fmt, ap); va_end(ap); return r;
}
void xl_eprintf(const char *fmt, ...) {
    char buf[1024];
    va_list ap; va_start(ap, fmt); int r = xl_vsnprintf(buf, sizeof buf, fmt, ap); va_end(ap);
    if (r > (int)sizeof buf - 1) r = sizeof buf - 1;
    host_sc3(HOST_NR_write, 2, buf, r);
}
_Noreturn void xl_exit_group(int status) {
    for (;;) host_sc1(HOST_NR_exit_group, status);
}
_Noreturn void xl_die_signal(int sig) {
    /* Reset to default, unblock, and send the signal to this thread so the exit status is 128+sig like natively. */
    uint64_t act[4] = { H_SIG_DFL, 0, 0, 0 };
    host_sc4(HOST_NR_rt_sigaction, sig, act, 0, 8);
    uint64_t mask = 1ull << (sig - 1);
    host_sc4(HOST_NR_rt_sigprocmask, H_SIG_UNBLOCK, &mask, 0, 8);
    host_sc3(HOST_NR_tgkill, host_sc0(HOST_NR_getpid), host_sc0(HOST_NR_gettid), sig);
    xl_exit_group(128 + sig);
}
