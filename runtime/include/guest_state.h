/* Guest (x86) CPU state shared by translated code and the runtime.
 * The C# side mirrors every offset in src/Translator.Lifting/GuestStateLayout.cs;
 * tests/Translator.Tests/GuestStateLayoutTests.cs compiles this header and compares. */
#ifndef XLATE_GUEST_STATE_H
#define XLATE_GUEST_STATE_H
#include <stdint.h>

enum { XLATE_MODE_I386 = 32, XLATE_MODE_X64 = 64 };

/* GPR indices follow the x86 register encoding. */
enum { GPR_RAX, GPR_RCX, GPR_RDX, GPR_RBX, GPR_RSP, GPR_RBP, GPR_RSI, GPR_RDI,
       GPR_R8, GPR_R9, GPR_R10, GPR_R11, GPR_R12, GPR_R13, GPR_R14, GPR_R15 };

typedef struct GuestState {
    uint64_t gpr[16];      /*   0: i386 guests use the low 32 bits, upper bits kept zero */
    uint64_t rip;          /* 128: guest address of the current/next instruction when in the runtime */
    uint8_t  cf, pf, af, zf, sf, of, df, flags_pad; /* 136: each 0 or 1 */
    uint64_t fs_base;      /* 144 */
    uint64_t gs_base;      /* 152 */
    uint32_t mxcsr;        /* 160 */
    uint16_t fpu_cw;       /* 164: x87 control word */
    uint16_t fpu_sw;       /* 166: x87 status word without TOP */
    uint32_t fpu_top;      /* 168: x87 stack top 0..7 */
    uint8_t  fpu_tag[8];   /* 172: 1 = empty */
    uint32_t mode;         /* 180: XLATE_MODE_I386 or XLATE_MODE_X64 */
    uint64_t reserved0;    /* 184 */
    uint8_t  xmm[16][16] __attribute__((aligned(16))); /* 192 */
    uint8_t  st[8][16];    /* 448: x87 physical registers; fast mode keeps a double in the first 8 bytes */
    uint64_t host_sp_limit;/* 576: runtime-private up to ymm_hi, except sig_pending */
    volatile uint64_t sig_pending; /* 584: signals recorded for this thread, not yet delivered (bit sig-1); outside
                                    * the x87/SSE state a signal frame saves and restores */
    uint16_t seg[6];       /* 592: selectors es, cs, ss, ds, fs, gs (what mov/push from a segment register reads) */
    uint32_t reserved1;    /* 604 */
    uint64_t reserved[4];  /* 608 */
    uint8_t  ymm_hi[16][16] __attribute__((aligned(16))); /* 640: bits 128..255 of ymm0-15 (AVX); legacy SSE keeps
                                    * them, VEX.128 writes zero them */
} GuestState;           /* 896 */

#define GUEST_STATE_SIZE 896
_Static_assert(sizeof(GuestState) == GUEST_STATE_SIZE, "GuestState size");

/* Interface between translated code and the runtime.
 * Every translated unit has the host signature
 *     uint64_t unit(GuestState *s, uint64_t entry_pc)
 * and runs guest code from entry_pc until that code executes a `ret`; it then returns the popped guest return
 * address. A caller compares it with the address it pushed and continues natively on a match. */
typedef uint64_t (*xlate_unit_fn)(GuestState *s, uint64_t entry_pc);

typedef struct XlateEntry { uint64_t guest; xlate_unit_fn host; } XlateEntry;

/* Emitted by the translator into the output binary. */
extern const XlateEntry xlate_entries[];     /* sorted by guest address */
extern const uint64_t   xlate_entry_count;
extern const uint64_t   xlate_guest_entry;   /* ELF e_entry of the guest */
extern const uint32_t   xlate_guest_mode;    /* XLATE_MODE_* */
extern const uint64_t   xlate_guest_phdr;    /* guest address of its program headers (AT_PHDR) */
extern const uint64_t   xlate_guest_phnum;
extern const uint64_t   xlate_guest_phent;
extern const uint64_t   xlate_guest_image_end; /* highest guest segment end: the guest brk starts here */

/* Provided by the runtime, called by translated code. */
void     xlate_syscall(GuestState *s);                  /* syscall (x64) / int 0x80 (i386); number in rax */
void     xlate_int80(GuestState *s);                    /* int 0x80 in a 64-bit guest: the i386 syscall ABI */
void     xlate_cpuid(GuestState *s);                    /* eax/ecx in, eax/ebx/ecx/edx out */
uint64_t xlate_rdtsc(GuestState *s);
xlate_unit_fn xlate_lookup(GuestState *s, uint64_t target, uint64_t source); /* exits 127 if untranslated */
const XlateEntry *xlate_lookup_entry(GuestState *s, uint64_t target, uint64_t source); /* same, the table row */
void     xlate_trap(GuestState *s, uint64_t guest_pc, uint32_t kind, const char *what); /* never returns */
/* mov to a segment register (seg: 0=es,1=cs,2=ss,3=ds,4=fs,5=gs). For fs/gs the base registered for that GDT
 * selector by set_thread_area becomes s->fs_base/gs_base; selector 0 gives base 0; other segments are ignored. */
void     xlate_load_segment(GuestState *s, uint32_t seg, uint32_t selector);
/* While s->sig_pending is nonzero, translated code at a loop back-edge stores its registers, flags and the loop head's
 * address (rip) and calls xlate_signal_poll, which runs the guest's handlers; it continues at s->rip afterwards (a
 * handler may have changed it). */
void     xlate_signal_poll(GuestState *s);

enum { XLATE_TRAP_UNSUPPORTED = 1, XLATE_TRAP_UD2 = 2, XLATE_TRAP_INT3 = 3, XLATE_TRAP_HLT = 4,
       XLATE_TRAP_DIVIDE = 5, XLATE_TRAP_INT = 6 };

#endif
