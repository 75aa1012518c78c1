/* Guest faults: print what the translator could not handle, then run the guest's handler for the signal if it has
 * one (signal.c), else die with the native signal. */
#include "host.h"
#include "signal.h"

enum { H_SIGILL = 4, H_SIGTRAP = 5, H_SIGFPE = 8, H_SIGSEGV = 11 };
/* si_code values of the kernel's x86 traps */
enum { ILL_ILLOPN_ = 2, FPE_INTDIV_ = 1, SI_KERNEL_ = 0x80 };

void xlate_trap(GuestState *s, uint64_t guest_pc, uint32_t kind, const char *what) {
    if (s) s->rip = guest_pc;
    int sig, code = SI_KERNEL_;
    uint64_t addr = 0;
    uint32_t trapno;
    switch (kind) {
    case XLATE_TRAP_UNSUPPORTED:
        xl_eprintf("xlate: %s at guest address 0x%llx\n", what ? what : "unsupported instruction",
                   (unsigned long long)guest_pc);
        sig = H_SIGILL; code = ILL_ILLOPN_; addr = guest_pc; trapno = 6; break;
    case XLATE_TRAP_UD2:
        /* a real ud2 dies silently like natively; bytes the translator could not decode are named */
        if (what && xl_strcmp(what, "ud2") != 0)
            xl_eprintf("xlate: %s\n", what);
        sig = H_SIGILL; code = ILL_ILLOPN_; addr = guest_pc; trapno = 6; break;
    case XLATE_TRAP_INT3:
        sig = H_SIGTRAP; trapno = 3;
        if (s) s->rip = guest_pc + 1; /* a trap: the frame points after int3 */
        break;
    case XLATE_TRAP_DIVIDE: sig = H_SIGFPE; code = FPE_INTDIV_; addr = guest_pc; trapno = 0; break;
    case XLATE_TRAP_HLT: case XLATE_TRAP_INT: sig = H_SIGSEGV; trapno = 13; break;
    default:
        xl_eprintf("xlate: unknown trap kind %u at guest address 0x%llx\n", kind, (unsigned long long)guest_pc);
        sig = H_SIGILL; trapno = 6; break;
    }
    if (s) xl_signal_fault(s, sig, code, addr, trapno);
    xl_die_signal(sig);
}
