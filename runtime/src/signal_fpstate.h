/* The x87/SSE part of x86 signal frames and the fxsave image it is made of (signal_fpstate.c). */
#ifndef XLATE_SIGNAL_FPSTATE_H
#define XLATE_SIGNAL_FPSTATE_H
#include <stdint.h>
#include "guest_state.h"
#include "guest_signal.h"

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
