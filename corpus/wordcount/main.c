#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

struct word { char text[32]; int count; };

static int by_count(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    if (x->count != y->count) return y->count - x->count;
    return strcmp(x->text, y->text);
}

int main(void)
{
    static struct word words[4096];
    int nwords = 0;
    long lines = 0, chars = 0, total_words = 0;
    int c, inword = 0;
    char cur[32];
    int curlen = 0;
    while ((c = getchar()) != EOF) {
        chars++;
        if (c == '\n') lines++;
        if (isalpha(c) || c == '\'') {
            if (curlen < 31) cur[curlen++] = (char)tolower(c);
            inword = 1;
        } else if (inword) {
            cur[curlen] = 0;
            total_words++;
            int i;
            for (i = 0; i < nwords; i++) if (strcmp(words[i].text, cur) == 0) break;
            if (i == nwords && nwords < 4096) { strcpy(words[nwords].text, cur); words[nwords].count = 0; nwords++; }
            if (i < nwords) words[i].count++;
            inword = 0;
            curlen = 0;
        }
    }
    printf("lines=%ld words=%ld chars=%ld distinct=%d\n", lines, total_words, chars, nwords);
    qsort(words, nwords, sizeof words[0], by_count);
    for (int i = 0; i < nwords && i < 25; i++)
        printf("%4d %s\n", words[i].count, words[i].text);
    return 0;
}
