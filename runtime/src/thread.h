/* Guest threads. Every guest thread runs on a host thread of its own, created by the guest's clone(CLONE_VM…), with
 * its own copy of the guest state, its own host stack and its own signal state; the host thread pointer TPIDR_EL0
 * (unused by the freestanding runtime otherwise) points at the thread's XlThread. */
#ifndef XLATE_THREAD_H
#define XLATE_THREAD_H
#include "host.h"

struct XlSignalThread; /* signal.c */

typedef struct XlThread {
    GuestState s;                 /* first: translated code is handed &t->s, so a GuestState* is its XlThread* */
    struct XlSignalThread *sig;
    uint64_t region, region_size; /* the mapping holding this thread's structures and host stack; 0 for the main thread */
    uint32_t tls_base[3];         /* i386 GDT TLS entries 12..14 (set_thread_area), per thread as in Linux */
    uint8_t tls_used[3];
} XlThread;

#define XL_GDT_TLS_MIN 12
#define XL_GDT_TLS_MAX 14

static inline XlThread *xl_self(void) {
    XlThread *t;
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(t));
    return t;
}
static inline XlThread *xl_thread_of(GuestState *s) { return (XlThread *)s; }

/* The thread that runs xlate_start: its structures are static. */
XlThread *xl_main_thread_init(void);

/* clone(2) for either guest, arguments in the host's order (the guest's tls: x86-64 FS base, i386 user_desc*). */
int64_t xl_clone(GuestState *s, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls, uint64_t ctid);
/* exit(2) of one guest thread: frees its host stack and structures, and ends the host thread. */
_Noreturn void xl_thread_exit(int status);

/* signal.c: the per-thread part of the signal state */
uint64_t xl_signal_thread_size(void);
/* A new thread's: the parent's mask, no pending signals, the parent's alternate stack only if inherit_alt_stack
 * (Linux clears it for CLONE_VM without CLONE_VFORK). */
void xl_signal_thread_init(struct XlSignalThread *t, const struct XlSignalThread *parent, int inherit_alt_stack);
/* Host signal mask of the calling thread := its guest mask | its recorded signals. */
void xl_signal_thread_start(void);

/* A spin lock for the runtime's few shared tables (brk, low mappings, GDT slots). */
typedef struct { volatile uint32_t held; } XlLock;
static inline void xl_lock(XlLock *l) {
    while (__atomic_exchange_n(&l->held, 1u, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&l->held, __ATOMIC_RELAXED)) host_sc0(HOST_NR_sched_yield);
}
static inline void xl_unlock(XlLock *l) { __atomic_store_n(&l->held, 0u, __ATOMIC_RELEASE); }

#endif
