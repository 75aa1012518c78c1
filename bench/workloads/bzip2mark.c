/* bzip2 workload: compresses generated data (text-like plus a run-heavy part) with libbz2, decompresses it
 * and prints sizes and a checksum. Usage: bzip2mark [kilobytes] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bzlib.h"

static unsigned fnv(const unsigned char *p, unsigned len)
{
    unsigned h = 2166136261u;
    for (unsigned i = 0; i < len; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

int main(int argc, char **argv)
{
    unsigned len = (unsigned)(argc > 1 ? atoi(argv[1]) : 384) * 1024;
    unsigned char *data = malloc(len), *back = malloc(len);
    unsigned bound = len + len / 100 + 600;
    char *packed = malloc(bound);
    unsigned seed = 99;
    for (unsigned i = 0; i < len; i++) {
        seed = seed * 1664525u + 1013904223u;
        if (i < len / 2) data[i] = "etaoin shrdlu\n"[(seed >> 20) % 14];
        else data[i] = (unsigned char)((i / 64) % 7 == 0 ? 'x' : 'a' + (seed >> 28));
    }
    printf("input %u fnv %08x\n", len, fnv(data, len));
    static const int blocks[] = {1, 9};
    for (int b = 0; b < 2; b++) {
        unsigned packed_len = bound;
        if (BZ2_bzBuffToBuffCompress(packed, &packed_len, (char *)data, len, blocks[b], 0, 30) != BZ_OK) {
            puts("compress failed");
            return 1;
        }
        unsigned back_len = len;
        if (BZ2_bzBuffToBuffDecompress((char *)back, &back_len, packed, packed_len, 0, 0) != BZ_OK) {
            puts("decompress failed");
            return 1;
        }
        printf("block %d00k packed %u fnv %08x roundtrip %s\n", blocks[b], packed_len,
               fnv((unsigned char *)packed, packed_len),
               back_len == len && memcmp(back, data, len) == 0 ? "ok" : "MISMATCH");
    }
    return 0;
}
