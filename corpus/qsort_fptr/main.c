#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int key; char name[12]; double weight; } item;

static int cmp_int_asc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int_asc(b, a); }
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}
static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight < y->weight ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int op_add(int a, int b) { return a + b; }
static int op_sub(int a, int b) { return a - b; }
static int op_mul(int a, int b) { return a * b; }
static int op_div(int a, int b) { return b ? a / b : 0; }
static int op_mod(int a, int b) { return b ? a % b : 0; }
static int op_max(int a, int b) { return a > b ? a : b; }

static int (*const ops[])(int, int) = {op_add, op_sub, op_mul, op_div, op_mod, op_max};
static const char *const opnames[] = {"add", "sub", "mul", "div", "mod", "max"};

struct handler { const char *name; void (*fn)(int *, int); };
static void h_double(int *v, int n) { for (int i = 0; i < n; i++) v[i] *= 2; }
static void h_negate(int *v, int n) { for (int i = 0; i < n; i++) v[i] = -v[i]; }
static void h_reverse(int *v, int n) { for (int i = 0; i < n / 2; i++) { int t = v[i]; v[i] = v[n - 1 - i]; v[n - 1 - i] = t; } }
static struct handler handlers[] = {{"double", h_double}, {"negate", h_negate}, {"reverse", h_reverse}};

static unsigned rng = 12345;
static unsigned next(void) { rng = rng * 1103515245u + 12345u; return (rng >> 16) & 0x7fff; }

static void apply(int (*f)(int, int), const char *name, int a, int b)
{
    printf("%s(%d,%d)=%d\n", name, a, b, f(a, b));
}

int main(void)
{
    int a[200];
    for (int i = 0; i < 200; i++)
        a[i] = (int)next() - 16000;
    qsort(a, 200, sizeof a[0], cmp_int_asc);
    for (int i = 0; i < 200; i += 20)
        printf("%d ", a[i]);
    printf("| %d\n", a[199]);
    for (int i = 1; i < 200; i++)
        if (a[i - 1] > a[i]) puts("not sorted!");
    qsort(a, 200, sizeof a[0], cmp_int_desc);
    printf("desc first=%d last=%d\n", a[0], a[199]);

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape", "apple2", "Zebra"};
    int nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (int i = 0; i < nw; i++)
        printf("%s%c", words[i], i + 1 < nw ? ' ' : '\n');

    item items[30];
    for (int i = 0; i < 30; i++) {
        items[i].key = i;
        snprintf(items[i].name, sizeof items[i].name, "it%02u", next() % 100);
        items[i].weight = (double)(next() % 10) / 4.0;
    }
    qsort(items, 30, sizeof items[0], cmp_item);
    for (int i = 0; i < 30; i++)
        printf("%s:%.2f%c", items[i].name, items[i].weight, (i % 10 == 9) ? '\n' : ' ');

    for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++)
        apply(ops[i], opnames[i], 17 + (int)i, 5 - (int)i);
    int v[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    for (int round = 0; round < 7; round++) {
        struct handler *h = &handlers[(round * 5) % 3];
        h->fn(v, 8);
        printf("%-8s", h->name);
        for (int i = 0; i < 8; i++) printf(" %d", v[i]);
        printf("\n");
    }
    int (*volatile chosen)(int, int) = ops[next() % 6];
    printf("chosen result=%d\n", chosen(100, 7));

    int key = 5, sorted[] = {1, 3, 5, 7, 9, 11};
    int *found = bsearch(&key, sorted, 6, sizeof(int), cmp_int_asc);
    printf("bsearch found index %d\n", found ? (int)(found - sorted) : -1);
    return 0;
}
