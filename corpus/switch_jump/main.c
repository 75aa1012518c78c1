#include <stdio.h>
#include <string.h>

static const char *day_name(int d)
{
    switch (d) {
    case 0: return "sun";
    case 1: return "mon";
    case 2: return "tue";
    case 3: return "wed";
    case 4: return "thu";
    case 5: return "fri";
    case 6: return "sat";
    case 7: return "extra7";
    case 8: return "extra8";
    default: return "bad";
    }
}

static int classify(int x)
{
    int r;
    switch (x) {
    case 10: r = x * 3; break;
    case 11: r = x + 100; break;
    case 12: r = x - 7; break;
    case 13: r = x ^ 0x55; break;
    case 14: r = x << 2; break;
    case 15: /* fallthrough */
    case 16: r = -x; break;
    case 17: r = x * x; break;
    case 18: r = 1; break;
    case 20: r = 2000; break;
    case 21: r = x / 3; break;
    case 22: r = x % 5; break;
    default: r = 0; break;
    }
    return r;
}

static int char_class(char c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case 'b': case 'c': case 'd': case 'f': case 'g': return 2;
    case 'h': case 'j': case 'k': case 'l': case 'm': return 3;
    case 'n': case 'p': case 'q': case 'r': case 's': return 4;
    case 't': case 'v': case 'w': case 'x': case 'y': case 'z': return 5;
    case ' ': return 6;
    case '.': case ',': case '!': case '?': return 7;
    default: return 0;
    }
}

static int escape(char c)
{
    switch ((unsigned char)c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return 0;
    case 'a': return 7;
    case 'b': return 8;
    case 'f': return 12;
    case 'v': return 11;
    case '\\': return '\\';
    default: return -1;
    }
}

enum tok { T_NUM, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_LP, T_RP, T_END, T_ERR };

int main(void)
{
    for (int d = -1; d <= 10; d++)
        printf("%d:%s ", d, day_name(d));
    printf("\n");
    long total = 0;
    for (int x = 0; x < 30; x++) {
        int c = classify(x);
        total += c;
        printf("%d ", c);
    }
    printf("\ntotal=%ld\n", total);

    const char *text = "the quick brown fox, jumps over the lazy dog! is it? yes.";
    int counts[8] = {0};
    for (const char *p = text; *p; p++)
        counts[char_class(*p)]++;
    for (int i = 0; i < 8; i++)
        printf("class%d=%d ", i, counts[i]);
    printf("\n");

    const char *esc = "ntr0abfv\\zq";
    for (const char *p = esc; *p; p++)
        printf("%c->%d ", *p, escape(*p));
    printf("\n");

    /* a state machine: switch inside a loop */
    const char *expr = "12+34*(5-6)/7+foo-8";
    enum tok toks[64];
    int nt = 0;
    for (const char *p = expr; *p && nt < 63;) {
        switch (*p) {
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            while (*p >= '0' && *p <= '9') p++;
            toks[nt++] = T_NUM;
            continue;
        case '+': toks[nt++] = T_PLUS; break;
        case '-': toks[nt++] = T_MINUS; break;
        case '*': toks[nt++] = T_STAR; break;
        case '/': toks[nt++] = T_SLASH; break;
        case '(': toks[nt++] = T_LP; break;
        case ')': toks[nt++] = T_RP; break;
        default: toks[nt++] = T_ERR; break;
        }
        p++;
    }
    toks[nt++] = T_END;
    for (int i = 0; i < nt; i++) {
        const char *s;
        switch (toks[i]) {
        case T_NUM: s = "NUM"; break;
        case T_PLUS: s = "+"; break;
        case T_MINUS: s = "-"; break;
        case T_STAR: s = "*"; break;
        case T_SLASH: s = "/"; break;
        case T_LP: s = "("; break;
        case T_RP: s = ")"; break;
        case T_END: s = "END"; break;
        default: s = "ERR"; break;
        }
        printf("%s ", s);
    }
    printf("\n");

    unsigned state = 0, acc = 0;
    for (int i = 0; i < 1000; i++) {
        switch (state) {
        case 0: acc += 1; state = 3; break;
        case 1: acc ^= (unsigned)i; state = 4; break;
        case 2: acc *= 3; state = 1; break;
        case 3: acc += (unsigned)i * 2; state = 5; break;
        case 4: acc -= 7; state = 2; break;
        case 5: acc = (acc << 1) | (acc >> 31); state = 6; break;
        case 6: acc += 11; state = (acc & 1) ? 0 : 7; break;
        case 7: acc ^= 0xdeadbeef; state = 1; break;
        }
    }
    printf("state=%u acc=%u\n", state, acc);
    return 0;
}
