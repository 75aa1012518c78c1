/* Which guest instruction a host pc of translated code belongs to. The translator gives every host instruction the
 * guest address it was lifted from as a DWARF line-table row (line = low 32 bits of the address, column = the bits
 * above; src/Translator.Lifting/GuestLineTable.cs), and the linker keeps .debug_line in the output, unloaded. On
 * the first fault the runtime maps its own file (/proc/self/exe) and runs the line programs there: nothing is
 * added to translated code, and a fault pays one walk of the table. */
#include "host.h"
#include "signal.h"

static const uint8_t *volatile line_table;
static volatile uint64_t line_table_size;
static volatile int line_table_state; /* 0 not read yet, 1 read (line_table may be 0: none) */

static void read_line_table(void) {
    int64_t fd = host_sc4(HOST_NR_openat, (uint64_t)-100 /* AT_FDCWD */, (uint64_t)"/proc/self/exe", 0, 0);
    if (fd < 0) return;
    int64_t size = host_sc3(HOST_NR_lseek, (uint64_t)fd, 0, 2 /* SEEK_END */);
    int64_t map = size > 64 ? host_sc6(HOST_NR_mmap, 0, (uint64_t)size, 1 /* PROT_READ */, 2 /* MAP_PRIVATE */,
                                        (uint64_t)fd, 0) : -1;
    host_sc1(HOST_NR_close, (uint64_t)fd);
    if (map < 0 && map > -4096) return;
    const uint8_t *f = (const uint8_t *)map;
    uint64_t shoff, off, sz;
    uint16_t shentsize, shnum, shstrndx;
    memcpy(&shoff, f + 0x28, 8); memcpy(&shentsize, f + 0x3a, 2); memcpy(&shnum, f + 0x3c, 2);
    memcpy(&shstrndx, f + 0x3e, 2);
    if (f[4] != 2 || shoff + (uint64_t)shnum * shentsize > (uint64_t)size || shstrndx >= shnum) return;
    uint64_t strtab;
    memcpy(&strtab, f + shoff + (uint64_t)shstrndx * shentsize + 0x18, 8);
    for (uint16_t i = 0; i < shnum; i++) {
        const uint8_t *sh = f + shoff + (uint64_t)i * shentsize;
        uint32_t name;
        memcpy(&name, sh, 4);
        if (strtab + name + 12 > (uint64_t)size || memcmp(f + strtab + name, ".debug_line", 12) != 0) continue;
        memcpy(&off, sh + 0x18, 8); memcpy(&sz, sh + 0x20, 8);
        if (off + sz > (uint64_t)size) return;
        line_table_size = sz;
        line_table = f + off;
        return;
    }
}

static uint64_t uleb(const uint8_t **p, const uint8_t *end) {
    uint64_t v = 0;
    for (int shift = 0; *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        if (shift < 64) v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) break;
    }
    return v;
}

static int64_t sleb(const uint8_t **p, const uint8_t *end) {
    int64_t v = 0;
    int shift = 0;
    uint8_t b = 0;
    while (*p < end) {
        b = *(*p)++;
        if (shift < 64) v |= (int64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
    }
    if (shift < 64 && (b & 0x40)) v |= -((int64_t)1 << shift);
    return v;
}

/* One unit's line program (DWARF 2-5, 32-bit format): the guest address of the last row at or below pc in the
 * sequence that covers pc, 0 if none does or that row has no guest address (line 0). */
static uint64_t search_unit(const uint8_t *u, const uint8_t *end, uint64_t pc) {
    uint16_t version;
    memcpy(&version, u, 2);
    const uint8_t *p = u + 2;
    if (version >= 5) p += 2; /* address_size, segment_selector_size */
    uint32_t header_length;
    memcpy(&header_length, p, 4);
    p += 4;
    const uint8_t *program = p + header_length;
    uint8_t min_insn = p[0];
    p += version >= 4 ? 2 : 1; /* maximum_operations_per_instruction from version 4 */
    int8_t line_base = (int8_t)p[1];
    uint8_t line_range = p[2], opcode_base = p[3];
    const uint8_t *std_lengths = p + 4;
    if (program > end || line_range == 0) return 0;
    uint64_t addr = 0, line = 1, column = 0, prev_addr = 0, prev_guest = 0;
    int have_prev = 0;
    for (p = program; p < end;) {
        int row = 0, end_seq = 0;
        uint8_t op = *p++;
        if (op >= opcode_base) {
            uint8_t adj = op - opcode_base;
            addr += (uint64_t)(adj / line_range) * min_insn;
            line += (int64_t)line_base + adj % line_range;
            row = 1;
        } else if (op == 0) {
            uint64_t len = uleb(&p, end);
            const uint8_t *next = p + len;
            if (len == 0 || next > end) return 0;
            uint8_t sub = *p++;
            if (sub == 1) { row = 1; end_seq = 1; }
            else if (sub == 2 && len == 9) memcpy(&addr, p, 8);
            p = next;
        } else switch (op) {
            case 1: row = 1; break;                                          /* copy */
            case 2: addr += uleb(&p, end) * min_insn; break;                 /* advance_pc */
            case 3: line += (uint64_t)sleb(&p, end); break;                  /* advance_line */
            case 5: column = uleb(&p, end); break;                           /* set_column */
            case 8: addr += (uint64_t)((255 - opcode_base) / line_range) * min_insn; break; /* const_add_pc */
            case 9: { uint16_t d; memcpy(&d, p, 2); p += 2; addr += d; break; } /* fixed_advance_pc */
            default:
                for (uint8_t i = 0; i < std_lengths[op - 1]; i++) uleb(&p, end);
        }
        if (!row) continue;
        if (have_prev && prev_addr <= pc && pc < addr) return prev_guest;
        if (end_seq) { have_prev = 0; addr = 0; line = 1; column = 0; continue; }
        have_prev = 1;
        prev_addr = addr;
        prev_guest = line == 0 ? 0 : (line & 0xffffffffu) | column << 32;
    }
    return 0;
}

uint64_t xl_guest_pc_at(uint64_t host_pc) {
    if (!__atomic_load_n(&line_table_state, __ATOMIC_ACQUIRE)) {
        read_line_table(); /* two threads faulting at once may both map the file: harmless */
        __atomic_store_n(&line_table_state, 1, __ATOMIC_RELEASE);
    }
    const uint8_t *t = line_table, *end = t + line_table_size;
    while (t && t + 4 <= end) {
        uint32_t len;
        memcpy(&len, t, 4);
        if (len == 0xffffffffu || t + 4 + len > end) return 0; /* 64-bit DWARF: not what LLVM writes here */
        uint64_t guest = search_unit(t + 4, t + 4 + len, host_pc);
        if (guest) return guest;
        t += 4 + len;
    }
    return 0;
}
