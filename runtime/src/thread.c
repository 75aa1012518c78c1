/* Guest threads: clone, thread exit, the main thread's structures. See thread.h. */
#include "thread.h"
#include "signal.h"

enum {
    CLONE_VM_ = 0x100, CLONE_VFORK_ = 0x4000, CLONE_SETTLS_ = 0x80000,
};
#define THREAD_HOST_STACK (64ull << 20)
#define GUARD PAGE_SIZE

int64_t xl_i386_set_tls(GuestState *s, uint64_t user_desc); /* syscalls/i386.c: set_thread_area */

static XlThread main_thread __attribute__((aligned(64)));

XlThread *xl_main_thread_init(void) {
    static uint8_t main_signals[32768] __attribute__((aligned(16)));
    if (xl_signal_thread_size() > sizeof main_signals) {
        xl_eprintf("xlate: internal error: signal state larger than its static area\n");
        xl_exit_group(127);
    }
    main_thread.sig = (struct XlSignalThread *)main_signals;
    xl_signal_thread_init(main_thread.sig, 0, 0);
    __asm__ volatile("msr tpidr_el0, %0" : : "r"(&main_thread));
    return &main_thread;
}

static int64_t set_guest_tls(GuestState *s, uint64_t tls) {
    if (s->mode == XLATE_MODE_X64) { s->fs_base = tls; return 0; }
    return xl_i386_set_tls(s, tls);
}

/* Starts the child side of a raw host clone: on the new host stack, x0 = 0; calls xl_thread_main(t). */
int64_t xl_clone_raw(uint64_t flags, uint64_t stack, uint64_t ptid, uint64_t tls, uint64_t ctid, XlThread *t);
__asm__(".text\n.globl xl_clone_raw\n.type xl_clone_raw, %function\nxl_clone_raw:\n"
        "  mov x10, x5\n  mov x8, #220\n  svc #0\n  cbz x0, 1f\n  ret\n"
        "1: mov x29, #0\n  mov x30, #0\n  mov x0, x10\n  bl xl_thread_main\n  brk #0\n"
        ".size xl_clone_raw, . - xl_clone_raw\n");

/* Frees the thread's mapping (its own stack) and exits, touching no memory in between. */
_Noreturn void xl_unmap_and_exit(uint64_t region, uint64_t size, int64_t status);
__asm__(".text\n.globl xl_unmap_and_exit\n.type xl_unmap_and_exit, %function\nxl_unmap_and_exit:\n"
        "  mov x9, x2\n  mov x8, #215\n  svc #0\n  mov x0, x9\n  mov x8, #93\n  svc #0\n  b xl_unmap_and_exit\n"
        ".size xl_unmap_and_exit, . - xl_unmap_and_exit\n");

_Noreturn void xl_thread_main(XlThread *t);
_Noreturn void xl_thread_main(XlThread *t) {
    xl_signal_thread_start();
    GuestState *s = &t->s;
    uint64_t pc = s->rip;
    for (;;) pc = xlate_lookup(s, pc, 0)(s, pc);
}

static void block_all(uint64_t *old) {
    uint64_t all = ~0ull;
    host_sc4(HOST_NR_rt_sigprocmask, H_SIG_SETMASK, &all, old, 8);
}

int64_t xl_clone(GuestState *s, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls, uint64_t ctid) {
    if (!(flags & CLONE_VM_)) {
        /* fork-like: the child continues on a copy of this host stack */
        int64_t r = host_sc5(HOST_NR_clone, flags & ~(uint64_t)CLONE_SETTLS_, 0, ptid, 0, ctid);
        if (r == 0) {
            if (newsp) s->gpr[GPR_RSP] = newsp;
            if (flags & CLONE_SETTLS_) set_guest_tls(s, tls);
        }
        return r;
    }
    XlThread *parent = xl_thread_of(s);
    uint64_t head = PAGE_UP(sizeof(XlThread) + xl_signal_thread_size());
    uint64_t size = head + GUARD + THREAD_HOST_STACK;
    int64_t region = host_sc6(HOST_NR_mmap, 0, size, H_PROT_READ | H_PROT_WRITE,
                              H_MAP_PRIVATE | H_MAP_ANONYMOUS | H_MAP_NORESERVE, (uint64_t)-1, 0);
    if (region < 0 && region > -4096) return region;
    host_sc3(HOST_NR_mprotect, (uint64_t)region + head, GUARD, H_PROT_NONE);
    XlThread *t = (XlThread *)region;
    memcpy(&t->s, s, sizeof t->s);
    t->sig = (struct XlSignalThread *)((uint8_t *)t + sizeof(XlThread));
    memcpy(t->tls_base, parent->tls_base, sizeof t->tls_base);
    memcpy(t->tls_used, parent->tls_used, sizeof t->tls_used);
    t->region = (uint64_t)region;
    t->region_size = size;
    t->s.gpr[GPR_RAX] = 0;
    t->s.sig_pending = 0;
    if (newsp) t->s.gpr[GPR_RSP] = newsp;
    t->s.host_sp_limit = (uint64_t)region + head + GUARD + (1u << 20);
    if (flags & CLONE_SETTLS_) {
        int64_t r = set_guest_tls(&t->s, tls);
        if (r < 0) { host_sc2(HOST_NR_munmap, region, size); return r; }
    }
    xl_signal_thread_init(t->sig, parent->sig, (flags & CLONE_VFORK_) != 0);
    uint64_t old;
    block_all(&old); /* the child starts with everything blocked and sets its own mask */
    int64_t r = xl_clone_raw(flags | CLONE_SETTLS_, (uint64_t)region + size, ptid, (uint64_t)t, ctid, t);
    host_sc4(HOST_NR_rt_sigprocmask, H_SIG_SETMASK, &old, 0, 8);
    if (r < 0) host_sc2(HOST_NR_munmap, region, size);
    return r;
}

_Noreturn void xl_thread_exit(int status) {
    XlThread *t = xl_self();
    if (!t->region) for (;;) host_sc1(HOST_NR_exit, status);
    block_all(0); /* no host handler may run on the stack being freed */
    xl_unmap_and_exit(t->region, t->region_size, status);
}
