/* Guest signals. A guest handler is registered on the host as host_handler(), which only records the signal and
 * its siginfo and keeps it blocked on the host until delivery; xlate_syscall then delivers it at the end of the
 * syscall: an x86 frame is built on the guest stack as the kernel builds it, and the handler runs as translated
 * code in a nested dispatch loop until its restorer calls (rt_)sigreturn, which restores the guest registers and
 * mask from the frame and longjmps back to the delivery point. Faults of translated code (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL, SIGTRAP raised by the CPU) are delivered from host_handler itself, with the guest state as last stored
 * (registers and rip may be stale, see deliver_fault). The host signal mask is always guest mask | recorded set. */
#include "signal.h"
#include "thread.h"
#include "syscalls/common.h"
#include "guest_signal.h"
#include "signal_fpstate.h"
#include "mxcsr.h"

#define NSIG_ 64
#define BIT(sig) (1ull << ((sig) - 1))
enum { SIGILL_ = 4, SIGTRAP_ = 5, SIGBUS_ = 7, SIGFPE_ = 8, SIGKILL_ = 9, SIGSEGV_ = 11, SIGCHLD_ = 17,
       SIGSTOP_ = 19, SIGPOLL_ = 29 };
#define UNBLOCKABLE (BIT(SIGKILL_) | BIT(SIGSTOP_))
#define FAULT_SIGNALS (BIT(SIGILL_) | BIT(SIGTRAP_) | BIT(SIGBUS_) | BIT(SIGFPE_) | BIT(SIGSEGV_))
/* sa_flags: identical on x86 and aarch64 */
#define SA_NOCLDSTOP_ 0x1u
#define SA_NOCLDWAIT_ 0x2u
#define SA_SIGINFO_ 0x4u
#define SA_RESTORER_ 0x04000000u
#define SA_ONSTACK_ 0x08000000u
#define SA_RESTART_ 0x10000000u
#define SA_NODEFER_ 0x40000000u
#define SA_RESETHAND_ 0x80000000u
enum { SS_ONSTACK_ = 1, SS_DISABLE_ = 2 };
#define SS_AUTODISARM_ (1u << 31)
#define MINSIGSTKSZ_ 2048
#define XE_INTR 4


static struct host_sigaction guest_sig[NSIG_ + 1];
static uint8_t guest_sig_known[NSIG_ + 1];

/* ---- host setjmp/longjmp: callee-saved x19-x30, sp, d8-d15 (AAPCS64) ------------------------------------- */
typedef uint64_t XlJmpBuf[21];
int xl_setjmp(XlJmpBuf b) __attribute__((returns_twice));
_Noreturn void xl_longjmp(XlJmpBuf b);
__asm__(
    ".text\n.arch_extension fp\n"
    ".globl xl_setjmp\n.type xl_setjmp, %function\nxl_setjmp:\n"
    "  stp x19, x20, [x0, #0]\n  stp x21, x22, [x0, #16]\n  stp x23, x24, [x0, #32]\n"
    "  stp x25, x26, [x0, #48]\n  stp x27, x28, [x0, #64]\n  stp x29, x30, [x0, #80]\n"
    "  mov x16, sp\n  str x16, [x0, #96]\n"
    "  stp d8, d9, [x0, #104]\n  stp d10, d11, [x0, #120]\n  stp d12, d13, [x0, #136]\n  stp d14, d15, [x0, #152]\n"
    "  mov w0, #0\n  ret\n.size xl_setjmp, . - xl_setjmp\n"
    ".globl xl_longjmp\n.type xl_longjmp, %function\nxl_longjmp:\n"
    "  ldp x19, x20, [x0, #0]\n  ldp x21, x22, [x0, #16]\n  ldp x23, x24, [x0, #32]\n"
    "  ldp x25, x26, [x0, #48]\n  ldp x27, x28, [x0, #64]\n  ldp x29, x30, [x0, #80]\n"
    "  ldr x16, [x0, #96]\n  mov sp, x16\n"
    "  ldp d8, d9, [x0, #104]\n  ldp d10, d11, [x0, #120]\n  ldp d12, d13, [x0, #136]\n  ldp d14, d15, [x0, #152]\n"
    "  mov w0, #1\n  ret\n.size xl_longjmp, . - xl_longjmp\n");

/* ---- per-thread state ---------------------------------------------------------------------------------------- */
/* One record per handler running in a nested dispatch loop; a handler left by siglongjmp leaves its record behind
 * (found by frame address, so a stale record is only reached by a sigreturn on its own frame). */
typedef struct { XlJmpBuf jb; uint64_t frame, restorer; } Delivery;
#define MAX_DELIVERIES 32

/* What Linux keeps per thread: the mask, the alternate stack, the recorded signals (their bits are the thread's
 * GuestState.sig_pending, which translated code polls) and the handlers running. Dispositions are per process. */
struct XlSignalThread {
    uint64_t mask, saved_mask;                 /* saved_mask: the mask sigsuspend replaced */
    int mask_known, mask_restore;              /* mask_restore: a sigsuspend mask to undo */
    struct { uint64_t sp, size; uint32_t flags; } alt;
    uint8_t pending_info[NSIG_ + 1][128];      /* host (64-bit) siginfo of each recorded signal */
    Delivery deliveries[MAX_DELIVERIES];
    int delivery_count;
};

static inline struct XlSignalThread *me(void) { return xl_self()->sig; }
static inline volatile uint64_t *pending_word(void) { return &xl_self()->s.sig_pending; }

uint64_t xl_signal_thread_size(void) { return sizeof(struct XlSignalThread); }

void xl_signal_thread_init(struct XlSignalThread *t, const struct XlSignalThread *parent, int inherit_alt_stack) {
    memset(t, 0, sizeof *t);
    if (!parent) return;
    /* called on the parent's thread, whose host mask is its guest mask while none is known */
    if (parent->mask_known) t->mask = parent->mask;
    else host_sc4(HOST_NR_rt_sigprocmask, H_SIG_BLOCK, 0, &t->mask, 8);
    t->mask_known = 1;
    if (inherit_alt_stack) t->alt = parent->alt;
}

/* Read-modify-write of the recorded set, safe against host_handler interrupting it (load/store exclusive; the
 * runtime is built without outline atomics helpers). */
static void pending_update(uint64_t set, uint64_t clear) {
    uint64_t v;
    uint32_t failed;
    __asm__ volatile("1: ldaxr %0, [%2]\n"
                     "   orr %0, %0, %3\n"
                     "   bic %0, %0, %4\n"
                     "   stlxr %w1, %0, [%2]\n"
                     "   cbnz %w1, 1b"
                     : "=&r"(v), "=&r"(failed) : "r"(pending_word()), "r"(set), "r"(clear) : "memory");
}

/* ---- mask ------------------------------------------------------------------------------------------------ */
static void ensure_mask(void) {
    if (me()->mask_known) return;
    host_sc4(HOST_NR_rt_sigprocmask, H_SIG_BLOCK, 0, &me()->mask, 8);
    me()->mask_known = 1;
}

/* Host mask := guest mask | recorded signals. Everything is blocked while the recorded set is read, so a signal
 * recorded meanwhile cannot be unblocked by a stale value. */
static void apply_mask(void) {
    uint64_t all = ~0ull, m;
    host_sc4(HOST_NR_rt_sigprocmask, H_SIG_SETMASK, &all, 0, 8);
    m = me()->mask | __atomic_load_n(pending_word(), __ATOMIC_SEQ_CST);
    host_sc4(HOST_NR_rt_sigprocmask, H_SIG_SETMASK, &m, 0, 8);
}

static void set_guest_mask(uint64_t m) { me()->mask = m & ~UNBLOCKABLE; apply_mask(); }

void xl_signal_thread_start(void) { ensure_mask(); apply_mask(); }

int xl_signal_work_waiting(const GuestState *s) { return s->sig_pending != 0 || me()->mask_restore; }

/* ---- dispositions ------------------------------------------------------------------------------------------ */
static void host_handler(int sig, void *info, void *uc);

static int64_t install_host(int sig, const struct host_sigaction *act) {
    struct host_sigaction h;
    if (act->handler == H_SIG_DFL || act->handler == H_SIG_IGN) {
        h = (struct host_sigaction){ act->handler, act->flags & (SA_NOCLDSTOP_ | SA_NOCLDWAIT_ | SA_RESTART_), 0, 0 };
    } else {
        /* everything blocked while recording; no SA_RESTART: an interrupted host syscall returns EINTR, so the guest's
         * handler runs at once and xlate_syscall restarts the call itself when the guest asked for SA_RESTART */
        h = (struct host_sigaction){ (uint64_t)(uintptr_t)host_handler,
                                     SA_SIGINFO_ | (act->flags & (SA_NOCLDSTOP_ | SA_NOCLDWAIT_)), 0, ~0ull };
    }
    return host_sc4(HOST_NR_rt_sigaction, sig, &h, 0, 8);
}

int64_t xl_rt_sigaction(int sig, const struct host_sigaction *act, struct host_sigaction *old) {
    if (sig < 1 || sig > NSIG_) return -XE_INVAL;
    if (act && (sig == SIGKILL_ || sig == SIGSTOP_)) return -XE_INVAL;
    if (!guest_sig_known[sig]) {
        struct host_sigaction cur;
        int64_t r = host_sc4(HOST_NR_rt_sigaction, sig, 0, &cur, 8);
        if (r < 0) return r;
        guest_sig[sig] = cur;
        guest_sig_known[sig] = 1;
    }
    ensure_mask();
    struct host_sigaction prev = guest_sig[sig];
    if (act) {
        int64_t r = install_host(sig, act);
        if (r < 0) return r;
        guest_sig[sig] = *act;
        guest_sig[sig].mask &= ~UNBLOCKABLE;
    }
    if (old) *old = prev;
    return 0;
}

static int has_guest_handler(int sig) {
    return guest_sig_known[sig] && guest_sig[sig].handler != H_SIG_DFL && guest_sig[sig].handler != H_SIG_IGN;
}

/* ---- alternate stack --------------------------------------------------------------------------------------- */
static int on_alt_stack(uint64_t sp) { return me()->alt.size && sp > me()->alt.sp && sp - me()->alt.sp <= me()->alt.size; }
static uint32_t alt_flags(uint64_t sp) {
    if (!me()->alt.size) return SS_DISABLE_;
    return on_alt_stack(sp) ? SS_ONSTACK_ : 0;
}

int64_t xl_sigaltstack(GuestState *s, const XlStack *ss, XlStack *old) {
    uint64_t sp = s->gpr[GPR_RSP];
    XlStack o = { me()->alt.sp, (int64_t)(alt_flags(sp) | (me()->alt.flags & SS_AUTODISARM_)), me()->alt.size };
    if (ss) {
        if (on_alt_stack(sp)) return -XE_PERM;
        uint32_t mode = (uint32_t)ss->flags & ~SS_AUTODISARM_;
        if (mode != SS_DISABLE_ && mode != SS_ONSTACK_ && mode != 0) return -XE_INVAL;
        if (mode == SS_DISABLE_) { me()->alt.sp = 0; me()->alt.size = 0; me()->alt.flags = 0; }
        else {
            if (ss->size < MINSIGSTKSZ_) return -XE_NOMEM;
            me()->alt.sp = ss->sp; me()->alt.size = ss->size; me()->alt.flags = (uint32_t)ss->flags & SS_AUTODISARM_;
        }
    }
    if (old) *old = o;
    return 0;
}

/* rt_sigreturn restores the alternate stack saved in the frame's uc_stack, as the kernel does (it re-arms a stack
 * SS_AUTODISARM disarmed for the handler); ignored while still running on the alternate stack. */
static void restore_alt_stack(uint64_t sp_now, uint64_t ss_sp, int32_t ss_flags, uint64_t ss_size) {
    if (on_alt_stack(sp_now)) return;
    uint32_t mode = (uint32_t)ss_flags & ~(SS_AUTODISARM_ | SS_ONSTACK_);
    if (mode == SS_DISABLE_) { me()->alt.sp = 0; me()->alt.size = 0; me()->alt.flags = 0; return; }
    if (ss_size < MINSIGSTKSZ_) return;
    me()->alt.sp = ss_sp; me()->alt.size = ss_size; me()->alt.flags = (uint32_t)ss_flags & SS_AUTODISARM_;
}

/* ---- frames ------------------------------------------------------------------------------------------------ */
/* stack_gap: how far below the (stale) stack pointer the frame of a CPU fault goes (deliver_fault) */
typedef struct { uint32_t trapno; uint64_t cr2, stack_gap; } FaultInfo;

/* Where the frame goes: below the red zone (and a fault's gap), or at the top of the alternate stack (SA_ONSTACK,
 * not on it yet). */
static uint64_t frame_stack(const GuestState *s, const struct host_sigaction *act, uint64_t redzone,
                            const FaultInfo *fault) {
    uint64_t sp = s->gpr[GPR_RSP] - redzone;
    if ((act->flags & SA_ONSTACK_) && alt_flags(sp) == 0) return me()->alt.sp + me()->alt.size;
    return sp - (fault ? fault->stack_gap : 0);
}

static uint64_t guest_eflags(const GuestState *s) {
    return 0x202u | (uint64_t)s->cf | (uint64_t)s->pf << 2 | (uint64_t)s->af << 4 | (uint64_t)s->zf << 6 |
           (uint64_t)s->sf << 7 | (uint64_t)s->df << 10 | (uint64_t)s->of << 11;
}
static void set_guest_eflags(GuestState *s, uint64_t f) {
    s->cf = f & 1; s->pf = f >> 2 & 1; s->af = f >> 4 & 1; s->zf = f >> 6 & 1; s->sf = f >> 7 & 1;
    s->df = f >> 10 & 1; s->of = f >> 11 & 1;
}

static _Noreturn void no_restorer(int sig) {
    xl_eprintf("xlate: signal %d handler installed without SA_RESTORER (its return path is not translated)\n", sig);
    xl_die_signal(SIGSEGV_);
}

static uint64_t setup_frame_x64(GuestState *s, int sig, const struct host_sigaction *act, const uint8_t *info,
                                uint64_t frame_mask, const FaultInfo *fault) {
    if (!(act->flags & SA_RESTORER_)) no_restorer(sig);
    uint64_t fpstate;
    xlate_mxcsr_sync(s); /* the flags the host raised since the last stmxcsr belong in the frame */
    uint64_t sp = xl_fpstate_save_x64(s, frame_stack(s, act, 128, fault), &fpstate);
    uint64_t frame = ((sp - sizeof(struct x64_rt_sigframe)) & ~15ull) - 8; /* rsp+8 16-aligned at entry */
    struct x64_rt_sigframe *f = (void *)(uintptr_t)frame;
    memset(f, 0, sizeof *f);
    f->pretcode = act->restorer;
    f->uc.uc_flags = X64_UC_SIGCONTEXT_SS | X64_UC_STRICT_RESTORE_SS |
                     (xl_fpstate_uses_xsave(s->mode) ? GUEST_UC_FP_XSTATE : 0);
    f->uc.uc_stack.ss_sp = me()->alt.sp;
    f->uc.uc_stack.ss_flags = (int32_t)(alt_flags(s->gpr[GPR_RSP]) | (me()->alt.flags & SS_AUTODISARM_));
    f->uc.uc_stack.ss_size = me()->alt.size;
    struct x64_sigcontext *c = &f->uc.uc_mcontext;
    const uint64_t *g = s->gpr;
    c->r8 = g[GPR_R8]; c->r9 = g[GPR_R9]; c->r10 = g[GPR_R10]; c->r11 = g[GPR_R11]; c->r12 = g[GPR_R12];
    c->r13 = g[GPR_R13]; c->r14 = g[GPR_R14]; c->r15 = g[GPR_R15]; c->rdi = g[GPR_RDI]; c->rsi = g[GPR_RSI];
    c->rbp = g[GPR_RBP]; c->rbx = g[GPR_RBX]; c->rdx = g[GPR_RDX]; c->rax = g[GPR_RAX]; c->rcx = g[GPR_RCX];
    c->rsp = g[GPR_RSP]; c->rip = s->rip; c->eflags = guest_eflags(s);
    c->cs = 0x33; c->ss = 0x2b;
    c->trapno = fault ? fault->trapno : 0;
    c->cr2 = fault ? fault->cr2 : 0;
    c->oldmask = frame_mask;
    c->fpstate = fpstate;
    f->uc.uc_sigmask = frame_mask;
    memcpy(f->info, info, 128);
    s->gpr[GPR_RDI] = (uint64_t)sig;
    s->gpr[GPR_RSI] = frame + offsetof(struct x64_rt_sigframe, info);
    s->gpr[GPR_RDX] = frame + offsetof(struct x64_rt_sigframe, uc);
    s->gpr[GPR_RAX] = 0;
    s->gpr[GPR_RSP] = frame;
    s->rip = act->handler;
    s->df = 0;
    xl_fpstate_reset(s);
    return frame;
}

static void info_to_i386(const uint8_t *h, struct i386_siginfo *g, int sig) {
    memset(g, 0, sizeof *g);
    memcpy(g, h, 12);
    int32_t code = g->si_code;
    int32_t i32[3]; uint64_t u64[3];
    memcpy(i32, h + 16, 12);
    memcpy(u64, h + 16, 24);
    if (code > 0 && (FAULT_SIGNALS & BIT(sig))) g->u.fault.addr = (uint32_t)u64[0];
    else if (code > 0 && sig == SIGCHLD_) {
        g->u.chld.pid = i32[0]; g->u.chld.uid = (uint32_t)i32[1]; g->u.chld.status = i32[2];
        g->u.chld.utime = (int32_t)u64[2]; memcpy(&u64[0], h + 40, 8); g->u.chld.stime = (int32_t)u64[0];
    } else if (code > 0 && sig == SIGPOLL_) { g->u.poll.band = (int32_t)u64[0]; g->u.poll.fd = i32[2]; }
    else { g->u.rt.pid = i32[0]; g->u.rt.uid = (uint32_t)i32[1]; g->u.rt.value = (uint32_t)u64[1]; }
}

static void fill_sigcontext_i386(struct i386_sigcontext *c, const GuestState *s, uint32_t oldmask,
                                 const FaultInfo *fault, uint32_t fpstate) {
    const uint64_t *g = s->gpr;
    c->gs = s->seg[5]; c->fs = s->seg[4]; c->es = s->seg[0]; c->ds = s->seg[3]; c->ss = s->seg[2]; c->cs = 0x23;
    c->edi = (uint32_t)g[GPR_RDI]; c->esi = (uint32_t)g[GPR_RSI]; c->ebp = (uint32_t)g[GPR_RBP];
    c->esp = (uint32_t)g[GPR_RSP]; c->ebx = (uint32_t)g[GPR_RBX]; c->edx = (uint32_t)g[GPR_RDX];
    c->ecx = (uint32_t)g[GPR_RCX]; c->eax = (uint32_t)g[GPR_RAX];
    c->trapno = fault ? fault->trapno : 0;
    c->cr2 = fault ? (uint32_t)fault->cr2 : 0;
    c->eip = (uint32_t)s->rip; c->eflags = (uint32_t)guest_eflags(s); c->esp_at_signal = c->esp;
    c->fpstate = fpstate; c->oldmask = oldmask;
}

static uint64_t setup_frame_i386(GuestState *s, int sig, const struct host_sigaction *act, const uint8_t *info,
                                 uint64_t frame_mask, const FaultInfo *fault) {
    if (!(act->flags & SA_RESTORER_)) no_restorer(sig);
    uint32_t fpstate;
    xlate_mxcsr_sync(s);
    uint32_t sp = xl_fpstate_save_i386(s, (uint32_t)frame_stack(s, act, 0, fault), &fpstate);
    uint32_t frame;
    if (act->flags & SA_SIGINFO_) {
        frame = ((sp - (uint32_t)sizeof(struct i386_rt_sigframe) + 4) & ~15u) - 4; /* esp+4 16-aligned at entry */
        struct i386_rt_sigframe *f = (void *)(uintptr_t)frame;
        memset(f, 0, sizeof *f);
        f->pretcode = (uint32_t)act->restorer;
        f->sig = sig;
        f->pinfo = frame + (uint32_t)offsetof(struct i386_rt_sigframe, info);
        f->puc = frame + (uint32_t)offsetof(struct i386_rt_sigframe, uc);
        info_to_i386(info, &f->info, sig);
        f->uc.uc_flags = xl_fpstate_uses_xsave(s->mode) ? GUEST_UC_FP_XSTATE : 0;
        f->uc.uc_stack.ss_sp = (uint32_t)me()->alt.sp;
        f->uc.uc_stack.ss_flags = (int32_t)(alt_flags(s->gpr[GPR_RSP]) | (me()->alt.flags & SS_AUTODISARM_));
        f->uc.uc_stack.ss_size = (uint32_t)me()->alt.size;
        fill_sigcontext_i386(&f->uc.uc_mcontext, s, (uint32_t)frame_mask, fault, fpstate);
        f->uc.uc_sigmask[0] = (uint32_t)frame_mask; f->uc.uc_sigmask[1] = (uint32_t)(frame_mask >> 32);
        static const uint8_t rt_retcode[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 }; /* movl $173,%eax; int $0x80 */
        memcpy(f->retcode, rt_retcode, 8);
        s->gpr[GPR_RDX] = f->pinfo;
        s->gpr[GPR_RCX] = f->puc;
    } else {
        frame = ((sp - (uint32_t)sizeof(struct i386_sigframe) + 4) & ~15u) - 4;
        struct i386_sigframe *f = (void *)(uintptr_t)frame;
        memset(f, 0, sizeof *f);
        f->pretcode = (uint32_t)act->restorer;
        f->sig = sig;
        fill_sigcontext_i386(&f->sc, s, (uint32_t)frame_mask, fault, fpstate);
        f->extramask = (uint32_t)(frame_mask >> 32);
        static const uint8_t retcode[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 }; /* popl %eax; movl $119,%eax; int $0x80 */
        memcpy(f->retcode, retcode, 8);
        s->gpr[GPR_RDX] = 0;
        s->gpr[GPR_RCX] = 0;
    }
    s->gpr[GPR_RAX] = (uint32_t)sig;
    s->gpr[GPR_RSP] = frame;
    s->rip = (uint32_t)act->handler;
    s->df = 0;
    xl_fpstate_reset(s);
    return frame;
}

/* ---- running a handler -------------------------------------------------------------------------------------- */
/* One per handler running in a nested dispatch loop; a handler left by siglongjmp leaves its record behind (found
 * by frame address, so a stale record is only reached by a sigreturn on its own frame). */

int64_t xl_sys_rt_sigreturn_x64(GuestState *s, const uint64_t *a);

static const uint8_t x64_rt_restorer[9] = { 0x48, 0xc7, 0xc0, 15, 0, 0, 0, 0x0f, 0x05 }; /* mov $15,%rax; syscall */
static const uint8_t i386_rt_restorer[7] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80 };           /* mov $173,%eax; int $0x80 */
static const uint8_t i386_restorer[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };        /* pop %eax; mov $119,%eax; int $0x80 */

/* The i386 vDSO's __kernel_sigreturn and __kernel_rt_sigreturn, for handlers installed without SA_RESTORER (the
 * raw signal/sigaction calls): one page below 4 GiB made on first use; 0 if it cannot be mapped. */
static uint64_t i386_kernel_restorer(int rt) {
    static uint64_t page;
    uint64_t p = __atomic_load_n(&page, __ATOMIC_ACQUIRE);
    if (!p) {
        int64_t m = xl_guest_mmap(0, PAGE_SIZE, H_PROT_READ | H_PROT_WRITE, H_MAP_PRIVATE | H_MAP_ANONYMOUS, -1, 0,
                                  1ull << 32);
        if (m < 0) return 0;
        memcpy((uint8_t *)(uintptr_t)m, i386_restorer, sizeof i386_restorer);
        memcpy((uint8_t *)(uintptr_t)m + 16, i386_rt_restorer, sizeof i386_rt_restorer);
        host_sc3(HOST_NR_mprotect, m, PAGE_SIZE, H_PROT_READ);
        uint64_t expected = 0;
        if (__atomic_compare_exchange_n(&page, &expected, (uint64_t)m, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) p = (uint64_t)m;
        else { host_sc2(HOST_NR_munmap, m, PAGE_SIZE); p = expected; }
    }
    return rt ? p + 16 : p;
}

/* glibc's restorers are local NOTYPE symbols the translator may not find (i386 __restore_rt, __restore): when a
 * handler returns to a restorer of a running delivery that holds the kernel's byte sequence, its sigreturn is done
 * here. Returns 0 if pc is not such a restorer. */
static int emulate_restorer(GuestState *s, uint64_t pc) {
    int known = 0;
    for (int i = 0; i < me()->delivery_count && !known; i++) known = me()->deliveries[i].restorer == pc;
    if (!known) return 0;
    const uint8_t *p = (const uint8_t *)(uintptr_t)pc;
    int64_t r;
    if (s->mode == XLATE_MODE_X64) {
        if (memcmp(p, x64_rt_restorer, sizeof x64_rt_restorer)) return 0;
        s->gpr[GPR_RAX] = 15; s->rip = pc + sizeof x64_rt_restorer;
        r = xl_sys_rt_sigreturn_x64(s, 0);
        s->gpr[GPR_RAX] = (uint64_t)r;
        return 1;
    }
    if (!memcmp(p, i386_rt_restorer, sizeof i386_rt_restorer)) {
        s->gpr[GPR_RAX] = 173; s->rip = pc + sizeof i386_rt_restorer;
        r = xl_sys_rt_sigreturn_i386(s, 0);
    } else if (!memcmp(p, i386_restorer, sizeof i386_restorer)) {
        s->gpr[GPR_RSP] = (uint32_t)(s->gpr[GPR_RSP] + 4);
        s->gpr[GPR_RAX] = 119; s->rip = pc + sizeof i386_restorer;
        r = xl_sys_sigreturn_i386(s, 0);
    } else return 0;
    s->gpr[GPR_RAX] = (uint32_t)r;
    return 1;
}

/* Runs guest code from pc as the start-up loop does; returns only through a longjmp. */
static _Noreturn void dispatch_from(GuestState *s, uint64_t pc) {
    for (;;) {
        if (emulate_restorer(s, pc)) {
            /* the sigreturn's mask may let a signal through: the kernel delivers it before the code returned to */
            if (xl_signal_work_waiting(s)) xl_signal_deliver(s);
            pc = s->rip;
            continue;
        }
        pc = xlate_lookup(s, pc, 0)(s, pc);
    }
}

static void run_handler(GuestState *s, uint64_t frame, uint64_t restorer) {
    if (me()->delivery_count == MAX_DELIVERIES) { /* drop the oldest: most likely left by siglongjmp */
        memmove(&me()->deliveries[0], &me()->deliveries[1], sizeof me()->deliveries[0] * (MAX_DELIVERIES - 1));
        me()->delivery_count--;
    }
    Delivery *d = &me()->deliveries[me()->delivery_count++];
    d->frame = frame;
    d->restorer = restorer;
    if (xl_setjmp(d->jb) == 0) dispatch_from(s, s->rip);
}

/* Ends a sigreturn: back to the delivery point of the frame's handler if it is ours, else (a hand-made sigreturn)
 * returns rax to the syscall exit, where the lifter sees the new rip. */
static int64_t finish_sigreturn(GuestState *s, uint64_t frame) {
    for (int i = me()->delivery_count - 1; i >= 0; i--) {
        if (me()->deliveries[i].frame != frame) continue;
        me()->delivery_count = i;
        xl_longjmp(me()->deliveries[i].jb);
    }
    return (int64_t)s->gpr[GPR_RAX];
}

static void send_self(int sig) {
    host_sc3(HOST_NR_tgkill, host_sc0(HOST_NR_getpid), host_sc0(HOST_NR_gettid), sig);
}

/* Delivers one signal (already removed from the recorded set) and returns when its handler has returned. */
/* Builds the frame of one signal (already removed from the recorded set) and makes the guest state that of its
 * handler's first instruction, with the handler's mask; returns 0 (and lets the host act) when the guest no longer
 * has a handler for it. */
static int enter_handler(GuestState *s, int sig, const uint8_t *info, const FaultInfo *fault, uint64_t *frame_out,
                         uint64_t *restorer_out) {
    struct host_sigaction act = guest_sig[sig];
    if (!has_guest_handler(sig)) { /* disposition changed since it was recorded: let the host act on it */
        apply_mask();
        if (act.handler == H_SIG_DFL || !guest_sig_known[sig]) send_self(sig);
        return 0;
    }
    uint64_t frame_mask = me()->mask_restore ? me()->saved_mask : me()->mask;
    me()->mask_restore = 0;
    if (!(act.flags & SA_RESTORER_) && s->mode == XLATE_MODE_I386) {
        /* the i386 kernel returns through its vDSO then: the runtime keeps the same two sequences in guest memory */
        act.restorer = i386_kernel_restorer(act.flags & SA_SIGINFO_);
        if (act.restorer) act.flags |= SA_RESTORER_;
    }
    uint64_t frame = s->mode == XLATE_MODE_I386 ? setup_frame_i386(s, sig, &act, info, frame_mask, fault)
                                                : setup_frame_x64(s, sig, &act, info, frame_mask, fault);
    if ((me()->alt.flags & SS_AUTODISARM_) && on_alt_stack(frame)) {
        me()->alt.sp = 0; me()->alt.size = 0; me()->alt.flags = 0; /* uc_stack in the frame keeps it for sigreturn */
    }
    uint64_t m = me()->mask | act.mask;
    if (!(act.flags & SA_NODEFER_)) m |= BIT(sig);
    if (act.flags & SA_RESETHAND_) { /* only the handler goes back to SIG_DFL; flags, restorer and mask stay */
        guest_sig[sig].handler = H_SIG_DFL;
        install_host(sig, &guest_sig[sig]);
    }
    set_guest_mask(m);
    *frame_out = frame;
    *restorer_out = act.restorer;
    return 1;
}

/* Delivers one signal and returns when its handler has returned. */
static void handle(GuestState *s, int sig, const uint8_t *info, const FaultInfo *fault) {
    uint64_t frame, restorer;
    if (enter_handler(s, sig, info, fault, &frame, &restorer)) run_handler(s, frame, restorer);
}

static int next_signal(uint64_t ready) {
    uint64_t faults = ready & FAULT_SIGNALS;
    return __builtin_ctzll(faults ? faults : ready) + 1;
}

int xl_signal_next_restarts(const GuestState *s) {
    uint64_t ready = __atomic_load_n(&s->sig_pending, __ATOMIC_SEQ_CST) & ~me()->mask;
    if (!ready) return 0;
    int sig = next_signal(ready);
    return has_guest_handler(sig) && (guest_sig[sig].flags & SA_RESTART_);
}

/* Like the kernel before it returns to user mode, sets up a frame for every signal deliverable under the mask of
 * the handler entered last, each on top of the one before: the last one set up runs first and its sigreturn goes
 * into the handler below (a plain sigreturn: only the bottom frame is waited for here). */
void xl_signal_deliver(GuestState *s) {
    ensure_mask();
    for (;;) {
        uint64_t bottom = 0, bottom_restorer = 0;
        for (;;) {
            uint64_t ready = __atomic_load_n(pending_word(), __ATOMIC_SEQ_CST) & ~me()->mask;
            if (!ready) break;
            int sig = next_signal(ready);
            uint8_t info[128];
            memcpy(info, me()->pending_info[sig], 128);
            pending_update(0, BIT(sig));
            uint64_t frame, restorer;
            if (enter_handler(s, sig, info, 0, &frame, &restorer) && !bottom) { bottom = frame; bottom_restorer = restorer; }
        }
        if (!bottom) break;
        run_handler(s, bottom, bottom_restorer);
    }
    if (me()->mask_restore) { me()->mask_restore = 0; set_guest_mask(me()->saved_mask); }
}

/* After the handler of a fault returned: go on at the frame's rip from here (the host frames below are left). */
static _Noreturn void resume(GuestState *s) { dispatch_from(s, s->rip); }

static uint32_t trapno_of(int sig) {
    switch (sig) { case SIGSEGV_: case SIGBUS_: return 14; case SIGFPE_: return 0; case SIGILL_: return 6;
                   default: return 3; }
}

void xl_signal_fault(GuestState *s, int sig, int code, uint64_t addr, uint32_t trapno) {
    ensure_mask();
    if (!has_guest_handler(sig) || (me()->mask & BIT(sig))) return;
    uint8_t info[128];
    memset(info, 0, sizeof info);
    int32_t head[3] = { sig, 0, code };
    memcpy(info, head, 12);
    memcpy(info + 16, &addr, 8);
    FaultInfo f = { trapno, addr, 0 }; /* the trap stored every register: the stack pointer is exact */
    handle(s, sig, info, &f);
    resume(s);
}

/* A CPU fault inside translated code. The guest state holds the registers as last stored (at the last call, syscall
 * or jump out of the function); rip is exact where the line table names the host pc (fault_pc.c). The frame goes
 * FAULT_STACK_GAP below that stale stack pointer, clear of what the function pushed since. A handler that returns
 * with the frame's registers, flags and rip unchanged resumes the host context, so the faulting instruction runs
 * again with the exact state (mprotect and return). One that changes them goes on at the frame's rip with the
 * frame's registers; one that leaves by siglongjmp is unaffected. */
#define FAULT_STACK_GAP 65536
#define HOST_UC_SIGMASK 40  /* aarch64 ucontext: uc_sigmask */
#define HOST_UC_PC 440      /* uc_mcontext (16-aligned at 176): fault_address, regs[31], sp, pc */

typedef struct { uint64_t gpr[16], rip, eflags; } GuestContext;

static GuestContext context_of(const GuestState *s) {
    GuestContext c;
    memcpy(c.gpr, s->gpr, sizeof c.gpr);
    c.rip = s->rip;
    c.eflags = guest_eflags(s);
    return c;
}

static void deliver_fault(GuestState *s, int sig, uint8_t *info, void *uc) {
    if (me()->mask & BIT(sig)) xl_die_signal(sig); /* the kernel forces a blocked fault to its default action */
    uint64_t host_pc, addr;
    memcpy(&host_pc, (uint8_t *)uc + HOST_UC_PC, 8);
    uint64_t guest_pc = xl_guest_pc_at(host_pc);
    if (guest_pc) s->rip = guest_pc;
    memcpy(&addr, info + 16, 8);
    if (sig == SIGSEGV_ && addr - xl_guest_stack_guard < XL_GUEST_STACK_GUARD_SIZE) {
        int32_t maperr = 1; /* the kernel's guard gap is unmapped, so a stack overflow is SEGV_MAPERR there */
        memcpy((uint8_t *)info + 8, &maperr, 4);
    }
    FaultInfo f = { trapno_of(sig), addr, FAULT_STACK_GAP };
    GuestContext before = context_of(s);
    handle(s, sig, info, &f);
    GuestContext after = context_of(s);
    if (memcmp(&before, &after, sizeof before) != 0) resume(s);
    uint64_t host_mask = me()->mask | __atomic_load_n(pending_word(), __ATOMIC_SEQ_CST);
    memcpy((uint8_t *)uc + HOST_UC_SIGMASK, &host_mask, 8);
}

static void host_handler(int sig, void *info, void *uc) {
    int32_t code;
    memcpy(&code, (uint8_t *)info + 8, 4);
    if ((FAULT_SIGNALS & BIT(sig)) && code > 0) { deliver_fault(&xl_self()->s, sig, info, uc); return; }
    memcpy(me()->pending_info[sig], info, 128);
    pending_update(BIT(sig), 0);
    /* keep it blocked on the host after this handler returns */
    uint64_t *host_mask = (uint64_t *)((uint8_t *)uc + HOST_UC_SIGMASK);
    *host_mask |= BIT(sig);
}

/* ---- syscalls ----------------------------------------------------------------------------------------------- */
int64_t xl_sys_rt_sigprocmask(GuestState *s, const uint64_t *a) {
    (void)s;
    if (a[3] != 8) return -XE_INVAL;
    ensure_mask();
    uint64_t old = me()->mask;
    if (a[1]) {
        uint64_t set;
        memcpy(&set, (const void *)(uintptr_t)a[1], 8);
        switch ((int)a[0]) {
        case H_SIG_BLOCK: set_guest_mask(me()->mask | set); break;
        case H_SIG_UNBLOCK: set_guest_mask(me()->mask & ~set); break;
        case H_SIG_SETMASK: set_guest_mask(set); break;
        default: return -XE_INVAL;
        }
    }
    if (a[2]) memcpy((void *)(uintptr_t)a[2], &old, 8);
    return 0;
}

int64_t xl_sys_sigprocmask_i386(GuestState *s, const uint64_t *a) {
    (void)s;
    ensure_mask();
    uint32_t old = (uint32_t)me()->mask;
    if (a[1]) {
        uint32_t set;
        memcpy(&set, (const void *)(uintptr_t)a[1], 4);
        switch ((int)a[0]) {
        case H_SIG_BLOCK: set_guest_mask(me()->mask | set); break;
        case H_SIG_UNBLOCK: set_guest_mask(me()->mask & ~(uint64_t)set); break;
        case H_SIG_SETMASK: set_guest_mask((me()->mask & ~0xffffffffull) | set); break;
        default: return -XE_INVAL;
        }
    }
    if (a[2]) memcpy((void *)(uintptr_t)a[2], &old, 4);
    return 0;
}

/* i386 sigpending(old_sigset_t *): the low 32 signals */
int64_t xl_sys_sigpending_i386(GuestState *s, const uint64_t *a) {
    uint64_t set;
    const uint64_t args[2] = { (uint64_t)(uintptr_t)&set, 8 };
    int64_t r = xl_sys_rt_sigpending(s, args);
    if (r < 0) return r;
    uint32_t low = (uint32_t)set;
    memcpy((void *)(uintptr_t)a[0], &low, 4);
    return 0;
}

int64_t xl_sys_rt_sigpending(GuestState *s, const uint64_t *a) {
    (void)s;
    if (a[1] != 8) return -XE_INVAL;
    ensure_mask();
    uint64_t host;
    int64_t r = host_sc2(HOST_NR_rt_sigpending, &host, 8);
    if (r < 0) return r;
    uint64_t set = (host | __atomic_load_n(pending_word(), __ATOMIC_SEQ_CST)) & me()->mask;
    memcpy((void *)(uintptr_t)a[0], &set, 8);
    return 0;
}

/* Waits with `mask` as the guest mask; the signal that ends the wait is delivered at the end of this syscall on a
 * frame holding the mask from before (restored by its sigreturn, or by xl_signal_deliver). */
static int64_t suspend_with(uint64_t mask) {
    ensure_mask();
    if (!me()->mask_restore) me()->saved_mask = me()->mask;
    me()->mask_restore = 1;
    me()->mask = mask & ~UNBLOCKABLE;
    if (__atomic_load_n(pending_word(), __ATOMIC_SEQ_CST) & ~me()->mask) return -XE_INTR;
    uint64_t host = me()->mask | __atomic_load_n(pending_word(), __ATOMIC_SEQ_CST);
    return host_sc2(HOST_NR_rt_sigsuspend, &host, 8);
}

/* i386 sigsuspend(int, int, old_sigset_t mask): the mask is the third argument, the high signals unblocked */
int64_t xl_sys_sigsuspend_i386(GuestState *s, const uint64_t *a) { (void)s; return suspend_with((uint32_t)a[2]); }

int64_t xl_sys_rt_sigsuspend(GuestState *s, const uint64_t *a) {
    (void)s;
    if (a[1] != 8) return -XE_INVAL;
    uint64_t m;
    memcpy(&m, (const void *)(uintptr_t)a[0], 8);
    return suspend_with(m);
}

int64_t xl_sys_pause(GuestState *s, const uint64_t *a) {
    (void)s; (void)a;
    ensure_mask();
    return suspend_with(me()->mask);
}

int64_t xl_sys_rt_sigreturn_x64(GuestState *s, const uint64_t *a) {
    (void)a;
    uint64_t frame = s->gpr[GPR_RSP] - 8; /* the handler's ret popped pretcode */
    const struct x64_rt_sigframe *f = (const void *)(uintptr_t)frame;
    restore_alt_stack(s->gpr[GPR_RSP], f->uc.uc_stack.ss_sp, f->uc.uc_stack.ss_flags, f->uc.uc_stack.ss_size);
    const struct x64_sigcontext *c = &f->uc.uc_mcontext;
    uint64_t *g = s->gpr;
    g[GPR_R8] = c->r8; g[GPR_R9] = c->r9; g[GPR_R10] = c->r10; g[GPR_R11] = c->r11; g[GPR_R12] = c->r12;
    g[GPR_R13] = c->r13; g[GPR_R14] = c->r14; g[GPR_R15] = c->r15; g[GPR_RDI] = c->rdi; g[GPR_RSI] = c->rsi;
    g[GPR_RBP] = c->rbp; g[GPR_RBX] = c->rbx; g[GPR_RDX] = c->rdx; g[GPR_RAX] = c->rax; g[GPR_RCX] = c->rcx;
    g[GPR_RSP] = c->rsp;
    s->rip = c->rip;
    set_guest_eflags(s, c->eflags);
    if (xl_fpstate_restore_x64(s, c->fpstate)) send_self(SIGSEGV_); /* the kernel's badframe */
    set_guest_mask(f->uc.uc_sigmask);
    return finish_sigreturn(s, frame);
}

static void restore_sigcontext_i386(GuestState *s, const struct i386_sigcontext *c) {
    uint64_t *g = s->gpr;
    g[GPR_RDI] = c->edi; g[GPR_RSI] = c->esi; g[GPR_RBP] = c->ebp; g[GPR_RSP] = c->esp; g[GPR_RBX] = c->ebx;
    g[GPR_RDX] = c->edx; g[GPR_RCX] = c->ecx; g[GPR_RAX] = c->eax;
    s->rip = c->eip;
    set_guest_eflags(s, c->eflags);
    if (xl_fpstate_restore_i386(s, c->fpstate)) send_self(SIGSEGV_); /* the kernel's badframe */
}

int64_t xl_sys_rt_sigreturn_i386(GuestState *s, const uint64_t *a) {
    (void)a;
    uint64_t frame = (uint32_t)(s->gpr[GPR_RSP] - 4);
    const struct i386_rt_sigframe *f = (const void *)(uintptr_t)frame;
    restore_alt_stack((uint32_t)s->gpr[GPR_RSP], f->uc.uc_stack.ss_sp, f->uc.uc_stack.ss_flags, f->uc.uc_stack.ss_size);
    restore_sigcontext_i386(s, &f->uc.uc_mcontext);
    set_guest_mask(f->uc.uc_sigmask[0] | (uint64_t)f->uc.uc_sigmask[1] << 32);
    return finish_sigreturn(s, frame);
}

int64_t xl_sys_sigreturn_i386(GuestState *s, const uint64_t *a) {
    (void)a;
    uint64_t frame = (uint32_t)(s->gpr[GPR_RSP] - 8); /* ret popped pretcode, the restorer popped sig */
    const struct i386_sigframe *f = (const void *)(uintptr_t)frame;
    restore_sigcontext_i386(s, &f->sc);
    set_guest_mask(f->sc.oldmask | (uint64_t)f->extramask << 32);
    return finish_sigreturn(s, frame);
}
