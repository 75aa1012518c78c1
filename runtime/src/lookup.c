/* Guest address -> translated unit: direct-mapped cache in front of a binary search of xlate_entries. A slot holds
 * a pointer to the table row, so threads filling the same slot at once never see one row's guest address paired with
 * another's code. */
#include "host.h"

#define CACHE_BITS 12
static const XlateEntry *cache[1u << CACHE_BITS];

static inline uint64_t slot_of(uint64_t pc) { return (pc ^ (pc >> CACHE_BITS)) & ((1u << CACHE_BITS) - 1); }

static __attribute__((noinline, noreturn)) void not_found(uint64_t target, uint64_t source) {
    xl_eprintf("xlate: no translation for guest address 0x%llx (jumped to from 0x%llx)\n",
               (unsigned long long)target, (unsigned long long)source);
    xl_exit_group(127);
}

static __attribute__((noinline)) xlate_unit_fn slow_lookup(uint64_t target, uint64_t source) {
    uint64_t lo = 0, hi = xlate_entry_count;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        uint64_t g = xlate_entries[mid].guest;
        if (g == target) {
            __atomic_store_n(&cache[slot_of(target)], &xlate_entries[mid], __ATOMIC_RELAXED);
            return xlate_entries[mid].host;
        }
        if (g < target) lo = mid + 1; else hi = mid;
    }
    not_found(target, source);
}

xlate_unit_fn xlate_lookup(GuestState *s, uint64_t target, uint64_t source) {
    (void)s;
    const XlateEntry *row = __atomic_load_n(&cache[slot_of(target)], __ATOMIC_RELAXED);
    if (__builtin_expect(row && row->guest == target, 1)) return row->host;
    return slow_lookup(target, source);
}

/* For the inline caches of translated indirect calls: the table row itself, so a call site can keep one pointer
 * (guest and host address together, replaced atomically) instead of two words another thread could tear. */
const XlateEntry *xlate_lookup_entry(GuestState *s, uint64_t target, uint64_t source) {
    (void)s;
    uint64_t lo = 0, hi = xlate_entry_count;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        uint64_t g = xlate_entries[mid].guest;
        if (g == target) return &xlate_entries[mid];
        if (g < target) lo = mid + 1; else hi = mid;
    }
    not_found(target, source);
}
