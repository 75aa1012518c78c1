/* CoreMark-class integer workload (original code): linked-list search/reverse/merge sort, small-matrix
 * arithmetic, a number-scanning state machine and CRC-16 over all intermediate results. Prints one checksum
 * per phase so a wrong translation shows where it went wrong. Usage: intmark [iterations] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define LIST_NODES 200
#define MATRIX_N 24
#define SCAN_LEN 1200

typedef struct Node {
    struct Node *next;
    int16_t key;
    int16_t value;
} Node;

static uint16_t crc16_byte(uint8_t data, uint16_t crc)
{
    for (int i = 0; i < 8; i++) {
        uint16_t mixbit = (uint16_t)((data ^ crc) & 1);
        crc >>= 1;
        if (mixbit) crc ^= 0xA001;
        data >>= 1;
    }
    return crc;
}

static uint16_t crc16_u32(uint32_t v, uint16_t crc)
{
    for (int i = 0; i < 4; i++) crc = crc16_byte((uint8_t)(v >> (8 * i)), crc);
    return crc;
}

/* ---- lists ---- */
static Node *list_reverse(Node *head)
{
    Node *prev = NULL;
    while (head) {
        Node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static Node *list_find(Node *head, int16_t key)
{
    while (head && head->key != key) head = head->next;
    return head;
}

typedef int (*node_cmp)(const Node *, const Node *);
static int by_key(const Node *a, const Node *b) { return a->key - b->key; }
static int by_value(const Node *a, const Node *b) { return (a->value & 0xff) - (b->value & 0xff); }

static Node *list_merge_sort(Node *head, node_cmp cmp)
{
    /* Bottom-up merge sort: no recursion, all pointer chasing. */
    int width = 1;
    for (;;) {
        Node *p = head, *tail = NULL;
        head = NULL;
        int merges = 0;
        while (p) {
            merges++;
            Node *q = p;
            int psize = 0;
            for (int i = 0; i < width && q; i++) { psize++; q = q->next; }
            int qsize = width;
            while (psize > 0 || (qsize > 0 && q)) {
                Node *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else if (cmp(p, q) <= 0) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e; else head = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1) return head;
        width *= 2;
    }
}

static uint16_t bench_list(Node *nodes, uint32_t seed, uint16_t crc)
{
    for (int i = 0; i < LIST_NODES; i++) {
        seed = seed * 1664525u + 1013904223u;
        nodes[i].key = (int16_t)(seed >> 20);
        nodes[i].value = (int16_t)(seed >> 8);
        nodes[i].next = i + 1 < LIST_NODES ? &nodes[i + 1] : NULL;
    }
    Node *head = &nodes[0];
    int found = 0;
    for (int i = 0; i < 40; i++) {
        Node *n = list_find(head, (int16_t)(i * 97 % 4096));
        if (n) { found++; crc = crc16_u32((uint32_t)n->value, crc); }
        head = list_reverse(head);
    }
    head = list_merge_sort(head, by_value);
    crc = crc16_u32((uint32_t)head->value, crc);
    head = list_merge_sort(head, by_key);
    for (Node *n = head; n; n = n->next) crc = crc16_byte((uint8_t)n->key, crc);
    return crc16_u32((uint32_t)found, crc);
}

/* ---- matrices ---- */
static void matrix_mul_const(int n, int32_t *out, const int16_t *a, int16_t c)
{
    for (int i = 0; i < n * n; i++) out[i] = (int32_t)a[i] * c;
}

static void matrix_mul(int n, int32_t *out, const int16_t *a, const int16_t *b)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int32_t sum = 0;
            for (int k = 0; k < n; k++) sum += (int32_t)a[i * n + k] * b[k * n + j];
            out[i * n + j] = sum;
        }
}

static void matrix_mul_bits(int n, int32_t *out, const int16_t *a, const int16_t *b)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int32_t sum = 0;
            for (int k = 0; k < n; k++) {
                int32_t t = (int32_t)a[i * n + k] * b[k * n + j];
                sum += ((t >> 2) & 0xf) * ((t >> 5) & 0x7f);
            }
            out[i * n + j] = sum;
        }
}

static uint16_t matrix_sum(int n, const int32_t *m, int32_t clip)
{
    int32_t acc = 0, prev = 0;
    uint16_t ret = 0;
    for (int i = 0; i < n * n; i++) {
        acc += m[i];
        if (acc > clip) { ret += 10; acc = 0; }
        else ret += acc > prev ? 1 : 0;
        prev = acc;
    }
    return ret;
}

static uint16_t bench_matrix(int16_t *a, int16_t *b, int32_t *out, uint32_t seed, uint16_t crc)
{
    for (int i = 0; i < MATRIX_N * MATRIX_N; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = (int16_t)((seed >> 16) & 0x3ff) - 0x200;
        b[i] = (int16_t)((seed >> 6) & 0x3ff) - 0x200;
    }
    matrix_mul_const(MATRIX_N, out, a, 7);
    crc = crc16_u32(matrix_sum(MATRIX_N, out, 5000), crc);
    for (int i = 0; i < MATRIX_N * MATRIX_N; i++) a[i] = (int16_t)(a[i] + 3);
    matrix_mul(MATRIX_N, out, a, b);
    crc = crc16_u32(matrix_sum(MATRIX_N, out, 700000), crc);
    matrix_mul_bits(MATRIX_N, out, a, b);
    return crc16_u32(matrix_sum(MATRIX_N, out, 90000), crc);
}

/* ---- state machine: classify comma-separated tokens as int / float / exponent / invalid ---- */
enum State { START, INT, SIGN, FLOAT, EXP, EXP_SIGN, SCI, INVALID, STATE_COUNT };

static enum State next_state(enum State s, char c)
{
    int digit = c >= '0' && c <= '9';
    switch (s) {
    case START: return digit ? INT : (c == '+' || c == '-') ? SIGN : c == '.' ? FLOAT : INVALID;
    case SIGN: return digit ? INT : c == '.' ? FLOAT : INVALID;
    case INT: return digit ? INT : c == '.' ? FLOAT : (c == 'e' || c == 'E') ? EXP : INVALID;
    case FLOAT: return digit ? FLOAT : (c == 'e' || c == 'E') ? EXP : INVALID;
    case EXP: return digit ? SCI : (c == '+' || c == '-') ? EXP_SIGN : INVALID;
    case EXP_SIGN: return digit ? SCI : INVALID;
    case SCI: return digit ? SCI : INVALID;
    default: return INVALID;
    }
}

static uint16_t bench_state(char *text, uint32_t seed, uint16_t crc)
{
    static const char alphabet[] = "0123456789012345678901234567.+-eE,,,x";
    for (int i = 0; i < SCAN_LEN - 1; i++) {
        seed = seed * 22695477u + 1u;
        text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
    }
    text[SCAN_LEN - 1] = 0;
    uint32_t final_count[STATE_COUNT] = {0}, transitions[STATE_COUNT] = {0};
    for (int pass = 0; pass < 2; pass++) {
        enum State s = START;
        for (const char *p = text; *p; p++) {
            if (*p == ',') { final_count[s]++; s = START; continue; }
            enum State n = next_state(s, *p);
            if (n != s) transitions[n]++;
            s = n;
        }
        final_count[s]++;
        for (int i = 0; i < SCAN_LEN - 1; i += 7) text[i] = text[i] == ',' ? '1' : text[i] ^ 1;
    }
    for (int i = 0; i < STATE_COUNT; i++) crc = crc16_u32(final_count[i] * 31u + transitions[i], crc);
    return crc;
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 600;
    Node *nodes = malloc(sizeof(Node) * LIST_NODES);
    int16_t *a = malloc(sizeof(int16_t) * MATRIX_N * MATRIX_N), *b = malloc(sizeof(int16_t) * MATRIX_N * MATRIX_N);
    int32_t *out = malloc(sizeof(int32_t) * MATRIX_N * MATRIX_N);
    char *text = malloc(SCAN_LEN);
    uint16_t crc_list = 0, crc_matrix = 0, crc_state = 0;
    for (int it = 0; it < iterations; it++) {
        crc_list = bench_list(nodes, (uint32_t)it * 7919u + 1u, crc_list);
        crc_matrix = bench_matrix(a, b, out, (uint32_t)it * 104729u + 3u, crc_matrix);
        crc_state = bench_state(text, (uint32_t)it * 1299709u + 5u, crc_state);
    }
    uint16_t total = crc16_u32(crc_list, crc16_u32(crc_matrix, crc16_u32(crc_state, 0)));
    printf("intmark iterations %d\nlist %04x\nmatrix %04x\nstate %04x\ntotal %04x\n",
           iterations, crc_list, crc_matrix, crc_state, total);
    return 0;
}
