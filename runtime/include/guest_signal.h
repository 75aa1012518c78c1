/* Signal frames the x86 Linux kernel builds on the guest stack (arch/x86/include/asm/sigframe.h) and the uapi
 * structures inside them (asm/sigcontext.h, asm/ucontext.h, asm-generic/siginfo.h). Offsets cross-checked with
 * glibc's ucontext_t / siginfo_t for x86_64 and i686. */
#ifndef XLATE_GUEST_SIGNAL_H
#define XLATE_GUEST_SIGNAL_H
#include <stdint.h>
#include <stddef.h>

/* ---- FP/SSE state (asm/sigcontext.h: struct _fpstate_64, _fpx_sw_bytes, _fpstate_32) ----------------------- */
struct x86_fpx_sw_bytes {          /* the software-reserved tail of an fxsave image in a signal frame */
    uint32_t magic1;               /* GUEST_FP_XSTATE_MAGIC1 */
    uint32_t extended_size;
    uint64_t xfeatures;
    uint32_t xstate_size;
    uint32_t padding[7];
};
_Static_assert(sizeof(struct x86_fpx_sw_bytes) == 48, "fpx_sw_bytes");

struct x86_fxregs {                /* the 512-byte fxsave image (64-bit form; i386 reads rip/rdp as fip,fcs/foo,fos) */
    uint16_t cwd, swd, twd, fop;   /* twd: abridged, bit i = physical register i valid */
    uint64_t rip, rdp;
    uint32_t mxcsr, mxcsr_mask;
    uint8_t st_space[8][16];       /* ST(i) in stack order, 80 bits each */
    uint8_t xmm_space[16][16];
    uint32_t padding[12];
    struct x86_fpx_sw_bytes sw_reserved;
};
_Static_assert(offsetof(struct x86_fxregs, mxcsr) == 24, "fxregs mxcsr");
_Static_assert(offsetof(struct x86_fxregs, st_space) == 32, "fxregs st_space");
_Static_assert(offsetof(struct x86_fxregs, xmm_space) == 160, "fxregs xmm_space");
_Static_assert(offsetof(struct x86_fxregs, sw_reserved) == 464, "fxregs sw_reserved");
_Static_assert(sizeof(struct x86_fxregs) == 512, "fxregs");

struct i386_fpstate {              /* struct _fpstate_32: the fnsave-style header, then the fxsave image */
    uint32_t cw, sw, tag, ipoff, cssel, dataoff, datasel;
    uint8_t st[8][10];
    uint16_t status, magic;        /* magic: GUEST_FXSR_MAGIC (0) when the fxsave image follows, 0xffff if not */
    struct x86_fxregs fx;
};
_Static_assert(offsetof(struct i386_fpstate, st) == 28, "i386 fpstate st");
_Static_assert(offsetof(struct i386_fpstate, status) == 108, "i386 fpstate status");
_Static_assert(offsetof(struct i386_fpstate, fx) == 112, "i386 fpstate fxsave");
_Static_assert(offsetof(struct i386_fpstate, fx.mxcsr) == 136, "i386 fpstate mxcsr");
_Static_assert(offsetof(struct i386_fpstate, fx.xmm_space) == 272, "i386 fpstate xmm");
_Static_assert(sizeof(struct i386_fpstate) == 624, "i386 fpstate");

enum { GUEST_FP_XSTATE_MAGIC1 = 0x46505853, GUEST_FP_XSTATE_MAGIC2 = 0x46505845, GUEST_FXSR_MAGIC = 0x0000 };
/* uc_flags bit of both ABIs: the FP area is in XSAVE format (sw_reserved describes it, MAGIC2 follows it) */
enum { GUEST_UC_FP_XSTATE = 1 };

/* ---- x86-64 ---------------------------------------------------------------------------------------------- */
struct x64_sigcontext {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;              /* guest pointer to the struct x86_fxregs below the frame (signal_fpstate.c) */
    uint64_t reserved1[8];
};
_Static_assert(sizeof(struct x64_sigcontext) == 256, "x64 sigcontext");
_Static_assert(offsetof(struct x64_sigcontext, rip) == 128, "x64 sigcontext rip");
_Static_assert(offsetof(struct x64_sigcontext, eflags) == 136, "x64 sigcontext eflags");
_Static_assert(offsetof(struct x64_sigcontext, cs) == 144, "x64 sigcontext cs");
_Static_assert(offsetof(struct x64_sigcontext, err) == 152, "x64 sigcontext err");
_Static_assert(offsetof(struct x64_sigcontext, fpstate) == 184, "x64 sigcontext fpstate");

struct x64_stack { uint64_t ss_sp; int32_t ss_flags, pad; uint64_t ss_size; };
_Static_assert(sizeof(struct x64_stack) == 24, "x64 stack_t");

struct x64_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct x64_stack uc_stack;
    struct x64_sigcontext uc_mcontext;
    uint64_t uc_sigmask;           /* the kernel's sigset_t: 64 bits (glibc's 1024-bit one starts here) */
};
_Static_assert(offsetof(struct x64_ucontext, uc_mcontext) == 40, "x64 ucontext mcontext");
_Static_assert(offsetof(struct x64_ucontext, uc_sigmask) == 296, "x64 ucontext sigmask");
_Static_assert(sizeof(struct x64_ucontext) == 304, "x64 ucontext");

/* siginfo: 128 bytes; the 64-bit layout equals aarch64's, so the host's is copied unchanged. */
struct x64_rt_sigframe {
    uint64_t pretcode;             /* sa_restorer: where the handler's `ret` goes */
    struct x64_ucontext uc;
    uint8_t info[128];
};
_Static_assert(offsetof(struct x64_rt_sigframe, info) == 312, "x64 rt_sigframe info");
_Static_assert(sizeof(struct x64_rt_sigframe) == 440, "x64 rt_sigframe");

enum { X64_UC_SIGCONTEXT_SS = 2, X64_UC_STRICT_RESTORE_SS = 4 };

/* ---- i386 ------------------------------------------------------------------------------------------------ */
struct i386_sigcontext {
    uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
    uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
    uint32_t trapno, err, eip;
    uint16_t cs, csh;
    uint32_t eflags, esp_at_signal;
    uint16_t ss, ssh;
    uint32_t fpstate, oldmask, cr2;
};
_Static_assert(sizeof(struct i386_sigcontext) == 88, "i386 sigcontext");
_Static_assert(offsetof(struct i386_sigcontext, eip) == 56, "i386 sigcontext eip");
_Static_assert(offsetof(struct i386_sigcontext, eflags) == 64, "i386 sigcontext eflags");
_Static_assert(offsetof(struct i386_sigcontext, fpstate) == 76, "i386 sigcontext fpstate");
_Static_assert(offsetof(struct i386_sigcontext, cr2) == 84, "i386 sigcontext cr2");

struct i386_ucontext {
    uint32_t uc_flags;
    uint32_t uc_link;
    struct { uint32_t ss_sp; int32_t ss_flags; uint32_t ss_size; } uc_stack;
    struct i386_sigcontext uc_mcontext;
    uint32_t uc_sigmask[2];
};
_Static_assert(offsetof(struct i386_ucontext, uc_mcontext) == 20, "i386 ucontext mcontext");
_Static_assert(offsetof(struct i386_ucontext, uc_sigmask) == 108, "i386 ucontext sigmask");
_Static_assert(sizeof(struct i386_ucontext) == 116, "i386 ucontext");

/* compat siginfo: 128 bytes, union at 12 with 4-byte pointers and longs */
struct i386_siginfo {
    int32_t si_signo, si_errno, si_code;
    union {
        uint32_t pad[29];
        struct { int32_t pid; uint32_t uid; uint32_t value; } rt;        /* kill, sigqueue, POSIX timers (tid,overrun,value) */
        struct { int32_t pid; uint32_t uid; int32_t status; int32_t utime, stime; } chld;
        struct { uint32_t addr; } fault;
        struct { int32_t band; int32_t fd; } poll;
    } u;
};
_Static_assert(sizeof(struct i386_siginfo) == 128, "i386 siginfo");

struct i386_rt_sigframe {
    uint32_t pretcode;
    int32_t sig;
    uint32_t pinfo, puc;           /* guest addresses of info and uc below */
    struct i386_siginfo info;
    struct i386_ucontext uc;
    uint8_t retcode[8];
};
_Static_assert(offsetof(struct i386_rt_sigframe, info) == 16, "i386 rt_sigframe info");
_Static_assert(offsetof(struct i386_rt_sigframe, uc) == 144, "i386 rt_sigframe uc");
_Static_assert(sizeof(struct i386_rt_sigframe) == 268, "i386 rt_sigframe");

struct i386_sigframe {             /* the old frame, for handlers installed without SA_SIGINFO */
    uint32_t pretcode;
    int32_t sig;
    struct i386_sigcontext sc;
    uint8_t fpstate_unused[624];   /* sizeof(struct _fpstate_32): keeps extramask at its historical offset */
    uint32_t extramask;
    uint8_t retcode[8];
};
_Static_assert(offsetof(struct i386_sigframe, extramask) == 720, "i386 sigframe extramask");
_Static_assert(sizeof(struct i386_sigframe) == 732, "i386 sigframe");

#endif
