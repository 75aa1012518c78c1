/* Guest signal delivery (signal.c): the runtime keeps the guest's dispositions, signal mask and alternate stack,
 * records signals in a host handler and runs the guest's handlers at the end of a syscall (or at once for faults
 * of translated code), on x86 signal frames built on the guest stack like the kernel's. */
#ifndef XLATE_SIGNAL_H
#define XLATE_SIGNAL_H
#include "host.h"

/* Nonzero when the calling thread has recorded signals (s->sig_pending) or a sigsuspend mask to undo: xlate_syscall
 * then calls xl_signal_deliver. */
int xl_signal_work_waiting(const GuestState *s);
/* Whether the signal xl_signal_deliver would run first has a guest handler installed with SA_RESTART. */
int xl_signal_next_restarts(const GuestState *s);

void xl_signal_deliver(GuestState *s);
/* A fault found by the runtime itself (xlate_trap): runs the guest's handler and never returns if there is one;
 * returns if the guest has none or blocks the signal (the caller then dies of it). */
void xl_signal_fault(GuestState *s, int sig, int code, uint64_t addr, uint32_t trapno);

/* The main guest stack's guard gap: [xl_guest_stack_guard, + 1 MiB), inaccessible (start.c). */
extern uint64_t xl_guest_stack_guard;
#define XL_GUEST_STACK_GUARD_SIZE (1ull << 20)

/* The guest instruction a host pc of translated code was lifted from, 0 if unknown (fault_pc.c). */
uint64_t xl_guest_pc_at(uint64_t host_pc);

typedef struct { uint64_t sp; int64_t flags; uint64_t size; } XlStack;
int64_t xl_sigaltstack(GuestState *s, const XlStack *ss, XlStack *old);

/* Syscall handlers shared by both guests (sigsets are 8 bytes on both) */
int64_t xl_sys_rt_sigprocmask(GuestState *s, const uint64_t *a);   /* how, set, oldset, sigsetsize */
int64_t xl_sys_rt_sigpending(GuestState *s, const uint64_t *a);    /* set, sigsetsize */
int64_t xl_sys_rt_sigsuspend(GuestState *s, const uint64_t *a);    /* mask, sigsetsize */
int64_t xl_sys_pause(GuestState *s, const uint64_t *a);
int64_t xl_sys_rt_sigreturn_x64(GuestState *s, const uint64_t *a);
int64_t xl_sys_rt_sigreturn_i386(GuestState *s, const uint64_t *a);
int64_t xl_sys_sigreturn_i386(GuestState *s, const uint64_t *a);
int64_t xl_sys_sigprocmask_i386(GuestState *s, const uint64_t *a); /* old 32-bit sigset */
int64_t xl_sys_sigpending_i386(GuestState *s, const uint64_t *a);   /* old 32-bit sigset */
int64_t xl_sys_sigsuspend_i386(GuestState *s, const uint64_t *a);   /* unused, unused, old 32-bit mask */

#endif
