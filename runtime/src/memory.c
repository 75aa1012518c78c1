/* Guest memory management: emulated brk, and mmap/mremap that keep i386 (and MAP_32BIT) mappings low. */
#include "host.h"
#include "thread.h"

static XlLock memory_lock; /* brk and the low-region cursors are shared by all guest threads */

static uint64_t brk_start, brk_cur, brk_mapped; /* brk_mapped: page-aligned end of what we mapped */
#define BRK_RESERVE (256ull << 20) /* address space after the guest image kept for brk (low mappings stay above) */

uint64_t xl_guest_limit(const GuestState *s) { return s->mode == XLATE_MODE_I386 ? (1ull << 32) : UINT64_MAX; }

static inline int is_err(int64_t r) { return r < 0 && r > -4096; }

/* Tries to map exactly at addr without clobbering anything. Returns addr, or -errno.
 * `known_free`: the caller's own bookkeeping says nothing is mapped there (the brk reserve, or below the
 * low-region cursor). Where MAP_FIXED_NOREPLACE is only a hint (qemu-user 7.2 ignores it and maps elsewhere),
 * such ranges are mapped with MAP_FIXED; others are refused. */
static int64_t map_exact(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off, int known_free) {
    int64_t r = host_sc6(HOST_NR_mmap, addr, len, (uint64_t)prot, (uint64_t)(flags | H_MAP_FIXED_NOREPLACE),
                         (uint64_t)(int64_t)fd, off);
    if (is_err(r)) return r;
    if ((uint64_t)r != addr) {
        host_sc2(HOST_NR_munmap, r, len);
        if (!known_free) return -XE_EXIST;
        return host_sc6(HOST_NR_mmap, addr, len, (uint64_t)prot, (uint64_t)(flags | H_MAP_FIXED),
                        (uint64_t)(int64_t)fd, off);
    }
    return r;
}

static void brk_init(void) {
    if (!brk_start) brk_start = brk_cur = brk_mapped = PAGE_UP(xlate_guest_image_end ? xlate_guest_image_end : 0x10000000);
}

static uint64_t brk_locked(uint64_t req);
uint64_t xl_brk(uint64_t req) {
    xl_lock(&memory_lock);
    uint64_t r = brk_locked(req);
    xl_unlock(&memory_lock);
    return r;
}

static uint64_t brk_locked(uint64_t req) {
    brk_init();
    if (req <= brk_start) return brk_cur;      /* brk(0) and brk(below start) report the current break */
    if (req > brk_mapped) {
        uint64_t end = PAGE_UP(req);
        int64_t r = map_exact(brk_mapped, end - brk_mapped, H_PROT_READ | H_PROT_WRITE,
                              H_MAP_PRIVATE | H_MAP_ANONYMOUS, -1, 0, end <= brk_start + BRK_RESERVE);
        if (r < 0) return brk_cur;
        brk_mapped = end;
    } else if (PAGE_UP(req) < brk_mapped) {    /* shrink: give whole pages back, so regrowth sees zeroes */
        host_sc2(HOST_NR_munmap, PAGE_UP(req), brk_mapped - PAGE_UP(req));
        brk_mapped = PAGE_UP(req);
    }
    brk_cur = req;
    return brk_cur;
}

/* Region manager for mappings that must end at or below `limit` (4 GiB for i386, 2 GiB for MAP_32BIT).
 * Candidates are tried top-down from a per-limit cursor; wraps around once when it reaches the floor. */
#define LOW_FLOOR 0x01000000ull
static uint64_t cursor_4g, cursor_2g;

static int64_t map_below_locked(uint64_t len, int prot, int flags, int fd, uint64_t off, uint64_t limit);
static int64_t map_below(uint64_t len, int prot, int flags, int fd, uint64_t off, uint64_t limit) {
    xl_lock(&memory_lock);
    int64_t r = map_below_locked(len, prot, flags, fd, off, limit);
    xl_unlock(&memory_lock);
    return r;
}

static int64_t map_below_locked(uint64_t len, int prot, int flags, int fd, uint64_t off, uint64_t limit) {
    uint64_t *cursor = limit <= (1ull << 31) ? &cursor_2g : &cursor_4g;
    uint64_t top = limit <= (1ull << 31) ? 0x80000000ull : 0xff000000ull;
    if (top > limit) top = limit;
    uint64_t floor = LOW_FLOOR;
    brk_init();
    if (brk_start && brk_start + BRK_RESERVE < top) floor = brk_start + BRK_RESERVE; /* leave room for brk */
    if (!*cursor || *cursor > top) *cursor = top;
    uint64_t step = len < (1ull << 20) ? (1ull << 20) : len;
    int wrapped = 0;
    for (int iter = 0; iter < 200000; iter++) {
        if (*cursor < floor + len) {
            if (wrapped) break;
            wrapped = 1;
            *cursor = top;
            if (top < floor + len) floor = 0x10000; /* last resort */
            continue;
        }
        uint64_t cand = PAGE_DOWN(*cursor - len);
        int64_t r = map_exact(cand, len, prot, flags, fd, off, !wrapped && cand + len <= *cursor);
        if (r >= 0) { *cursor = cand; return r; }
        if (r != -XE_EXIST && r != -XE_NOMEM && r != -XE_PERM) return r;
        *cursor = cand + len > step ? cand + len - step : 0;
        if (*cursor > cand) *cursor = cand;
    }
    return -XE_NOMEM;
}

int64_t xl_guest_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off, uint64_t limit) {
    if (len == 0) return -XE_INVAL;
    len = PAGE_UP(len);
    if (len == 0) return -XE_NOMEM;
    if (flags & (H_MAP_FIXED | H_MAP_FIXED_NOREPLACE)) {
        if (addr + len > limit || addr + len < addr) return -XE_NOMEM;
        return host_sc6(HOST_NR_mmap, addr, len, (uint64_t)prot, (uint64_t)flags, (uint64_t)(int64_t)fd, off);
    }
    if (limit == UINT64_MAX)
        return host_sc6(HOST_NR_mmap, addr, len, (uint64_t)prot, (uint64_t)flags, (uint64_t)(int64_t)fd, off);
    if (addr && addr + len <= limit && addr + len > addr && !(addr & (PAGE_SIZE - 1))) {
        int64_t r = map_exact(addr, len, prot, flags, fd, off, 0);
        if (r >= 0) return r;
    }
    return map_below(len, prot, flags, fd, off, limit);
}

int64_t xl_guest_mremap(uint64_t old, uint64_t oldlen, uint64_t newlen, int flags, uint64_t newaddr, uint64_t limit) {
    if (limit == UINT64_MAX || (flags & H_MREMAP_FIXED)) {
        if ((flags & H_MREMAP_FIXED) && newaddr + PAGE_UP(newlen) > limit) return -XE_NOMEM;
        return host_sc5(HOST_NR_mremap, old, oldlen, newlen, flags, newaddr);
    }
    int64_t r = -XE_NOMEM;
    if (old + PAGE_UP(newlen) <= limit) { /* in place first */
        r = host_sc5(HOST_NR_mremap, old, oldlen, newlen, flags & ~H_MREMAP_MAYMOVE, 0);
        if (!is_err(r) || r != -XE_NOMEM) return r;
    }
    if (!(flags & H_MREMAP_MAYMOVE)) return r;
    int64_t dst = map_below(PAGE_UP(newlen), H_PROT_NONE, H_MAP_PRIVATE | H_MAP_ANONYMOUS | H_MAP_NORESERVE, -1, 0, limit);
    if (dst < 0) return dst;
    r = host_sc5(HOST_NR_mremap, old, oldlen, newlen, H_MREMAP_MAYMOVE | H_MREMAP_FIXED, dst);
    if (is_err(r)) host_sc2(HOST_NR_munmap, dst, PAGE_UP(newlen));
    return r;
}
