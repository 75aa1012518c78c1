/* xz workload: compresses generated data (log-like text with some noisy binary records) with liblzma at three
 * presets and three integrity checks, decompresses it back and prints sizes and checksums.
 * Usage: xzmark [kilobytes] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lzma.h>

static unsigned next_random(unsigned *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

static void generate(unsigned char *buf, size_t len)
{
    static const char *levels[] = {"INFO", "DEBUG", "WARN", "INFO", "ERROR", "TRACE"};
    static const char *events[] = {"block translated", "cache miss", "syscall write", "page mapped",
                                   "signal delivered", "thread parked", "flags folded", "call returned"};
    unsigned state = 2463534242u;
    size_t pos = 0;
    unsigned long clock = 1700000000ul;
    while (pos < len) {
        unsigned r = next_random(&state);
        char line[160];
        int n;
        clock += r % 7;
        if (r % 13 == 0) {
            /* a noisy record: 48 bytes of hex-free binary, hard to compress */
            n = 48;
            for (int i = 0; i < n; i++) line[i] = (char)next_random(&state);
        } else {
            n = snprintf(line, sizeof line, "%lu [%s] %s addr=0x%06x len=%u\n", clock, levels[(r >> 3) % 6],
                         events[(r >> 7) % 8], (r >> 9) & 0xfffff0, (r >> 20) % 512);
        }
        for (int i = 0; i < n && pos < len; i++) buf[pos++] = (unsigned char)line[i];
    }
}

int main(int argc, char **argv)
{
    size_t len = (size_t)(argc > 1 ? atoi(argv[1]) : 2048) * 1024;
    size_t bound = lzma_stream_buffer_bound(len);
    unsigned char *data = malloc(len), *back = malloc(len), *packed = malloc(bound);
    if (!data || !back || !packed) { puts("out of memory"); return 1; }
    generate(data, len);
    printf("input %zu crc32 %08x crc64 %016llx\n", len, lzma_crc32(data, len, 0),
           (unsigned long long)lzma_crc64(data, len, 0));

    static const struct { unsigned preset; lzma_check check; const char *name; } runs[] = {
        {0, LZMA_CHECK_CRC32, "crc32"},
        {3, LZMA_CHECK_CRC64, "crc64"},
        {6, LZMA_CHECK_SHA256, "sha256"},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        size_t packed_len = 0;
        lzma_ret ret = lzma_easy_buffer_encode(runs[i].preset, runs[i].check, NULL, data, len, packed, &packed_len, bound);
        if (ret != LZMA_OK) { printf("preset %u: encode error %d\n", runs[i].preset, (int)ret); return 1; }
        uint64_t memlimit = UINT64_MAX;
        size_t in_pos = 0, out_pos = 0;
        ret = lzma_stream_buffer_decode(&memlimit, 0, NULL, packed, &in_pos, packed_len, back, &out_pos, len);
        if (ret != LZMA_OK) { printf("preset %u: decode error %d\n", runs[i].preset, (int)ret); return 1; }
        printf("preset %u check %s packed %zu crc32 %08x roundtrip %s\n", runs[i].preset, runs[i].name, packed_len,
               lzma_crc32(packed, packed_len, 0),
               out_pos == len && in_pos == packed_len && memcmp(back, data, len) == 0 ? "ok" : "MISMATCH");
    }
    return 0;
}
