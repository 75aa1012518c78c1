/* Startup: host stack switch, guest initial stack (argv/envp/auxv in the guest's x86 ABI), dispatch loop. */
#include "host.h"
#include "thread.h"

char **xl_host_envp;
int xl_strace;
static uint64_t main_host_sp_limit;

void xl_call_on_stack(void *new_sp, void (*fn)(void *), void *arg) __attribute__((noreturn));
_Noreturn void xlate_start(uint64_t *sp);

#define HOST_STACK_SIZE (256ull << 20)
#define GUEST_STACK_SIZE (8ull << 20)
#define GUEST_STACK_GUARD (1ull << 20)

uint64_t xl_guest_stack_guard; /* the lowest address of the main guest stack's guard gap (GUEST_STACK_GUARD bytes) */

/* auxv tags */
enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9,
       AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17,
       AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31 };

const char *xl_getenv(const char *name) {
    size_t n = xl_strlen(name);
    for (char **e = xl_host_envp; e && *e; e++)
        if (!xl_strncmp(*e, name, n) && (*e)[n] == '=') return *e + n + 1;
    return 0;
}

typedef struct { int argc; char **argv; char **envp; uint64_t *auxv; } HostArgs;

/* Writes a pointer-sized value (4 or 8 bytes) into the guest stack. */
static void put_word(uint8_t *p, uint64_t v, unsigned w) {
    if (w == 4) { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); } else memcpy(p, &v, 8);
}

static uint64_t build_guest_stack(const HostArgs *ha, uint32_t mode) {
    unsigned w = mode == XLATE_MODE_I386 ? 4 : 8;
    /* below the stack, a gap nothing else is mapped into, like Linux's stack guard gap: an overflow faults there
     * (SEGV_MAPERR, see xl_guest_stack_guard) instead of running into the next mapping */
    int64_t base = xl_guest_mmap(0, GUEST_STACK_GUARD + GUEST_STACK_SIZE, H_PROT_READ | H_PROT_WRITE,
                                 H_MAP_PRIVATE | H_MAP_ANONYMOUS | H_MAP_STACK, -1, 0,
                                 mode == XLATE_MODE_I386 ? (1ull << 32) : UINT64_MAX);
    if (base < 0) { xl_eprintf("xlate: cannot allocate the guest stack (%lld)\n", (long long)base); xl_exit_group(127); }
    host_sc3(HOST_NR_mprotect, (uint64_t)base, GUEST_STACK_GUARD, H_PROT_NONE);
    xl_guest_stack_guard = (uint64_t)base;
    base += GUEST_STACK_GUARD;
    uint64_t top = (uint64_t)base + GUEST_STACK_SIZE;
    uint64_t p = top - 16;

    const char *execfn = 0;
    for (uint64_t *a = ha->auxv; a && a[0] != AT_NULL; a += 2) if (a[0] == AT_EXECFN) execfn = (const char *)a[1];
    if (!execfn) execfn = ha->argc > 0 ? ha->argv[0] : "";

    /* strings */
#define PUSH_STR(str, out) do { size_t l_ = xl_strlen(str) + 1; p -= l_; memcpy((void *)p, (str), l_); (out) = p; } while (0)
    uint64_t execfn_g; PUSH_STR(execfn, execfn_g);
    int envc = 0; while (ha->envp[envc]) envc++;
    uint64_t *argv_g = (uint64_t *)(top - GUEST_STACK_SIZE); /* scratch at the bottom of the new stack */
    uint64_t *envp_g = argv_g + ha->argc + 1;
    if ((uint64_t)(ha->argc + envc + 2) * 8 > GUEST_STACK_SIZE / 2) { xl_eprintf("xlate: argument list too long\n"); xl_exit_group(127); }
    for (int i = envc - 1; i >= 0; i--) PUSH_STR(ha->envp[i], envp_g[i]);
    for (int i = ha->argc - 1; i >= 0; i--) PUSH_STR(ha->argv[i], argv_g[i]);
    const char *plat = mode == XLATE_MODE_I386 ? "i686" : "x86_64";
    uint64_t plat_g; PUSH_STR(plat, plat_g);
#undef PUSH_STR
    p &= ~15ull;
    p -= 16;
    uint64_t random_g = p;
    if (host_sc3(HOST_NR_getrandom, random_g, 16, 0) != 16) {
        struct host_timespec ts; host_sc2(HOST_NR_clock_gettime, 1, &ts);
        uint64_t v[2] = { (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull, (uint64_t)ts.tv_sec ^ (uint64_t)&ts };
        memcpy((void *)random_g, v, 16);
    }

    uint64_t aux[][2] = {
        { AT_PHDR, xlate_guest_phdr }, { AT_PHENT, xlate_guest_phent }, { AT_PHNUM, xlate_guest_phnum },
        { AT_PAGESZ, 4096 }, { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, xlate_guest_entry },
        { AT_UID, (uint64_t)host_sc0(HOST_NR_getuid) }, { AT_EUID, (uint64_t)host_sc0(HOST_NR_geteuid) },
        { AT_GID, (uint64_t)host_sc0(HOST_NR_getgid) }, { AT_EGID, (uint64_t)host_sc0(HOST_NR_getegid) },
        { AT_SECURE, 0 }, { AT_RANDOM, random_g }, { AT_HWCAP, xl_cpuid_leaf1_edx(mode) }, { AT_HWCAP2, 0 },
        { AT_CLKTCK, 100 }, { AT_PLATFORM, plat_g }, { AT_EXECFN, execfn_g }, { AT_NULL, 0 },
    };
    unsigned naux = sizeof aux / sizeof aux[0];
    uint64_t words = 1 + (uint64_t)ha->argc + 1 + (uint64_t)envc + 1 + 2 * naux;
    uint64_t sp = (p - words * w) & ~15ull;
    uint8_t *q = (uint8_t *)sp;
    put_word(q, (uint64_t)ha->argc, w); q += w;
    for (int i = 0; i < ha->argc; i++) { put_word(q, argv_g[i], w); q += w; }
    put_word(q, 0, w); q += w;
    for (int i = 0; i < envc; i++) { put_word(q, envp_g[i], w); q += w; }
    put_word(q, 0, w); q += w;
    for (unsigned i = 0; i < naux; i++) { put_word(q, aux[i][0], w); q += w; put_word(q, aux[i][1], w); q += w; }
    memset(argv_g, 0, (uint64_t)(ha->argc + envc + 2) * 8); /* clear the scratch area */
    return sp;
}

static _Noreturn void run(void *arg) {
    const HostArgs *ha = arg;
    GuestState *s = &xl_main_thread_init()->s;
    s->host_sp_limit = main_host_sp_limit;
    s->mode = xlate_guest_mode;
    if (s->mode == XLATE_MODE_I386) { void xl_i386_choose_syscall_path(void); xl_i386_choose_syscall_path(); }
    s->gpr[GPR_RSP] = build_guest_stack(ha, s->mode);
    s->df = 0;
    /* the selectors Linux gives a user process (x86-64: flat 64-bit cs, no data segments; i386: flat data
     * segments; gs becomes glibc's TLS selector when it loads it) */
    static const uint16_t x64_seg[6] = { 0, 0x33, 0x2b, 0, 0, 0 }, i386_seg[6] = { 0x2b, 0x23, 0x2b, 0x2b, 0, 0 };
    memcpy(s->seg, s->mode == XLATE_MODE_I386 ? i386_seg : x64_seg, sizeof s->seg);
    s->mxcsr = 0x1f80;
    s->fpu_cw = 0x037f;
    s->fpu_top = 0;
    for (int i = 0; i < 8; i++) s->fpu_tag[i] = 1;
    uint64_t pc = xlate_guest_entry;
    s->rip = pc;
    for (;;) pc = xlate_lookup(s, pc, 0)(s, pc);
}

_Noreturn void xlate_start(uint64_t *sp) {
    static HostArgs ha;
    ha.argc = (int)sp[0];
    ha.argv = (char **)(sp + 1);
    ha.envp = ha.argv + ha.argc + 1;
    char **e = ha.envp; while (*e) e++;
    ha.auxv = (uint64_t *)(e + 1);
    xl_host_envp = ha.envp;
    const char *st = xl_getenv("XLATE_STRACE");
    xl_strace = st && st[0] && st[0] != '0';

    int64_t stk = host_sc6(HOST_NR_mmap, 0, HOST_STACK_SIZE, H_PROT_READ | H_PROT_WRITE,
                           H_MAP_PRIVATE | H_MAP_ANONYMOUS | H_MAP_NORESERVE | H_MAP_STACK, (uint64_t)-1, 0);
    if (stk < 0 && stk > -4096) { xl_eprintf("xlate: cannot allocate the host stack\n"); xl_exit_group(127); }
    main_host_sp_limit = (uint64_t)stk + (1u << 20); /* keep 1 MiB of headroom for the runtime */
    xl_call_on_stack((void *)((uint64_t)stk + HOST_STACK_SIZE), run, &ha);
}
