#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static unsigned long cksum(const unsigned char *p, size_t n)
{
    unsigned long h = 2166136261UL;
    for (size_t i = 0; i < n; i++) h = ((h ^ p[i]) * 16777619UL) & 0xffffffffUL;
    return h;
}

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void)
{
    static char buf1[256], buf2[256], big[512];
    unsigned long acc = 0;
    /* various lengths and alignments */
    for (int align = 0; align < 16; align++) {
        for (int len = 0; len <= 64; len++) {
            char *s = buf1 + align;
            for (int i = 0; i < len; i++) s[i] = (char)('A' + (i * 7 + align) % 26);
            s[len] = 0;
            char *d = buf2 + (align * 3) % 16;
            strcpy(d, s);
            acc += strlen(d) * 31 + (unsigned long)sign(strcmp(d, s)) + 3;
            acc += (unsigned long)(strchr(s, 'Q') ? strchr(s, 'Q') - s : -1) * 7;
            acc += (unsigned long)(strrchr(s, 'C') ? strrchr(s, 'C') - s : -1) * 11;
            acc += (unsigned long)(memchr(s, 'Z', len) ? (char *)memchr(s, 'Z', len) - s : 99);
            if (len > 0) {
                d[len - 1] ^= 1;
                acc += (unsigned long)(sign(strcmp(d, s)) + 2) * 13;
                acc += (unsigned long)(sign(memcmp(d, s, len)) + 2) * 17;
                acc += (unsigned long)(sign(strncmp(d, s, len - 1)) + 2) * 19;
                d[len - 1] ^= 1;
            }
            memset(big + align, 'x' + (len & 1), len);
            memcpy(big + 64 + align, s, len);
            memmove(big + 64 + align + 3, big + 64 + align, len);
            memmove(big + 64 + align, big + 64 + align + 5, len);
            acc += cksum((unsigned char *)big, 200);
            acc &= 0xffffffffUL;
        }
    }
    printf("alignment checksum=%lu\n", acc);

    char s[128] = "Hello";
    strcat(s, ", ");
    strcat(s, "World");
    strncat(s, "!!!!!", 2);
    printf("%s len=%zu\n", s, strlen(s));
    printf("strstr=%s\n", strstr(s, "Wor"));
    printf("strstr missing=%p\n", (void *)strstr(s, "xyz"));
    printf("strncmp=%d %d\n", sign(strncmp("abcdef", "abcxyz", 3)), sign(strncmp("abcdef", "abcxyz", 4)));
    printf("strcmp=%d %d %d\n", sign(strcmp("a", "b")), sign(strcmp("b", "a")), sign(strcmp("same", "same")));
    printf("strspn=%zu strcspn=%zu\n", strspn("aaabbbccc", "ab"), strcspn("hello world", " "));
    char *dup = strdup("duplicate me");
    for (char *p = dup; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("%s\n", dup);
    free(dup);

    char tok[] = "  alpha, beta;gamma  delta,,epsilon ";
    int n = 0;
    for (char *t = strtok(tok, " ,;"); t; t = strtok(NULL, " ,;"))
        printf("tok%d=[%s] ", n++, t);
    printf("\n");

    const char *nums[] = {"0", "42", "-17", "  +99", "0x1F", "077", "123abc", "4294967295", "-2147483648", "9999999999999"};
    for (int i = 0; i < 10; i++) {
        char *end;
        long v = strtol(nums[i], &end, 0);
        unsigned long u = strtoul(nums[i], NULL, 10);
        long long ll = strtoll(nums[i], NULL, 10);
        printf("strtol(%s)=%ld rest=[%s] strtoul=%lu strtoll=%lld atoi=%d\n", nums[i], v, end, u, ll, atoi(nums[i]));
    }
    printf("strtol base2=%ld base36=%ld\n", strtol("101101", NULL, 2), strtol("zz", NULL, 36));
    printf("strtod=%.6f %.3e\n", strtod("3.25xyz", NULL), strtod("-1.5e-3", NULL));

    char out[200];
    int w = sprintf(out, "%s|%d|%05.1f|%x", "sp", -5, 2.25, 255u);
    printf("sprintf(%d)=%s\n", w, out);
    w = snprintf(out, 8, "%s", "truncate this string");
    printf("snprintf(%d)=%s\n", w, out);
    int a, b; char word[32]; float f;
    int got = sscanf("12 34 word 1.5", "%d %d %31s %f", &a, &b, word, &f);
    printf("sscanf got=%d a=%d b=%d word=%s f=%.2f\n", got, a, b, word, f);
    unsigned hx; char c;
    got = sscanf("ff:z", "%x:%c", &hx, &c);
    printf("sscanf got=%d hx=%u c=%c\n", got, hx, c);

    char rev[] = "reverse this text";
    size_t L = strlen(rev);
    for (size_t i = 0; i < L / 2; i++) { char t = rev[i]; rev[i] = rev[L - 1 - i]; rev[L - 1 - i] = t; }
    puts(rev);
    int upper = 0, digits = 0, spaces = 0;
    const char *mixed = "Mixed CASE text 123 with 4567 Digits";
    for (const char *p = mixed; *p; p++) {
        upper += isupper((unsigned char)*p) != 0;
        digits += isdigit((unsigned char)*p) != 0;
        spaces += isspace((unsigned char)*p) != 0;
    }
    printf("upper=%d digits=%d spaces=%d\n", upper, digits, spaces);
    return 0;
}
