/* The guest's MXCSR for runtime code: the lifter (src/Translator.Lifting/Emitter.Vector.cs, "MXCSR") keeps the last
 * loaded value in GuestState.mxcsr, mirrors RC and FTZ/DAZ in the host FPCR (RMode, FZ) and lets the host FPSR
 * accumulate the exception flags raised since. Code that saves or replaces the guest's SSE state (signal delivery
 * and sigreturn) goes through these two functions. */
#ifndef XLATE_MXCSR_H
#define XLATE_MXCSR_H
#include <stdint.h>
#include "guest_state.h"

#define XLATE_FPCR_RMODE_FZ (7ull << 22)
#define XLATE_FPSR_FLAGS 0x9full

/* By encoding: the runtime is built with -mgeneral-regs-only, where the assembler does not know FPCR/FPSR by name. */
static inline uint64_t xlate_get_fpsr(void) { uint64_t v; __asm__ volatile("mrs %0, S3_3_C4_C4_1" : "=r"(v)); return v; }
static inline void xlate_set_fpsr(uint64_t v) { __asm__ volatile("msr S3_3_C4_C4_1, %0" :: "r"(v)); }
static inline uint64_t xlate_get_fpcr(void) { uint64_t v; __asm__ volatile("mrs %0, S3_3_C4_C4_0" : "=r"(v)); return v; }
static inline void xlate_set_fpcr(uint64_t v) { __asm__ volatile("msr S3_3_C4_C4_0, %0" :: "r"(v)); }

/* Folds the flags the host raised into s->mxcsr and clears them from FPSR: afterwards s->mxcsr alone is the
 * guest's MXCSR (to save it, e.g. in a signal frame). Same mapping as Emitter.ReadMxcsr. */
static inline void xlate_mxcsr_sync(GuestState *s) {
    uint64_t fpsr = xlate_get_fpsr();
    uint32_t f = (uint32_t)fpsr, m = s->mxcsr;
    m |= (f & 1) | ((f & 0x1e) << 1) | ((f & 0x8) << 2);      /* IE, ZE, OE, UE; a flushed result also sets PE */
    if (!(m & 0x40)) m |= (f >> 6) & 2;                        /* IDC → DE unless DAZ */
    s->mxcsr = m;
    xlate_set_fpsr(fpsr & ~XLATE_FPSR_FLAGS);
}

/* Makes s->mxcsr the guest's MXCSR (after s->mxcsr was replaced, e.g. by sigreturn): RC and FTZ/DAZ into FPCR,
 * FPSR's flags cleared. Same mapping as Emitter.WriteMxcsr. */
static inline void xlate_mxcsr_apply(const GuestState *s) {
    uint64_t rc = (s->mxcsr >> 13) & 3, rmode = ((rc & 1) << 1) | (rc >> 1);
    uint64_t fz = ((s->mxcsr >> 15) | (s->mxcsr >> 6)) & 1;
    xlate_set_fpcr((xlate_get_fpcr() & ~XLATE_FPCR_RMODE_FZ) | rmode << 22 | fz << 24);
    xlate_set_fpsr(xlate_get_fpsr() & ~XLATE_FPSR_FLAGS);
}

#endif
