/* The x87/SSE part of x86 signal frames and the fxsave image it is made of (signal_fpstate.c). */
#ifndef XLATE_SIGNAL_FPSTATE_H
#define XLATE_SIGNAL_FPSTATE_H
#include <stdint.h>
#include "guest_state.h"
#include "guest_signal.h"

/* The guest CPU's XSAVE components x87, SSE and AVX (XCR0 = 7) in the standard layout (Intel SDM vol. 1 13.4):
 * the fxsave image, the 64-byte header, the upper ymm halves; cpuid leaf 0xd reports these numbers. */
#define XL_XCR0 7u
#define XL_XSAVE_HEADER_OFFSET 512u
#define XL_XSAVE_AVX_OFFSET 576u
#define XL_XSAVE_AVX_SIZE 256u
#define XL_XSAVE_SIZE 832u

/* xsave.c: the instructions (kind: 0 xsave, 1 xsaveopt, 2 xsavec). -1 where the CPU raises #GP, nothing changed. */
int xlate_xsave(GuestState *s, uint8_t *area, uint64_t mask, uint32_t kind);
int xlate_xrstor(GuestState *s, const uint8_t *area, uint64_t mask);

/* 1 when the guest CPU of this mode shows OSXSAVE (cpuid.c), so its signal frames carry XSAVE-format FP areas. */
int xl_fpstate_uses_xsave(uint32_t mode);

/* GuestState <-> 512-byte fxsave image, as the fxsave/fxrstor instructions of translated code write and read it:
 * FOP/FIP/FDP 0, MXCSR_MASK 0xffff, xmm_count = 16 (x86-64) or 8 (i386). fxrstor leaves the xmm registers from
 * xmm_count on untouched. */
void xl_fxsave_image(const GuestState *s, struct x86_fxregs *fx, int xmm_count);
void xl_fxrstor_image(GuestState *s, const struct x86_fxregs *fx, int xmm_count);

/* Reserves the FP area below sp as Linux's fpu__alloc_mathframe does, writes the current state into it and
 * returns the new stack pointer; *fpstate gets the address for sigcontext.fpstate. */
uint64_t xl_fpstate_save_x64(const GuestState *s, uint64_t sp, uint64_t *fpstate);
uint32_t xl_fpstate_save_i386(const GuestState *s, uint32_t sp, uint32_t *fpstate);

/* The state a handler starts with (Linux: fpu__clear_user_states): fninit, MXCSR 0x1f80, xmm zero. */
void xl_fpstate_reset(GuestState *s);

/* (rt_)sigreturn: loads the state from the frame's fpstate (0: the init state). Returns 0, or -1 when the kernel
 * would refuse the frame (reserved MXCSR bits set), in which case the init state was loaded. */
int xl_fpstate_restore_x64(GuestState *s, uint64_t fpstate);
int xl_fpstate_restore_i386(GuestState *s, uint32_t fpstate);

#endif
