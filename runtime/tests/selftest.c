/* Runtime self-test: plays the role of translated code. Compiled twice (-DMODE=64 / -DMODE=32) and linked with
 * the runtime and link.ld (no guest sections). Each "unit" works on the GuestState exactly as translated x86
 * code would: it reads the x86 initial stack, issues syscalls by guest number through xlate_syscall, and
 * returns the next guest pc. Output lines are compared by run.sh with values from the real environment. */
#include "guest_state.h"
#include "host.h"
#include "syscalls/nr_x86_64.h"
#include "syscalls/nr_i386.h"

#ifndef MODE
#error MODE
#endif
#define W (MODE == 32 ? 4 : 8)
#define NR(x64, i386) (MODE == 64 ? (uint64_t)X64_NR_##x64 : (uint64_t)I386_NR_##i386)

static uint64_t dummy_phdr[8];
const uint32_t xlate_guest_mode = MODE;
const uint64_t xlate_guest_entry = 0x1000;
const uint64_t xlate_guest_phdr = 0x1234000;
const uint64_t xlate_guest_phnum = 3;
const uint64_t xlate_guest_phent = MODE == 64 ? 56 : 32;
const uint64_t xlate_guest_image_end = MODE == 64 ? 0x600123 : 0x8100123;

static int64_t sc(GuestState *s, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                  uint64_t a5) {
    if (MODE == 64) {
        s->gpr[GPR_RAX] = nr; s->gpr[GPR_RDI] = a0; s->gpr[GPR_RSI] = a1; s->gpr[GPR_RDX] = a2;
        s->gpr[GPR_R10] = a3; s->gpr[GPR_R8] = a4; s->gpr[GPR_R9] = a5;
        xlate_syscall(s);
        return (int64_t)s->gpr[GPR_RAX];
    }
    s->gpr[GPR_RAX] = nr; s->gpr[GPR_RBX] = (uint32_t)a0; s->gpr[GPR_RCX] = (uint32_t)a1;
    s->gpr[GPR_RDX] = (uint32_t)a2; s->gpr[GPR_RSI] = (uint32_t)a3; s->gpr[GPR_RDI] = (uint32_t)a4;
    s->gpr[GPR_RBP] = (uint32_t)a5;
    xlate_syscall(s);
    if (s->gpr[GPR_RAX] >> 32) return -9999; /* upper bits must stay zero */
    uint32_t r = (uint32_t)s->gpr[GPR_RAX];
    return r >= 0xfffff001u ? (int64_t)(int32_t)r : (int64_t)r; /* -errno, else an unsigned 32-bit value */
}
#define SC0(n) sc(s, n, 0, 0, 0, 0, 0, 0)
#define SC1(n, a) sc(s, n, (uint64_t)(a), 0, 0, 0, 0, 0)
#define SC2(n, a, b) sc(s, n, (uint64_t)(a), (uint64_t)(b), 0, 0, 0, 0)
#define SC3(n, a, b, c) sc(s, n, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), 0, 0, 0)
#define SC4(n, a, b, c, d) sc(s, n, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), 0, 0)
#define SC6(n, a, b, c, d, e, f) sc(s, n, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), (uint64_t)(e), (uint64_t)(f))

/* scratch memory below the guest stack pointer: guest-addressable (< 4 GiB for i386) */
static char *scratch(GuestState *s) { return (char *)((s->gpr[GPR_RSP] - 0x20000) & ~15ull); }

static void out(GuestState *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(GuestState *s, const char *fmt, ...) {
    char *buf = scratch(s) + 0x10000;
    va_list ap; va_start(ap, fmt);
    int n = xl_vsnprintf(buf, 4096, fmt, ap);
    va_end(ap);
    SC3(NR(write, write), 1, buf, n);
}
static uint64_t rd(uint64_t addr) { /* one pointer-sized guest stack slot */
    if (W == 4) { uint32_t v; memcpy(&v, (void *)addr, 4); return v; }
    uint64_t v; memcpy(&v, (void *)addr, 8); return v;
}

static int fails;
#define CHECK(cond, name) do { if (cond) out(s, "ok %s\n", name); else { out(s, "FAIL %s\n", name); fails++; } } while (0)

static uint64_t unit_main(GuestState *s, uint64_t pc);
static uint64_t unit_files(GuestState *s, uint64_t pc);
static uint64_t unit_exit(GuestState *s, uint64_t pc);
const XlateEntry xlate_entries[] = { { 0x1000, unit_main }, { 0x1010, unit_files }, { 0x1020, unit_exit } };
const uint64_t xlate_entry_count = 3;

static const char *arg1;

static uint64_t unit_main(GuestState *s, uint64_t pc) {
    (void)pc; (void)dummy_phdr;
    uint64_t sp = s->gpr[GPR_RSP];
    int init_ok = s->mxcsr == 0x1f80 && s->fpu_cw == 0x37f && s->fpu_tag[7] == 1 && s->gpr[GPR_RDX] == 0 &&
                  s->gpr[GPR_RAX] == 0 && s->df == 0 && s->mode == MODE;
    CHECK(sp % 16 == 0, "stack-aligned");
    CHECK(MODE == 64 || sp + 0x1000 < (1ull << 32), "stack-below-4g");
    CHECK(init_ok, "initial-state");
    uint64_t argc = rd(sp);
    out(s, "argc=%llu\n", (unsigned long long)argc);
    for (uint64_t i = 0; i < argc; i++) {
        const char *a = (const char *)rd(sp + W * (1 + i));
        if (i == 1) arg1 = a;
        if (i > 0) out(s, "argv[%llu]=%s\n", (unsigned long long)i, a);
    }
    CHECK(rd(sp + W * (1 + argc)) == 0, "argv-null");
    uint64_t e = sp + W * (2 + argc);
    for (; rd(e); e += W) {
        const char *v = (const char *)rd(e);
        if (!xl_strncmp(v, "XLATE_TEST_ENV=", 15)) out(s, "env=%s\n", v + 15);
    }
    uint64_t aux = e + W;
    uint64_t pagesz = 0, entry = 0, phdr = 0, rnd = 0, plat = 0, hwcap = 0, uid = ~0ull, execfn = 0, phent = 0;
    for (; rd(aux); aux += 2 * W) {
        uint64_t t = rd(aux), v = rd(aux + W);
        if (t == 6) pagesz = v; if (t == 9) entry = v; if (t == 3) phdr = v; if (t == 25) rnd = v;
        if (t == 15) plat = v; if (t == 16) hwcap = v; if (t == 11) uid = v; if (t == 31) execfn = v;
        if (t == 4) phent = v;
    }
    CHECK(pagesz == 4096 && entry == 0x1000 && phdr == 0x1234000 && phent == (MODE == 64 ? 56u : 32u), "auxv-basic");
    CHECK(rnd && rnd % 16 == 0, "auxv-random");
    CHECK(plat && !xl_strcmp((const char *)plat, MODE == 64 ? "x86_64" : "i686"), "auxv-platform");
    CHECK(hwcap == 0x07808111u, "auxv-hwcap"); /* docs/cpuid.md: leaf 1 EDX, the same for both modes */
    CHECK(execfn != 0, "auxv-execfn");
    out(s, "auxv-uid=%llu\n", (unsigned long long)uid);
    out(s, "pid=%lld\n", (long long)SC0(NR(getpid, getpid)));
    out(s, "ppid=%lld\n", (long long)SC0(NR(getppid, getppid)));
    out(s, "uid=%lld\n", (long long)SC0(NR(getuid, getuid32)));

    /* uname */
    char *u = scratch(s);
    CHECK(SC1(NR(uname, uname), u) == 0, "uname");
    out(s, "machine=%s\n", u + 65 * 4);

    /* brk */
    int64_t b0 = SC1(NR(brk, brk), 0);
    CHECK(b0 == (MODE == 64 ? 0x601000 : 0x8101000), "brk-initial");
    int64_t b1 = SC1(NR(brk, brk), b0 + 0x12345);
    CHECK(b1 == b0 + 0x12345, "brk-grow");
    memset((void *)b0, 0xab, 0x12345);
    CHECK(SC1(NR(brk, brk), 0) == b1, "brk-query");
    CHECK(SC1(NR(brk, brk), b0 + 0x100) == b0 + 0x100 && SC1(NR(brk, brk), b0 + 0x3000) == b0 + 0x3000 &&
          ((unsigned char *)b0)[0x2000] == 0, "brk-shrink-regrow-zero");

    /* mmap */
    int64_t m;
    if (MODE == 64) m = SC6(X64_NR_mmap, 0, 1 << 20, 3, 0x22, -1, 0);
    else m = SC6(I386_NR_mmap2, 0, 1 << 20, 3, 0x22, -1, 0);
    CHECK(m > 0 && (m & 0xfff) == 0, "mmap-anon");
    CHECK(MODE == 64 || (uint64_t)m + (1 << 20) <= (1ull << 32), "mmap-below-4g");
    if (m > 0) { memset((void *)m, 1, 1 << 20); CHECK(SC2(NR(munmap, munmap), m, 1 << 20) == 0, "munmap"); }
    if (MODE == 64) {
        int64_t m32 = SC6(X64_NR_mmap, 0, 0x10000, 3, 0x22 | 0x40, -1, 0);
        CHECK(m32 > 0 && (uint64_t)m32 + 0x10000 <= (1ull << 31), "mmap-MAP_32BIT");
    } else {
        uint32_t *args = (uint32_t *)scratch(s);
        args[0] = 0; args[1] = 0x3000; args[2] = 3; args[3] = 0x22; args[4] = (uint32_t)-1; args[5] = 0;
        int64_t mo = SC1(I386_NR_mmap, args);
        CHECK(mo > 0 && (uint64_t)mo < (1ull << 32), "old-mmap");
        /* many mappings, all below 4 GiB */
        int ok = 1;
        for (int i = 0; i < 64; i++) {
            int64_t r = SC6(I386_NR_mmap2, 0, 0x100000 + i * 0x1000, 3, 0x22, -1, 0);
            if (r <= 0 || (uint64_t)r >= (1ull << 32)) ok = 0;
        }
        CHECK(ok, "mmap2-many-below-4g");
        int64_t r0 = SC6(I386_NR_mmap2, 0, 0x2000, 3, 0x22, -1, 0);
        int64_t r1 = SC6(I386_NR_mremap, r0, 0x2000, 0x800000, 1 /* MAYMOVE */, 0, 0);
        CHECK(r1 > 0 && (uint64_t)r1 + 0x800000 <= (1ull << 32), "mremap-below-4g");
    }

    /* time */
    int64_t t = SC1(NR(time, time), 0);
    int64_t ts[2] = { 0, 0 };
    if (MODE == 64) CHECK(SC2(X64_NR_clock_gettime, 0, scratch(s)) == 0, "clock_gettime");
    else CHECK(SC2(I386_NR_clock_gettime, 0, scratch(s)) == 0, "clock_gettime");
    if (MODE == 64) memcpy(ts, scratch(s), 16);
    else { int32_t t32[2]; memcpy(t32, scratch(s), 8); ts[0] = t32[0]; ts[1] = t32[1]; }
    CHECK(ts[0] - t >= 0 && ts[0] - t <= 2 && ts[1] >= 0 && ts[1] < 1000000000, "time-consistent");
    out(s, "time=%lld\n", (long long)t);
    if (MODE == 32) {
        int64_t ts64[2];
        CHECK(SC2(I386_NR_clock_gettime64, 1, scratch(s)) == 0, "clock_gettime64");
        memcpy(ts64, scratch(s), 16);
        CHECK(ts64[1] >= 0 && ts64[1] < 1000000000, "clock_gettime64-nsec");
    }

    /* cpuid */
    s->gpr[GPR_RAX] = 0; s->gpr[GPR_RCX] = 0;
    xlate_cpuid(s);
    char vendor[13];
    memcpy(vendor, &s->gpr[GPR_RBX], 4); memcpy(vendor + 4, &s->gpr[GPR_RDX], 4); memcpy(vendor + 8, &s->gpr[GPR_RCX], 4);
    vendor[12] = 0;
    out(s, "cpuid0=%s max=%llu\n", vendor, (unsigned long long)s->gpr[GPR_RAX]);
    s->gpr[GPR_RAX] = 1; xlate_cpuid(s);
    out(s, "cpuid1.edx=0x%llx ecx=0x%llx\n", (unsigned long long)s->gpr[GPR_RDX], (unsigned long long)s->gpr[GPR_RCX]);
    uint64_t t1 = xlate_rdtsc(s), t2 = xlate_rdtsc(s);
    CHECK(t2 >= t1 && t1 > 0, "rdtsc");

    /* TLS */
    if (MODE == 64) {
        CHECK(SC2(X64_NR_arch_prctl, 0x1002, 0x7777000) == 0 && s->fs_base == 0x7777000, "arch_prctl-set-fs");
        CHECK(SC2(X64_NR_arch_prctl, 0x1003, scratch(s)) == 0 && *(uint64_t *)scratch(s) == 0x7777000, "arch_prctl-get-fs");
    } else {
        uint32_t *ud = (uint32_t *)scratch(s);
        ud[0] = (uint32_t)-1; ud[1] = 0x5550000; ud[2] = 0xfffff; ud[3] = 0x51;
        CHECK(SC1(I386_NR_set_thread_area, ud) == 0 && ud[0] == 12, "set_thread_area");
        s->gs_base = 0;
        xlate_load_segment(s, 5, ud[0] * 8 + 3);
        CHECK(s->gs_base == 0x5550000, "load-gs");
        xlate_load_segment(s, 5, 0);
        CHECK(s->gs_base == 0, "load-gs-null");
    }

    /* unsupported syscall: -ENOSYS, reported once */
    uint64_t bad = MODE == 64 ? X64_NR_kexec_load : I386_NR_kexec_load;
    CHECK(SC0(bad) == -38 && SC0(bad) == -38, "unsupported-enosys");
    /* rt_sigaction: handler recorded and returned as the old one */
    if (MODE == 64) {
        uint64_t *act = (uint64_t *)scratch(s), *old = act + 8;
        act[0] = 0x401234; act[1] = 0x04000000; act[2] = 0x401000; act[3] = 0;
        CHECK(SC4(X64_NR_rt_sigaction, 10, act, 0, 8) == 0 && SC4(X64_NR_rt_sigaction, 10, 0, old, 8) == 0 &&
              old[0] == 0x401234, "rt_sigaction");
    } else {
        uint32_t *act = (uint32_t *)scratch(s), *old = act + 8;
        act[0] = 0x8049234; act[1] = 0x04000000; act[2] = 0x8049000; act[3] = 0; act[4] = 0;
        CHECK(SC4(I386_NR_rt_sigaction, 10, act, 0, 8) == 0 && SC4(I386_NR_rt_sigaction, 10, 0, old, 8) == 0 &&
              old[0] == 0x8049234, "rt_sigaction");
    }
    return 0x1010; /* "ret" to the next unit: goes through xlate_lookup */
}

static uint64_t unit_files(GuestState *s, uint64_t pc) {
    (void)pc;
    const char *path = arg1 ? arg1 : "/etc/hostname";
    char *p = scratch(s);
    xl_strlcpy(p, path, 4096);
    int64_t fd = SC4(NR(openat, openat), -100, p, 0 /* O_RDONLY */, 0);
    CHECK(fd >= 0, "openat");
    char *st = p + 4096;
    int64_t size = -1;
    if (MODE == 64) {
        CHECK(SC2(X64_NR_fstat, fd, st) == 0, "fstat");
        memcpy(&size, st + 48, 8);
        int64_t s2; CHECK(SC2(X64_NR_stat, p, st) == 0, "stat"); memcpy(&s2, st + 48, 8);
        CHECK(s2 == size, "stat-size");
        uint32_t mode; memcpy(&mode, st + 24, 4);
        CHECK((mode & 0170000) == 0100000, "stat-mode-regular");
    } else {
        CHECK(SC2(I386_NR_fstat64, fd, st) == 0, "fstat64");
        memcpy(&size, st + 44, 8);
        uint32_t mode; memcpy(&mode, st + 16, 4);
        CHECK((mode & 0170000) == 0100000, "stat64-mode-regular");
        int64_t s2; CHECK(SC4(I386_NR_fstatat64, -100, p, st, 0) == 0, "fstatat64"); memcpy(&s2, st + 44, 8);
        CHECK(s2 == size, "fstatat64-size");
        CHECK(SC2(I386_NR_stat, p, st) == 0 && *(uint32_t *)(st + 20) == (uint32_t)size, "old-stat");
        uint64_t *res = (uint64_t *)(st + 256);
        CHECK(SC6(I386_NR__llseek, fd, 0, 1, res, 0, 0) == 0 && *res == 1, "_llseek");
        SC6(I386_NR__llseek, fd, 0, 0, res, 0, 0);
    }
    out(s, "size=%lld\n", (long long)size);
    char *buf = p + 8192;
    int64_t n = SC3(NR(read, read), fd, buf, 16);
    CHECK(n == (size < 16 ? size : 16), "read");
    out(s, "head=");
    for (int64_t i = 0; i < n; i++) out(s, "%02x", (unsigned char)buf[i]);
    out(s, "\n");
    /* fcntl F_GETFL converts flag bits (O_LARGEFILE shows up as x86's 0100000 if set) */
    int64_t fl = SC2(NR(fcntl, fcntl64), fd, 3);
    CHECK(fl >= 0 && (fl & 3) == 0 && !(fl & 0400000), "fcntl-getfl");
    CHECK(SC1(NR(close, close), fd) == 0, "close");
    /* open flag conversion: O_DIRECTORY on a regular file must fail with ENOTDIR */
    CHECK(SC3(NR(open, open), p, 0200000, 0) == -20, "open-O_DIRECTORY");
    xl_strlcpy(p, "/", 8);
    int64_t dfd = SC3(NR(open, open), p, 0200000, 0);
    CHECK(dfd >= 0, "open-dir");
    CHECK(SC3(NR(getdents64, getdents64), dfd, buf, 4096) > 0, "getdents64");
    SC1(NR(close, close), dfd);
    CHECK(SC2(NR(getcwd, getcwd), buf, 4096) > 0 && buf[0] == '/', "getcwd");
    /* writev with guest iovecs */
    char *m1 = p + 12288, *m2 = m1 + 16;
    xl_strlcpy(m1, "writev-", 16); xl_strlcpy(m2, "works\n", 16);
    if (MODE == 64) { uint64_t *iov = (uint64_t *)(p + 16384); iov[0] = (uint64_t)m1; iov[1] = 7; iov[2] = (uint64_t)m2; iov[3] = 6;
                      CHECK(SC3(X64_NR_writev, 1, iov, 2) == 13, "writev"); }
    else { uint32_t *iov = (uint32_t *)(p + 16384); iov[0] = (uint32_t)(uint64_t)m1; iov[1] = 7; iov[2] = (uint32_t)(uint64_t)m2; iov[3] = 6;
           CHECK(SC3(I386_NR_writev, 1, iov, 2) == 13, "writev"); }
    return 0x1020;
}

static uint64_t unit_exit(GuestState *s, uint64_t pc) {
    (void)pc;
    if (arg1 && !xl_strcmp(arg1, "ud2")) xlate_trap(s, 0x1022, XLATE_TRAP_UD2, 0);
    if (arg1 && !xl_strcmp(arg1, "unsupported")) xlate_trap(s, 0x1024, XLATE_TRAP_UNSUPPORTED, "unsupported instruction 'fsincos' (bytes d9 fb)");
    if (arg1 && !xl_strcmp(arg1, "divide")) xlate_trap(s, 0x1026, XLATE_TRAP_DIVIDE, 0);
    if (arg1 && !xl_strcmp(arg1, "nowhere")) return 0xdead;
    out(s, "failures=%d\n", fails);
    SC1(NR(exit_group, exit_group), fails ? 1 : 42);
    return 0;
}
