/* SSE4.2 helpers called by translated code: the string-compare core of pcmpestri/pcmpestrm/pcmpistri/pcmpistrm
 * and crc32 (CRC-32C). The string compare is a 16x16 element matrix reduced four ways (equal any, ranges, equal
 * each, equal ordered), with validity overrides per element: far simpler and safer as plain C than as vector IR,
 * and the lifted code does the cheap parts inline (flags from the result, index, mask expansion). */
#include <stdint.h>

typedef unsigned __int128 u128;

static int32_t element(u128 v, int i, int words, int is_signed)
{
    if (words) {
        uint16_t w = (uint16_t)(v >> (16 * i));
        return is_signed ? (int32_t)(int16_t)w : (int32_t)w;
    }
    uint8_t b = (uint8_t)(v >> (8 * i));
    return is_signed ? (int32_t)(int8_t)b : (int32_t)b;
}

static int explicit_length(int64_t raw, int n)
{
    uint64_t magnitude = raw < 0 ? (uint64_t)0 - (uint64_t)raw : (uint64_t)raw;
    return magnitude > (uint64_t)n ? n : (int)magnitude;
}

static int implicit_length(u128 v, int n, int words)
{
    for (int i = 0; i < n; i++)
        if (element(v, i, words, 0) == 0) return i;
    return n;
}

/* ctl: imm8 in bits 0-7, bit 8 set for the explicit-length forms (lengths la/lb already sign-extended from
 * eax/edx, or rax/rdx with REX.W). Returns IntRes2 in bits 0-15, ZF in bit 16 and SF in bit 17. */
uint32_t xlate_pcmpstr(u128 a, u128 b, int64_t la_raw, int64_t lb_raw, uint32_t ctl)
{
    int words = ctl & 1, is_signed = (ctl >> 1) & 1, aggregation = (ctl >> 2) & 3, polarity = (ctl >> 4) & 3;
    int n = words ? 8 : 16;
    int la, lb;
    if (ctl & 0x100) {
        la = explicit_length(la_raw, n);
        lb = explicit_length(lb_raw, n);
    } else {
        la = implicit_length(a, n, words);
        lb = implicit_length(b, n, words);
    }
    int32_t ea[16], eb[16];
    for (int i = 0; i < n; i++) {
        ea[i] = element(a, i, words, is_signed);
        eb[i] = element(b, i, words, is_signed);
    }
    uint32_t res1 = 0;
    for (int j = 0; j < n; j++) {
        int bit = 0;
        switch (aggregation) {
        case 0: /* equal any: b[j] is one of the valid a[i] */
            if (j < lb)
                for (int i = 0; i < la; i++) bit |= ea[i] == eb[j];
            break;
        case 1: /* ranges: a holds (low, high) pairs */
            if (j < lb)
                for (int i = 0; i + 1 < la; i += 2) bit |= ea[i] <= eb[j] && eb[j] <= ea[i + 1];
            break;
        case 2: /* equal each */
            if (j >= la && j >= lb) bit = 1;
            else if (j < la && j < lb) bit = ea[j] == eb[j];
            break;
        default: /* equal ordered: the valid part of a starts at b[j] */
            bit = 1;
            for (int k = 0; k < n - j && bit; k++) {
                if (k >= la) break;
                if (j + k >= lb) bit = 0;
                else bit = ea[k] == eb[j + k];
            }
            break;
        }
        res1 |= (uint32_t)bit << j;
    }
    uint32_t all = (1u << n) - 1, res2 = res1;
    if (polarity == 1) res2 = ~res1 & all;
    else if (polarity == 3) res2 = res1 ^ ((1u << lb) - 1);
    return res2 | (uint32_t)(lb < n) << 16 | (uint32_t)(la < n) << 17;
}

/* crc32 (SSE4.2): CRC-32C (Castagnoli, reflected polynomial 0x82f63b78) of the low `bytes` bytes of data,
 * continuing from crc; no final inversion, as the instruction. */
uint32_t xlate_crc32c(uint32_t crc, uint64_t data, uint32_t bytes)
{
    static uint32_t table[256];
    static int ready;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1)));
            table[i] = c;
        }
        ready = 1;
    }
    for (uint32_t i = 0; i < bytes; i++) {
        crc = (crc >> 8) ^ table[(crc ^ (uint32_t)data) & 0xff];
        data >>= 8;
    }
    return crc;
}
