/* Guest address -> translated unit: direct-mapped cache in front of a binary search of xlate_entries. */
#include "host.h"

#define CACHE_BITS 12
typedef struct { uint64_t guest; xlate_unit_fn host; } CacheSlot;
static CacheSlot cache[1u << CACHE_BITS];

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
            CacheSlot *c = &cache[slot_of(target)];
            c->host = xlate_entries[mid].host;
            c->guest = target;
            return c->host;
        }
        if (g < target) lo = mid + 1; else hi = mid;
    }
    not_found(target, source);
}

xlate_unit_fn xlate_lookup(GuestState *s, uint64_t target, uint64_t source) {
    (void)s;
    const CacheSlot *c = &cache[slot_of(target)];
    if (__builtin_expect(c->guest == target && c->host, 1)) return c->host;
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
