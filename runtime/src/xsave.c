/* The XSAVE feature set as translated code uses it (src/Translator.Lifting/Semantics/XSave.cs), for the user state
 * components the guest CPU has: x87 (bit 0), SSE (bit 1) and AVX (bit 2), so XCR0 = 7 (Intel SDM vol. 1 ch. 13).
 *  - The legacy region (bytes 0..511) is the fxsave image of signal_fpstate.c (FOP/FIP/FDP 0, MXCSR_MASK 0xffff):
 *    x87 is bytes 0..23 and 32..159, SSE is MXCSR (24..31) and xmm at 160 (8 registers outside 64-bit mode).
 *    Bytes 416..511 are never written. The header is at 512 (XSTATE_BV, XCOMP_BV), ymm upper halves at 576 in both
 *    formats (AVX is the first extended component, so compaction does not move it).
 *  - XINUSE (which components are not in their initial configuration) is computed from the values: SSE is init
 *    with all xmm zero, AVX with all upper halves zero, x87 with FCW 0x37f, FSW 0 and all registers empty. A MXCSR
 *    other than 0x1f80 makes SSE in use for xgetbv(1) and xsavec (the compacted xrstor resets MXCSR when
 *    XSTATE_BV[1] is 0), not for xsave and xsaveopt (the standard xrstor always loads MXCSR), as the AMD host does.
 *    The host tracks XINUSE in its own way otherwise (x87 stays in use after fninit, ...: docs/avx.md), which the
 *    SDM allows. XGETBV(1) returns XINUSE; xsaveopt and xsavec skip init components; xsaveopt never uses the
 *    modified optimisation (allowed, never required).
 *  - #GP (returned as -1, the caller raises SIGSEGV) with nothing changed: area not 64-byte aligned; xrstor of a
 *    header with reserved bits or bytes set, or a MXCSR with reserved bits it would load. */
#include "host.h"
#include "signal_fpstate.h"
#include "mxcsr.h"

#define XCR0 ((uint64_t)XL_XCR0)
#define XSTATE_X87 1ull
#define XSTATE_SSE 2ull
#define XSTATE_AVX 4ull
#define XCOMP_COMPACTED (1ull << 63)
#define HEADER_OFFSET XL_XSAVE_HEADER_OFFSET
#define AVX_OFFSET XL_XSAVE_AVX_OFFSET
#define MXCSR_MASK 0xffffu    /* as signal_fpstate.c and the fxsave lifter store it */
#define MXCSR_INIT 0x1f80u

enum { XLATE_XSAVE = 0, XLATE_XSAVEOPT = 1, XLATE_XSAVEC = 2 };

static int vector_count(const GuestState *s) { return s->mode == XLATE_MODE_X64 ? 16 : 8; }

static int all_zero(const uint8_t *p, size_t n) {
    uint8_t any = 0;
    for (size_t i = 0; i < n; i++) any |= p[i];
    return any == 0;
}

static uint64_t xinuse(const GuestState *s, int mxcsr_counts) {
    uint64_t in_use = 0;
    int n = vector_count(s);
    int x87_init = s->fpu_cw == 0x037f && s->fpu_sw == 0 && s->fpu_top == 0;
    for (int p = 0; p < 8; p++) x87_init &= s->fpu_tag[p] != 0;
    if (!x87_init) in_use |= XSTATE_X87;
    if ((mxcsr_counts && s->mxcsr != MXCSR_INIT) || !all_zero(&s->xmm[0][0], 16 * (size_t)n)) in_use |= XSTATE_SSE;
    if (!all_zero(&s->ymm_hi[0][0], 16 * (size_t)n)) in_use |= XSTATE_AVX;
    return in_use;
}

uint64_t xlate_xgetbv(GuestState *s, uint32_t ecx) {
    if (ecx == 0) return XCR0;
    if (ecx == 1) {
        xlate_mxcsr_sync(s);
        return XCR0 & xinuse(s, 1);
    }
    return ~0ull;
}

static uint64_t load64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static void store64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

int xlate_xsave(GuestState *s, uint8_t *area, uint64_t mask, uint32_t kind) {
    if ((uintptr_t)area & 63) return -1;
    xlate_mxcsr_sync(s);
    uint64_t rfbm = mask & XCR0, in_use = xinuse(s, kind == XLATE_XSAVEC);
    uint64_t to_save = kind == XLATE_XSAVE ? rfbm : rfbm & in_use;
    int n = vector_count(s);
    struct x86_fxregs fx;
    xl_fxsave_image(s, &fx, n);
    const uint8_t *image = (const uint8_t *)&fx;
    if (to_save & XSTATE_X87) {
        memcpy(area, image, 24);
        memcpy(area + 32, image + 32, 128);
    }
    /* The SDM has xsavec store MXCSR whenever RFBM[1] is set; the host stores it only with the xmm registers, which
     * loses nothing: SSE is then init, MXCSR included, and the compacted xrstor resets it to 0x1f80. */
    int save_mxcsr = kind == XLATE_XSAVEC ? (to_save & XSTATE_SSE) != 0 : (rfbm & (XSTATE_SSE | XSTATE_AVX)) != 0;
    if (save_mxcsr) memcpy(area + 24, image + 24, 8);
    if (to_save & XSTATE_SSE) memcpy(area + 160, image + 160, 16 * (size_t)n);
    if (to_save & XSTATE_AVX) memcpy(area + AVX_OFFSET, s->ymm_hi, 16 * (size_t)n);
    uint8_t *header = area + HEADER_OFFSET;
    if (kind == XLATE_XSAVEC) {
        store64(header, rfbm & in_use);
        store64(header + 8, rfbm | XCOMP_COMPACTED);
    } else {
        store64(header, (load64(header) & ~rfbm) | (rfbm & in_use));
    }
    return 0;
}

/* The header checks of xrstor (SDM 13.8.1): the standard form wants XSTATE_BV within XCR0 and bytes 8..23 zero; the
 * compacted form wants XCOMP_BV[62:0] within XCR0, XSTATE_BV within XCOMP_BV and bytes 16..63 zero. */
static int header_valid(const uint8_t *header) {
    uint64_t xstate_bv = load64(header), xcomp_bv = load64(header + 8);
    if (!(xcomp_bv & XCOMP_COMPACTED))
        return !(xstate_bv & ~XCR0) && xcomp_bv == 0 && load64(header + 16) == 0;
    if (xcomp_bv & ~XCOMP_COMPACTED & ~XCR0) return 0;
    if (xstate_bv & ~(xcomp_bv & ~XCOMP_COMPACTED)) return 0;
    return all_zero(header + 16, 48);
}

int xlate_xrstor(GuestState *s, const uint8_t *area, uint64_t mask) {
    if ((uintptr_t)area & 63) return -1;
    const uint8_t *header = area + HEADER_OFFSET;
    if (!header_valid(header)) return -1;
    uint64_t rfbm = mask & XCR0, xstate_bv = load64(header);
    int compacted = (load64(header + 8) & XCOMP_COMPACTED) != 0;
    uint32_t mxcsr;
    memcpy(&mxcsr, area + 24, 4);
    /* Standard form: MXCSR is loaded whenever SSE or AVX is requested; compacted: with SSE data, else reset. */
    int load_mxcsr = compacted ? (rfbm & xstate_bv & XSTATE_SSE) != 0 : (rfbm & (XSTATE_SSE | XSTATE_AVX)) != 0;
    if (load_mxcsr && (mxcsr & ~MXCSR_MASK)) return -1;

    int n = vector_count(s);
    xlate_mxcsr_sync(s);
    struct x86_fxregs fx;
    xl_fxsave_image(s, &fx, n);
    uint8_t *image = (uint8_t *)&fx;
    if (rfbm & XSTATE_X87) {
        if (xstate_bv & XSTATE_X87) {
            memcpy(image, area, 24);
            memcpy(image + 32, area + 32, 128);
        } else {
            memset(image, 0, 24);
            memset(image + 32, 0, 128);
            fx.cwd = 0x037f;
        }
    }
    if (load_mxcsr) fx.mxcsr = mxcsr;
    else if (compacted && (rfbm & XSTATE_SSE)) fx.mxcsr = MXCSR_INIT;
    if (rfbm & XSTATE_SSE) {
        if (xstate_bv & XSTATE_SSE) memcpy(image + 160, area + 160, 16 * (size_t)n);
        else memset(image + 160, 0, 16 * (size_t)n);
    }
    xl_fxrstor_image(s, &fx, n);
    if (rfbm & XSTATE_AVX) {
        if (xstate_bv & XSTATE_AVX) memcpy(s->ymm_hi, area + AVX_OFFSET, 16 * (size_t)n);
        else memset(s->ymm_hi, 0, 16 * (size_t)n);
    }
    xlate_mxcsr_apply(s);
    return 0;
}
