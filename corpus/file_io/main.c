#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    const char *name = "xlate_file_io.tmp";
    FILE *f = fopen(name, "wb");
    if (!f) { perror("fopen"); return 1; }
    unsigned char block[1000];
    for (int i = 0; i < 1000; i++)
        block[i] = (unsigned char)(i * 7 + 3);
    for (int k = 0; k < 20; k++)
        if (fwrite(block, 1, sizeof block, f) != sizeof block) { puts("short write"); return 1; }
    fprintf(f, "trailer line %d\n", 12345);
    printf("ftell after write: %ld\n", ftell(f));
    fclose(f);

    f = fopen(name, "rb");
    if (!f) { perror("fopen r"); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    printf("size=%ld\n", size);
    fseek(f, 1234, SEEK_SET);
    unsigned char b[16];
    size_t n = fread(b, 1, sizeof b, f);
    printf("read %zu at 1234:", n);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", b[i]);
    printf("\n");
    fseek(f, -22, SEEK_END);
    char line[64];
    if (fgets(line, sizeof line, f))
        printf("tail: %s", line);
    rewind(f);
    unsigned long sum = 0;
    int c, count = 0;
    while ((c = fgetc(f)) != EOF) {
        sum = sum * 31 + (unsigned)c;
        count++;
    }
    printf("bytes=%d checksum=%lu feof=%d\n", count, sum & 0xffffffffUL, feof(f) != 0);
    fclose(f);

    f = fopen(name, "a+");
    fputs("appended\n", f);
    fseek(f, 0, SEEK_SET);
    fseek(f, 0, SEEK_END);
    printf("after append size=%ld\n", ftell(f));
    fclose(f);

    f = fopen(name, "r+");
    fseek(f, 10, SEEK_SET);
    fwrite("XYZ", 1, 3, f);
    fseek(f, 8, SEEK_SET);
    memset(b, 0, sizeof b);
    fread(b, 1, 7, f);
    printf("patched: %02x %02x %c%c%c %02x %02x\n", b[0], b[1], b[2], b[3], b[4], b[5], b[6]);
    fclose(f);

    printf("unlink=%d\n", unlink(name));
    f = fopen(name, "r");
    printf("reopen after unlink: %s\n", f ? "exists" : "gone");
    if (f) fclose(f);

    /* text lines round trip */
    f = fopen("xlate_lines.tmp", "w");
    for (int i = 0; i < 50; i++)
        fprintf(f, "line %d value %d\n", i, i * i);
    fclose(f);
    f = fopen("xlate_lines.tmp", "r");
    int a, v, total = 0, lines = 0;
    while (fscanf(f, "line %d value %d\n", &a, &v) == 2) {
        total += v;
        lines++;
    }
    fclose(f);
    remove("xlate_lines.tmp");
    printf("lines=%d total=%d\n", lines, total);
    return 0;
}
