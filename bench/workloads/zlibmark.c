/* zlib workload: compresses generated text-like data at three levels, inflates it back and prints sizes and
 * CRC-32s. Usage: zlibmark [kilobytes] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zlib.h"

static void generate(unsigned char *buf, size_t len)
{
    static const char *words[] = {"translate", "block", "register", "the", "of", "flags", "return", "guest",
                                  "host", "a", "instruction", "memory", "load", "store", "branch", "call"};
    unsigned seed = 12345;
    size_t pos = 0;
    while (pos < len) {
        seed = seed * 1103515245u + 12345u;
        const char *w = words[(seed >> 16) % 16];
        size_t wl = strlen(w);
        for (size_t i = 0; i < wl && pos < len; i++) buf[pos++] = (unsigned char)w[i];
        if (pos < len) buf[pos++] = (seed >> 8) % 11 == 0 ? '\n' : ' ';
        if ((seed >> 4) % 23 == 0 && pos + 4 < len) pos += (size_t)sprintf((char *)buf + pos, "%u ", seed % 1000);
    }
}

int main(int argc, char **argv)
{
    size_t len = (size_t)(argc > 1 ? atoi(argv[1]) : 768) * 1024;
    unsigned char *data = malloc(len), *back = malloc(len);
    uLongf bound = compressBound(len);
    unsigned char *packed = malloc(bound);
    generate(data, len);
    printf("input %zu crc %08lx\n", len, crc32(0, data, (uInt)len));
    static const int levels[] = {1, 6, 9};
    for (int i = 0; i < 3; i++) {
        uLongf packed_len = bound;
        if (compress2(packed, &packed_len, data, len, levels[i]) != Z_OK) { puts("compress failed"); return 1; }
        uLongf back_len = len;
        if (uncompress(back, &back_len, packed, packed_len) != Z_OK) { puts("uncompress failed"); return 1; }
        printf("level %d packed %lu crc %08lx adler %08lx roundtrip %s\n", levels[i], (unsigned long)packed_len,
               crc32(0, packed, (uInt)packed_len), adler32(1, back, (uInt)back_len),
               back_len == len && memcmp(back, data, len) == 0 ? "ok" : "MISMATCH");
    }
    return 0;
}
