/* x87 helpers called by translated code ("fast" mode: each ST register holds an IEEE double in the first 8 bytes
 * of its 16-byte slot in GuestState.st). Doubles cross this interface as their uint64_t bit patterns so the
 * runtime, built with -mgeneral-regs-only, keeps an ABI without floating-point registers. See docs/x87.md. */
#ifndef XLATE_X87_H
#define XLATE_X87_H
#include <stdint.h>
#include "guest_state.h"

/* 80-bit extended <-> double (round to nearest even; denormals, infinities and NaNs handled). */
uint64_t xlate_x87_f80_to_f64(const void *src);
void     xlate_x87_f64_to_f80(void *dst, uint64_t dbits);

/* Instructions that work on the register stack in GuestState. */
void xlate_x87_fscale(GuestState *s);   /* ST0 = ST0 * 2^trunc(ST1) */
void xlate_x87_fprem(GuestState *s);    /* ST0 = fmod(ST0, ST1), quotient bits in C0/C3/C1, C2 = 0 */
void xlate_x87_fprem1(GuestState *s);   /* ST0 = IEEE remainder(ST0, ST1) */
void xlate_x87_fxtract(GuestState *s);  /* ST0 = exponent, push significand */

/* Environment: layout 32 = 28-byte protected-mode env / 108-byte save area, 16 = 14 / 94 bytes. */
void xlate_x87_fnstenv(GuestState *s, void *mem, uint32_t layout);
void xlate_x87_fldenv(GuestState *s, const void *mem, uint32_t layout);
void xlate_x87_fnsave(GuestState *s, void *mem, uint32_t layout);
void xlate_x87_frstor(GuestState *s, const void *mem, uint32_t layout);

/* Transcendental functions over double bit patterns (x87_math.c). */
uint64_t xlate_x87_sin(uint64_t x);
uint64_t xlate_x87_cos(uint64_t x);
uint64_t xlate_x87_tan(uint64_t x);
uint64_t xlate_x87_atan2(uint64_t y, uint64_t x);     /* fpatan: atan(y / x) with quadrant */
uint64_t xlate_x87_f2xm1(uint64_t x);                 /* 2^x - 1 */
uint64_t xlate_x87_fyl2x(uint64_t x, uint64_t y);     /* y * log2(x) */
uint64_t xlate_x87_fyl2xp1(uint64_t x, uint64_t y);   /* y * log2(x + 1) */

#endif
