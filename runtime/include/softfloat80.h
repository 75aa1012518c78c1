/* x87 80-bit extended precision in software (integer arithmetic only; runtime/src/softfloat80.c).
 *
 * A value travels as an unsigned __int128: bits 0-63 the significand (explicit integer bit), bits 64-79 sign and
 * 15-bit exponent, exactly the first 10 bytes of an x87 register in memory. Results additionally carry the x87
 * status-word exception bits they raise in bits 80-95 (IE 0x1, DE 0x2, ZE 0x4, OE 0x8, UE 0x10, PE 0x20,
 * C1 0x200 = rounded up); callers mask them off with XF80_MASK before storing. `cw` is the x87 control word:
 * RC (bits 10-11) selects the rounding, PC (bits 8-9) the significand precision of add/sub/mul/div/sqrt
 * (0 = 24, 2 = 53, 3 = 64 bits). The code is plain C so the host test harness can compile it for x86-64. */
#ifndef XLATE_SOFTFLOAT80_H
#define XLATE_SOFTFLOAT80_H
#include <stdint.h>

typedef unsigned __int128 xf80;

#define XF80_MASK (((xf80)1 << 80) - 1)
#define XF80_FLAGS(r) ((uint32_t)((r) >> 80) & 0xffff)
#define XF80_INDEFINITE (((xf80)0xffff << 64) | 0xc000000000000000ULL)

xf80 xlate_f80_add(xf80 a, xf80 b, uint32_t cw);
xf80 xlate_f80_sub(xf80 a, xf80 b, uint32_t cw);
xf80 xlate_f80_mul(xf80 a, xf80 b, uint32_t cw);
xf80 xlate_f80_div(xf80 a, xf80 b, uint32_t cw);
xf80 xlate_f80_sqrt(xf80 a, uint32_t cw);
xf80 xlate_f80_rndint(xf80 a, uint32_t cw);             /* frndint: integral value per RC */
xf80 xlate_f80_scale(xf80 a, xf80 b, uint32_t cw);      /* fscale: a * 2^trunc(b) */

/* Compare: bits 0-1 = 0 a > b, 1 a < b, 2 equal, 3 unordered; bit 2 = an operand is an SNaN or unsupported
 * encoding (fucom raises IE), bit 3 = an operand is a NaN (fcom raises IE), bit 4 = denormal operand. */
uint32_t xlate_f80_cmp(xf80 a, xf80 b);

xf80 xlate_f80_from_i64(int64_t v);
/* To a `bits`-wide signed integer (16/32/64) rounding per RC, or truncating when trunc != 0: low 64 bits hold the
 * integer (the integer indefinite 1 << (bits-1) on NaN/overflow, with IE), bits 80+ the flags. */
xf80 xlate_f80_to_int(xf80 a, uint32_t cw, uint32_t bits, uint32_t trunc);
xf80 xlate_f80_from_f32(uint32_t f);
xf80 xlate_f80_from_f64(uint64_t d);
xf80 xlate_f80_to_f32(xf80 a, uint32_t cw);             /* low 32 bits: the float, rounded per RC */
xf80 xlate_f80_to_f64(xf80 a, uint32_t cw);             /* low 64 bits: the double, rounded per RC */

#endif
