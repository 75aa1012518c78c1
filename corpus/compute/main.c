/* A small CoreMark-like mix: matrix multiply, CRC32, list sorting, state machine. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define N 48

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32_buf(uint32_t crc, const void *data, size_t n)
{
    const uint8_t *p = data;
    crc = ~crc;
    while (n--) crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static int32_t A[N][N], B[N][N], C[N][N];

static void matmul(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t s = 0;
            for (int k = 0; k < N; k++) s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
}

struct lnode { struct lnode *next; int16_t data; int16_t idx; };

static struct lnode *merge_sort(struct lnode *list, int (*cmp)(const struct lnode *, const struct lnode *))
{
    if (!list || !list->next) return list;
    struct lnode *slow = list, *fast = list->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct lnode *second = slow->next;
    slow->next = NULL;
    struct lnode *a = merge_sort(list, cmp), *b = merge_sort(second, cmp);
    struct lnode head, *t = &head;
    while (a && b) {
        if (cmp(a, b) <= 0) { t->next = a; a = a->next; }
        else { t->next = b; b = b->next; }
        t = t->next;
    }
    t->next = a ? a : b;
    return head.next;
}
static int cmp_data(const struct lnode *a, const struct lnode *b) { return a->data - b->data; }
static int cmp_idx(const struct lnode *a, const struct lnode *b) { return a->idx - b->idx; }

enum state { S_START, S_INT, S_FLOAT, S_EXP, S_SCI, S_INVALID, S_COUNT };

static enum state next_state(enum state s, char c)
{
    int digit = c >= '0' && c <= '9';
    switch (s) {
    case S_START: return digit ? S_INT : (c == '.' ? S_FLOAT : (c == '+' || c == '-') ? S_INT : S_INVALID);
    case S_INT: return digit ? S_INT : c == '.' ? S_FLOAT : (c == 'e' || c == 'E') ? S_EXP : S_INVALID;
    case S_FLOAT: return digit ? S_FLOAT : (c == 'e' || c == 'E') ? S_EXP : S_INVALID;
    case S_EXP: return (digit || c == '+' || c == '-') ? S_SCI : S_INVALID;
    case S_SCI: return digit ? S_SCI : S_INVALID;
    default: return S_INVALID;
    }
}

int main(void)
{
    crc_init();
    uint32_t seed = 0x1234;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            seed = seed * 1103515245u + 12345u;
            A[i][j] = (int32_t)((seed >> 16) % 200) - 100;
            seed = seed * 1103515245u + 12345u;
            B[i][j] = (int32_t)((seed >> 16) % 200) - 100;
        }
    uint32_t crc = 0;
    for (int iter = 0; iter < 4; iter++) {
        matmul();
        crc = crc32_buf(crc, C, sizeof C);
        for (int i = 0; i < N; i++) A[i][(i + iter) % N] += C[i][i] & 7;
    }
    printf("matrix crc=%08x C[0][0]=%d C[N-1][N-1]=%d\n", crc, C[0][0], C[N - 1][N - 1]);

    enum { LN = 2000 };
    struct lnode *nodes = malloc(sizeof(struct lnode) * LN);
    for (int i = 0; i < LN; i++) {
        seed = seed * 1103515245u + 12345u;
        nodes[i].data = (int16_t)((seed >> 16) & 0x3fff);
        nodes[i].idx = (int16_t)i;
        nodes[i].next = i + 1 < LN ? &nodes[i + 1] : NULL;
    }
    struct lnode *list = nodes;
    uint32_t lcrc = 0;
    for (int round = 0; round < 3; round++) {
        list = merge_sort(list, cmp_data);
        for (struct lnode *p = list; p; p = p->next) lcrc = crc32_buf(lcrc, &p->data, 2);
        list = merge_sort(list, cmp_idx);
        for (struct lnode *p = list; p; p = p->next) p->data = (int16_t)(p->data ^ (p->idx * 3)) & 0x3fff;
    }
    printf("list crc=%08x head=%d\n", lcrc, list->data);
    free(nodes);

    static const char *inputs[] = {"123", "-45.6", "1e10", "3.14e-2", "abc", "+7", ".5", "1.2.3", "9E+9", "--1"};
    int counts[S_COUNT] = {0};
    uint32_t scrc = 0;
    for (int rep = 0; rep < 200; rep++)
        for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
            enum state s = S_START;
            for (const char *p = inputs[i]; *p && s != S_INVALID; p++) s = next_state(s, *p);
            counts[s]++;
            scrc = crc32_buf(scrc, &s, 1);
        }
    printf("states:");
    for (int i = 0; i < S_COUNT; i++) printf(" %d", counts[i]);
    printf(" crc=%08x\n", scrc);

    char text[4096];
    for (int i = 0; i < (int)sizeof text; i++) text[i] = (char)(' ' + (i * 37 + i / 7) % 95);
    printf("text crc=%08x\n", crc32_buf(0, text, sizeof text));
    printf("crc(\"123456789\")=%08x\n", crc32_buf(0, "123456789", 9));
    return 0;
}
