/* Guest faults: print what the translator could not handle, then die with the native signal. */
#include "host.h"

enum { H_SIGILL = 4, H_SIGTRAP = 5, H_SIGFPE = 8, H_SIGSEGV = 11 };

void xlate_trap(GuestState *s, uint64_t guest_pc, uint32_t kind, const char *what) {
    if (s) s->rip = guest_pc;
    int sig;
    switch (kind) {
    case XLATE_TRAP_UNSUPPORTED:
        xl_eprintf("xlate: %s at guest address 0x%llx\n", what ? what : "unsupported instruction",
                   (unsigned long long)guest_pc);
        sig = H_SIGILL; break;
    case XLATE_TRAP_UD2:
        /* a real ud2 dies silently like natively; bytes the translator could not decode are named */
        if (what && xl_strcmp(what, "ud2") != 0)
            xl_eprintf("xlate: %s\n", what);
        sig = H_SIGILL; break;
    case XLATE_TRAP_INT3: sig = H_SIGTRAP; break;
    case XLATE_TRAP_DIVIDE: sig = H_SIGFPE; break;
    case XLATE_TRAP_HLT: case XLATE_TRAP_INT: sig = H_SIGSEGV; break;
    default:
        xl_eprintf("xlate: unknown trap kind %u at guest address 0x%llx\n", kind, (unsigned long long)guest_pc);
        sig = H_SIGILL; break;
    }
    xl_die_signal(sig);
}
