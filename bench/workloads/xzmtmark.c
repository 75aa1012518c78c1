/* Parallel xz workload: liblzma's multithreaded encoder and decoder with 2 worker threads (as `xz -T2` uses them)
 * on generated data, at two presets; prints sizes and checksums, identical for any thread count or timing because
 * the stream is cut into fixed-size blocks. Usage: xzmtmark [kilobytes] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lzma.h>

static void generate(unsigned char *buf, size_t len)
{
    unsigned state = 88172645u;
    for (size_t pos = 0; pos < len;) {
        state ^= state << 13; state ^= state >> 17; state ^= state << 5;
        char line[96];
        int n = snprintf(line, sizeof line, "record %u kind=%c value=%u\n", state % 100000, 'a' + state % 7,
                         (state >> 8) % 9973);
        for (int i = 0; i < n && pos < len; i++) buf[pos++] = (unsigned char)line[i];
    }
}

static int run(lzma_stream *strm, const unsigned char *in, size_t in_len, unsigned char *out, size_t out_cap, size_t *out_len)
{
    strm->next_in = in; strm->avail_in = in_len;
    strm->next_out = out; strm->avail_out = out_cap;
    lzma_ret r;
    do r = lzma_code(strm, LZMA_FINISH); while (r == LZMA_OK);
    *out_len = out_cap - strm->avail_out;
    lzma_end(strm);
    return r == LZMA_STREAM_END ? 0 : (int)r;
}

int main(int argc, char **argv)
{
    size_t len = (size_t)(argc > 1 ? atoi(argv[1]) : 1024) * 1024;
    size_t cap = lzma_stream_buffer_bound(len);
    unsigned char *data = malloc(len), *packed = malloc(cap), *back = malloc(len);
    if (!data || !packed || !back) { puts("out of memory"); return 1; }
    generate(data, len);
    printf("input %zu crc32 %08x\n", len, lzma_crc32(data, len, 0));
    for (unsigned preset = 1; preset <= 3; preset += 2) {
        lzma_mt mt = { .threads = 2, .block_size = 128 * 1024, .preset = preset, .check = LZMA_CHECK_CRC64 };
        lzma_stream enc = LZMA_STREAM_INIT, dec = LZMA_STREAM_INIT;
        size_t packed_len, back_len;
        int e = lzma_stream_encoder_mt(&enc, &mt);
        if (e || (e = run(&enc, data, len, packed, cap, &packed_len))) { printf("encoder error %d\n", e); return 1; }
        lzma_mt dmt = { .threads = 2, .memlimit_threading = 1u << 30, .memlimit_stop = 1u << 30 };
        e = lzma_stream_decoder_mt(&dec, &dmt);
        if (e || (e = run(&dec, packed, packed_len, back, len, &back_len))) { printf("decoder error %d\n", e); return 1; }
        printf("preset %u threads 2: packed %zu crc32 %08x, unpacked %zu %s\n", preset, packed_len,
               lzma_crc32(packed, packed_len, 0), back_len, back_len == len && !memcmp(back, data, len) ? "ok" : "MISMATCH");
    }
    return 0;
}
