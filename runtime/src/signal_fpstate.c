/* The x87/SSE state in x86 signal frames, as Linux 6.x (arch/x86/kernel/fpu/signal.c, a 64-bit kernel) writes and
 * reads it on a CPU with FXSR and without XSAVE, which is what our CPUID model shows both guests (docs/cpuid.md:
 * no XSAVE/OSXSAVE). Then:
 *  - x86-64: a plain 512-byte fxsave image, 64-byte aligned, right below the stack pointer (after the red zone or
 *    at the top of the alternate stack); the frame goes below it and sigcontext.fpstate points at it.
 *  - i386: the same image, 64-byte aligned, preceded by the 112-byte fnsave-style header of struct _fpstate_32
 *    (cw/sw/tag with 0xffff in the high halves, the full 2-bit tag word, ipoff/dataoff = the image's FIP/FDP,
 *    cssel = the task's cs 0x23 and datasel = 0xffff0000 | ds, as a 64-bit kernel fills them; _st[8]; status = swd;
 *    magic = 0 "FXSR data follows"); sigcontext.fpstate points at the header. The i386 guest advertises FXSR but
 *    not SSE: it still gets the FXSR layout (the kernel chooses by FXSR alone), with MXCSR and xmm0-7 as our
 *    fxsave writes them.
 *  - sw_reserved (bytes 464..511 of the image) is written even without XSAVE: magic1 = FP_XSTATE_MAGIC1,
 *    extended_size = 512 + 4 (+ 112 on i386), xfeatures = 0 (no XSAVE features are enabled), xstate_size = 512;
 *    no FP_XSTATE_MAGIC2 follows the image (only written with XSAVE) and uc_flags has no UC_FP_XSTATE. Kernels
 *    before the 5.14 FPU rework left these 48 bytes zero without XSAVE.
 *  - sigreturn: x86-64 loads the whole image (fxrstor); i386 takes MXCSR and xmm from the image but cw, sw, the tag
 *    word and the registers from the header (the image's x87 part is ignored, as the kernel does). fpstate = 0
 *    loads the init state; reserved MXCSR bits (or, on x86-64, an image not 16-byte aligned) make the kernel
 *    refuse the frame.
 *  - the handler itself starts with the init state (fninit, MXCSR 0x1f80, xmm zero): fpu__clear_user_states.
 *  - the upper ymm halves (AVX code translates although CPUID shows no AVX) are kept right below the FP area with
 *    a private tag, which the guest does not know about: sigreturn restores them from a frame we wrote and zeroes
 *    them otherwise, so a handler using AVX does not corrupt the interrupted code. */
#include "signal_fpstate.h"
#include "host.h"
#include "x87.h"
#include "mxcsr.h"

#define MXCSR_MASK 0xffffu   /* what our fxsave stores as MXCSR_MASK (docs/cpuid.md) */
#define FSAVE_HEADER_SIZE 112u /* struct fregs_state */
#define FP_XSTATE_MAGIC2_SIZE 4u
#define I386_USER_CS 0x23u
#define I386_USER_DS 0x2bu

/* Below the FP area (sigcontext.fpstate): a tag, then ymm_hi. */
#define YMM_SAVE_TAG 0x4d4d594c584c5821ull   /* "!XLXLYMM" */
#define YMM_SAVE_SIZE (16u + sizeof(((GuestState *)0)->ymm_hi))

static void save_ymm_high(const GuestState *s, uint64_t fpstate) {
    uint64_t *tag = (uint64_t *)(uintptr_t)(fpstate - YMM_SAVE_SIZE);
    tag[0] = YMM_SAVE_TAG;
    tag[1] = 0;
    memcpy(tag + 2, s->ymm_hi, sizeof s->ymm_hi);
}

static void restore_ymm_high(GuestState *s, uint64_t fpstate) {
    const uint64_t *tag = (const uint64_t *)(uintptr_t)(fpstate - YMM_SAVE_SIZE);
    if (tag[0] == YMM_SAVE_TAG) memcpy(s->ymm_hi, tag + 2, sizeof s->ymm_hi);
    else memset(s->ymm_hi, 0, sizeof s->ymm_hi);
}

/* 1 when translated code keeps x87 registers as 80-bit values (--x87=exact), 0 for doubles (--x87=fast); emitted by
 * the translator. An output linked without it is taken as exact, the default. Read through a data word: an
 * undefined weak symbol resolves to 0 in an absolute relocation, not in an adrp. */
extern const uint32_t xlate_x87_exact __attribute__((weak));
static const uint32_t *const volatile x87_exact_flag = &xlate_x87_exact;
static int x87_exact(void) {
    const uint32_t *p = x87_exact_flag;
    return p ? *p != 0 : 1;
}

void xl_fxsave_image(const GuestState *s, struct x86_fxregs *fx, int xmm_count) {
    int exact = x87_exact();
    memset(fx, 0, sizeof *fx);
    fx->cwd = s->fpu_cw;
    fx->swd = (uint16_t)((s->fpu_sw & 0xc7ff) | (s->fpu_top & 7) << 11);
    for (int p = 0; p < 8; p++)
        if (!s->fpu_tag[p]) fx->twd |= (uint16_t)(1u << p);
    fx->mxcsr = s->mxcsr;
    fx->mxcsr_mask = MXCSR_MASK;
    for (int i = 0; i < 8; i++) {
        const uint8_t *slot = s->st[(s->fpu_top + (unsigned)i) & 7];
        if (exact) memcpy(fx->st_space[i], slot, 10);
        else {
            uint64_t d;
            memcpy(&d, slot, 8);
            xlate_x87_f64_to_f80(fx->st_space[i], d);
        }
    }
    memcpy(fx->xmm_space, s->xmm, 16 * (size_t)xmm_count);
}

void xl_fxrstor_image(GuestState *s, const struct x86_fxregs *fx, int xmm_count) {
    int exact = x87_exact();
    s->fpu_cw = fx->cwd;
    s->fpu_sw = fx->swd & 0xc7ff;
    s->fpu_top = fx->swd >> 11 & 7;
    for (int p = 0; p < 8; p++) s->fpu_tag[p] = !(fx->twd >> p & 1);
    s->mxcsr = fx->mxcsr;
    for (int i = 0; i < 8; i++) {
        uint8_t *slot = s->st[(s->fpu_top + (unsigned)i) & 7];
        if (exact) {
            memcpy(slot, fx->st_space[i], 10);
            memset(slot + 10, 0, 6);
        } else {
            uint64_t d = xlate_x87_f80_to_f64(fx->st_space[i]);
            memcpy(slot, &d, 8);
        }
    }
    memcpy(s->xmm, fx->xmm_space, 16 * (size_t)xmm_count);
}

void xl_fpstate_reset(GuestState *s) {
    s->fpu_cw = 0x037f;
    s->fpu_sw = 0;
    s->fpu_top = 0;
    memset(s->fpu_tag, 1, sizeof s->fpu_tag);
    memset(s->st, 0, sizeof s->st);
    s->mxcsr = 0x1f80;
    memset(s->xmm, 0, sizeof s->xmm);
    memset(s->ymm_hi, 0, sizeof s->ymm_hi);
    xlate_mxcsr_apply(s);
}

static void write_sw_bytes(struct x86_fxregs *fx, int i386_frame) {
    struct x86_fpx_sw_bytes *sw = &fx->sw_reserved;
    memset(sw, 0, sizeof *sw);
    sw->magic1 = GUEST_FP_XSTATE_MAGIC1;
    sw->extended_size = (uint32_t)sizeof *fx + FP_XSTATE_MAGIC2_SIZE + (i386_frame ? FSAVE_HEADER_SIZE : 0);
    sw->xfeatures = 0;
    sw->xstate_size = (uint32_t)sizeof *fx;
}

uint64_t xl_fpstate_save_x64(const GuestState *s, uint64_t sp, uint64_t *fpstate) {
    uint64_t at = (sp - sizeof(struct x86_fxregs)) & ~63ull;
    struct x86_fxregs *fx = (void *)(uintptr_t)at;
    xl_fxsave_image(s, fx, 16);
    write_sw_bytes(fx, 0);
    save_ymm_high(s, at);
    *fpstate = at;
    return at - YMM_SAVE_SIZE;
}

/* The full i387 tag word of an fxsave image (2 bits per physical register: 0 valid, 1 zero, 2 special, 3 empty). */
static uint32_t full_tag_word(const struct x86_fxregs *fx) {
    unsigned top = fx->swd >> 11 & 7, tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned tag = 3;
        if (fx->twd >> p & 1) {
            const uint8_t *r = fx->st_space[(p - top) & 7];
            uint64_t sig;
            memcpy(&sig, r, 8);
            unsigned exp = (unsigned)(r[8] | r[9] << 8) & 0x7fff;
            if (exp == 0x7fff) tag = 2;
            else if (exp == 0) tag = sig ? 2 : 1;
            else tag = sig >> 63 ? 0 : 2;
        }
        tw |= tag << (2 * p);
    }
    return tw;
}

uint32_t xl_fpstate_save_i386(const GuestState *s, uint32_t sp, uint32_t *fpstate) {
    uint32_t image = (sp - (uint32_t)sizeof(struct x86_fxregs)) & ~63u;
    uint32_t at = image - FSAVE_HEADER_SIZE;
    struct i386_fpstate *f = (void *)(uintptr_t)at;
    xl_fxsave_image(s, &f->fx, 8);
    write_sw_bytes(&f->fx, 1);
    save_ymm_high(s, at);
    f->cw = 0xffff0000u | f->fx.cwd;
    f->sw = 0xffff0000u | f->fx.swd;
    f->tag = 0xffff0000u | full_tag_word(&f->fx);
    f->ipoff = (uint32_t)f->fx.rip;
    f->cssel = I386_USER_CS;
    f->dataoff = (uint32_t)f->fx.rdp;
    f->datasel = 0xffff0000u | I386_USER_DS;
    for (int i = 0; i < 8; i++) memcpy(f->st[i], f->fx.st_space[i], 10);
    f->status = f->fx.swd;
    f->magic = GUEST_FXSR_MAGIC;
    *fpstate = at;
    return at - YMM_SAVE_SIZE;
}

int xl_fpstate_restore_x64(GuestState *s, uint64_t fpstate) {
    if (!fpstate) { xl_fpstate_reset(s); return 0; }
    const struct x86_fxregs *fx = (const void *)(uintptr_t)fpstate;
    if ((fpstate & 15) || (fx->mxcsr & ~MXCSR_MASK)) { xl_fpstate_reset(s); return -1; } /* fxrstor would #GP */
    xl_fxrstor_image(s, fx, 16);
    restore_ymm_high(s, fpstate);
    xlate_mxcsr_apply(s);
    return 0;
}

int xl_fpstate_restore_i386(GuestState *s, uint32_t fpstate) {
    if (!fpstate) { xl_fpstate_reset(s); return 0; }
    const struct i386_fpstate *f = (const void *)(uintptr_t)fpstate;
    struct x86_fxregs fx;
    memcpy(&fx, &f->fx, sizeof fx);
    if (fx.mxcsr & ~MXCSR_MASK) { xl_fpstate_reset(s); return -1; }
    fx.cwd = (uint16_t)f->cw;
    fx.swd = (uint16_t)f->sw;
    fx.twd = 0;
    for (int p = 0; p < 8; p++)
        if ((f->tag >> (2 * p) & 3) != 3) fx.twd |= (uint16_t)(1u << p);
    for (int i = 0; i < 8; i++) memcpy(fx.st_space[i], f->st[i], 10);
    xl_fxrstor_image(s, &fx, 8);
    restore_ymm_high(s, fpstate);
    xlate_mxcsr_apply(s);
    return 0;
}
