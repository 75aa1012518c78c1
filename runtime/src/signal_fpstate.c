/* The x87/SSE/AVX state in x86 signal frames, as Linux 6.x (arch/x86/kernel/fpu/signal.c, a 64-bit kernel) writes
 * and reads it. The format follows the guest CPU of the mode (docs/cpuid.md): with OSXSAVE, an XSAVE area as on
 * any AVX machine; without it, the FXSR-only layout of a CPU without XSAVE.
 *  - Placement: the area (832 bytes + FP_XSTATE_MAGIC2, or 512 without XSAVE) is 64-byte aligned right below the
 *    stack pointer (x86-64: after the red zone; or at the top of the alternate stack); the frame goes below it and
 *    sigcontext.fpstate points at it. i386 puts the 112-byte fnsave-style header of struct _fpstate_32 below the
 *    area (cw/sw/tag with 0xffff in the high halves, the full 2-bit tag word, ipoff/dataoff = the image's FIP/FDP,
 *    cssel = the task's cs 0x23 and datasel = 0xffff0000 | ds, as a 64-bit kernel fills them; _st[8]; status = swd;
 *    magic = 0 "FXSR data follows") and points at the header.
 *  - XSAVE format: the header is cleared, then XSAVE (standard form, every component, XSTATE_BV = XINUSE) as the
 *    xsave instruction of translated code writes it (xsave.c), all 16 xmm/ymm slots (a 32-bit task's upper eight are
 *    zero); sw_reserved (bytes 464..511) = magic1, extended_size = 832 + 4 (+ 112 on i386), xfeatures = 7,
 *    xstate_size = 832; MAGIC2 right after the area; uc_flags has UC_FP_XSTATE.
 *  - FXSR format: the fxsave image; sw_reserved = magic1, extended_size 512 + 4 (+ 112), xfeatures 0, xstate_size
 *    512, no MAGIC2, no UC_FP_XSTATE (kernels before the 5.14 FPU rework left the 48 bytes zero without XSAVE).
 *  - sigreturn, x86-64: an area whose sw_reserved is consistent and MAGIC2 present is restored with xrstor for the
 *    features sw_reserved names, the others reset; otherwise it is taken as a plain fxsave image and AVX reset.
 *    A header or MXCSR xrstor would #GP on, or an area not 64 (XSAVE) / 16 (fxrstor) byte aligned, make the kernel
 *    refuse the frame (SIGSEGV).
 *  - sigreturn, i386: the area is merged with the header (cw, sw, the tag word and the registers come from the
 *    header, the image's x87 part is ignored), components not in both XSTATE_BV and sw xfeatures are reset; MXCSR
 *    and xmm come from the image.
 *  - the handler itself starts with the init state (fninit, MXCSR 0x1f80, xmm and upper ymm halves zero):
 *    fpu__clear_user_states. */
#include "signal_fpstate.h"
#include "host.h"
#include "x87.h"
#include "mxcsr.h"

#define MXCSR_MASK 0xffffu   /* what our fxsave stores as MXCSR_MASK (docs/cpuid.md) */
#define FSAVE_HEADER_SIZE 112u /* struct fregs_state */
#define FP_XSTATE_MAGIC2_SIZE 4u
#define I386_USER_CS 0x23u
#define I386_USER_DS 0x2bu

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

int xl_fpstate_uses_xsave(uint32_t mode) { return (xl_cpuid_leaf1_ecx(mode) >> 27 & 1) != 0; }

static uint32_t area_size(const GuestState *s) {
    return xl_fpstate_uses_xsave(s->mode) ? XL_XSAVE_SIZE + FP_XSTATE_MAGIC2_SIZE : (uint32_t)sizeof(struct x86_fxregs);
}

/* Writes the FP area at fx (64-byte aligned, area_size bytes), including sw_reserved and MAGIC2. */
static void write_area(const GuestState *s, struct x86_fxregs *fx, int i386_frame) {
    uint8_t *area = (uint8_t *)fx;
    int xsave = xl_fpstate_uses_xsave(s->mode);
    if (xsave) {
        memset(area, 0, XL_XSAVE_SIZE);
        xlate_xsave((GuestState *)s, area, XL_XCR0, 0);
    } else {
        xl_fxsave_image(s, fx, i386_frame ? 8 : 16);
    }
    struct x86_fpx_sw_bytes *sw = &fx->sw_reserved;
    memset(sw, 0, sizeof *sw);
    sw->magic1 = GUEST_FP_XSTATE_MAGIC1;
    sw->xstate_size = xsave ? XL_XSAVE_SIZE : (uint32_t)sizeof *fx;
    sw->extended_size = sw->xstate_size + FP_XSTATE_MAGIC2_SIZE + (i386_frame ? FSAVE_HEADER_SIZE : 0);
    sw->xfeatures = xsave ? XL_XCR0 : 0;
    if (xsave) {
        uint32_t magic2 = GUEST_FP_XSTATE_MAGIC2;
        memcpy(area + XL_XSAVE_SIZE, &magic2, 4);
    }
}

uint64_t xl_fpstate_save_x64(const GuestState *s, uint64_t sp, uint64_t *fpstate) {
    uint64_t at = (sp - area_size(s)) & ~63ull;
    write_area(s, (struct x86_fxregs *)(uintptr_t)at, 0);
    *fpstate = at;
    return at;
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
    uint32_t image = (sp - area_size(s)) & ~63u;
    uint32_t at = image - FSAVE_HEADER_SIZE;
    struct i386_fpstate *f = (void *)(uintptr_t)at;
    /* the header's x87 fields come from an fxsave image of the current state (an XSAVE area of an x87 state the
     * CPU counts as init holds no registers, but the header still shows the init values) */
    struct x86_fxregs fx;
    xl_fxsave_image(s, &fx, 8);
    write_area(s, &f->fx, 1);
    f->cw = 0xffff0000u | fx.cwd;
    f->sw = 0xffff0000u | fx.swd;
    f->tag = 0xffff0000u | full_tag_word(&fx);
    f->ipoff = (uint32_t)fx.rip;
    f->cssel = I386_USER_CS;
    f->dataoff = (uint32_t)fx.rdp;
    f->datasel = 0xffff0000u | I386_USER_DS;
    for (int i = 0; i < 8; i++) memcpy(f->st[i], fx.st_space[i], 10);
    f->status = fx.swd;
    f->magic = GUEST_FXSR_MAGIC;
    *fpstate = at;
    return at;
}

/* check_xstate_in_sigframe: the features an XSAVE-format area claims, or 0 for a plain fxsave image. */
static uint64_t xsave_features_of(const GuestState *s, const struct x86_fxregs *fx) {
    if (!xl_fpstate_uses_xsave(s->mode)) return 0;
    const struct x86_fpx_sw_bytes *sw = &fx->sw_reserved;
    if (sw->magic1 != GUEST_FP_XSTATE_MAGIC1 || sw->xstate_size < XL_XSAVE_AVX_OFFSET ||
        sw->xstate_size > XL_XSAVE_SIZE || sw->xstate_size > sw->extended_size)
        return 0;
    uint32_t magic2;
    memcpy(&magic2, (const uint8_t *)fx + sw->xstate_size, 4);
    return magic2 == GUEST_FP_XSTATE_MAGIC2 ? sw->xfeatures | 1ull << 63 : 0;
}

#define XSAVE_FORMAT (1ull << 63)

/* Resets the components in mask (bits of XCR0) as xrstor from Linux's init_fpstate does. */
static void reset_components(GuestState *s, uint64_t mask) {
    static _Alignas(64) uint8_t init_area[XL_XSAVE_SIZE];
    uint32_t mxcsr = 0x1f80;
    memcpy(init_area + 24, &mxcsr, 4);
    if (mask & XL_XCR0) xlate_xrstor(s, init_area, mask & XL_XCR0);
}

int xl_fpstate_restore_x64(GuestState *s, uint64_t fpstate) {
    if (!fpstate) { xl_fpstate_reset(s); return 0; }
    const struct x86_fxregs *fx = (const void *)(uintptr_t)fpstate;
    uint64_t features = xsave_features_of(s, fx);
    if (features & XSAVE_FORMAT) {
        uint64_t requested = features & XL_XCR0;
        if (xlate_xrstor(s, (const uint8_t *)fx, requested)) { xl_fpstate_reset(s); return -1; }
        reset_components(s, XL_XCR0 & ~requested);
        return 0;
    }
    if ((fpstate & 15) || (fx->mxcsr & ~MXCSR_MASK)) { xl_fpstate_reset(s); return -1; } /* fxrstor would #GP */
    xl_fxrstor_image(s, fx, 16);
    memset(s->ymm_hi, 0, sizeof s->ymm_hi);
    xlate_mxcsr_apply(s);
    return 0;
}

int xl_fpstate_restore_i386(GuestState *s, uint32_t fpstate) {
    if (!fpstate) { xl_fpstate_reset(s); return 0; }
    const struct i386_fpstate *f = (const void *)(uintptr_t)fpstate;
    uint64_t features = xsave_features_of(s, &f->fx);
    /* the area as the kernel assembles it in its own buffer before one xrstor */
    static _Alignas(64) uint8_t area[XL_XSAVE_SIZE];
    memset(area, 0, sizeof area);
    uint64_t xstate_bv = 3; /* a plain fxsave image: x87 and SSE */
    if (features & XSAVE_FORMAT) {
        const uint8_t *user = (const uint8_t *)&f->fx;
        uint64_t header[8];
        memcpy(header, user + XL_XSAVE_HEADER_OFFSET, sizeof header);
        int reserved = 0;
        for (int i = 1; i < 8; i++) reserved |= header[i] != 0;
        if ((header[0] & ~(uint64_t)XL_XCR0) || reserved) { xl_fpstate_reset(s); return -1; }
        xstate_bv = header[0];
        memcpy(area, user, XL_XSAVE_SIZE);
        if ((xstate_bv & XL_XCR0) && (f->fx.mxcsr & ~MXCSR_MASK)) { xl_fpstate_reset(s); return -1; }
        xstate_bv &= features;
    } else {
        if (f->fx.mxcsr & ~MXCSR_MASK) { xl_fpstate_reset(s); return -1; }
        memcpy(area, &f->fx, sizeof f->fx);
    }
    struct x86_fxregs *fx = (struct x86_fxregs *)area;
    fx->cwd = (uint16_t)f->cw;
    fx->swd = (uint16_t)f->sw;
    fx->twd = 0;
    for (int p = 0; p < 8; p++)
        if ((f->tag >> (2 * p) & 3) != 3) fx->twd |= (uint16_t)(1u << p);
    for (int i = 0; i < 8; i++) {
        memcpy(fx->st_space[i], f->st[i], 10);
        memset(fx->st_space[i] + 10, 0, 6);
    }
    if (!(xstate_bv & 2)) fx->mxcsr = 0x1f80; /* the kernel's xrstors (compacted): MXCSR belongs to SSE */
    memset(area + XL_XSAVE_HEADER_OFFSET, 0, 64);
    memcpy(area + XL_XSAVE_HEADER_OFFSET, &xstate_bv, 8);
    xlate_xrstor(s, area, XL_XCR0);
    return 0;
}
