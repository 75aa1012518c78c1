#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { int value; struct node *next; };
struct tree { int key; int count; struct tree *left, *right; };
struct entry { char *key; int value; struct entry *next; };

static unsigned seed = 1;
static unsigned rnd(void) { seed = seed * 1664525u + 1013904223u; return seed >> 8; }

static struct tree *insert(struct tree *t, int key)
{
    if (!t) {
        t = malloc(sizeof *t);
        t->key = key; t->count = 1; t->left = t->right = NULL;
        return t;
    }
    if (key < t->key) t->left = insert(t->left, key);
    else if (key > t->key) t->right = insert(t->right, key);
    else t->count++;
    return t;
}
static int height(const struct tree *t)
{
    if (!t) return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}
static long sum_inorder(const struct tree *t, int *n, int print)
{
    if (!t) return 0;
    long s = sum_inorder(t->left, n, print);
    if (print && *n < 15) printf("%d ", t->key);
    ++*n;
    s += (long)t->key * t->count;
    return s + sum_inorder(t->right, n, print);
}
static void free_tree(struct tree *t)
{
    if (!t) return;
    free_tree(t->left); free_tree(t->right); free(t);
}

#define NBUCKETS 257
static unsigned hash(const char *s) { unsigned h = 5381; while (*s) h = h * 33 + (unsigned char)*s++; return h; }

int main(void)
{
    /* linked list */
    struct node *head = NULL;
    for (int i = 0; i < 5000; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = (int)(rnd() % 1000);
        n->next = head;
        head = n;
    }
    long sum = 0; int len = 0;
    for (struct node *n = head; n; n = n->next) { sum += n->value; len++; }
    printf("list len=%d sum=%ld\n", len, sum);
    /* reverse and remove evens */
    struct node *prev = NULL;
    while (head) { struct node *nx = head->next; head->next = prev; prev = head; head = nx; }
    head = prev;
    struct node **pp = &head;
    while (*pp) {
        if ((*pp)->value % 2 == 0) { struct node *d = *pp; *pp = d->next; free(d); }
        else pp = &(*pp)->next;
    }
    len = 0; sum = 0;
    for (struct node *n = head; n; n = n->next) { sum += n->value; len++; }
    printf("odd list len=%d sum=%ld first=%d\n", len, sum, head ? head->value : -1);
    while (head) { struct node *nx = head->next; free(head); head = nx; }

    /* binary tree */
    struct tree *root = NULL;
    for (int i = 0; i < 4000; i++) root = insert(root, (int)(rnd() % 3000));
    int n = 0;
    long ts = sum_inorder(root, &n, 1);
    printf("\ntree nodes=%d sum=%ld height=%d\n", n, ts, height(root));
    free_tree(root);

    /* hash table with string keys */
    struct entry *buckets[NBUCKETS] = {0};
    char key[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(key, sizeof key, "key%u", rnd() % 1500);
        unsigned h = hash(key) % NBUCKETS;
        struct entry *e;
        for (e = buckets[h]; e; e = e->next) if (strcmp(e->key, key) == 0) break;
        if (e) e->value++;
        else {
            e = malloc(sizeof *e);
            e->key = strdup(key); e->value = 1; e->next = buckets[h]; buckets[h] = e;
        }
    }
    int distinct = 0, maxv = 0, longest = 0;
    for (int b = 0; b < NBUCKETS; b++) {
        int chain = 0;
        for (struct entry *e = buckets[b]; e; e = e->next) {
            distinct++; chain++;
            if (e->value > maxv) maxv = e->value;
        }
        if (chain > longest) longest = chain;
    }
    printf("hash distinct=%d maxcount=%d longest chain=%d\n", distinct, maxv, longest);
    const char *probe[] = {"key1", "key42", "key999", "key1499", "nokey"};
    for (int i = 0; i < 5; i++) {
        unsigned h = hash(probe[i]) % NBUCKETS;
        struct entry *e;
        for (e = buckets[h]; e; e = e->next) if (strcmp(e->key, probe[i]) == 0) break;
        printf("%s=%d ", probe[i], e ? e->value : 0);
    }
    printf("\n");
    for (int b = 0; b < NBUCKETS; b++)
        while (buckets[b]) { struct entry *e = buckets[b]; buckets[b] = e->next; free(e->key); free(e); }

    /* realloc growth */
    int cap = 1, cnt = 0;
    int *arr = malloc(cap * sizeof *arr);
    for (int i = 0; i < 100000; i++) {
        if (cnt == cap) { cap *= 2; arr = realloc(arr, cap * sizeof *arr); }
        arr[cnt++] = i * 3;
    }
    long long as = 0;
    for (int i = 0; i < cnt; i++) as += arr[i];
    printf("realloc cnt=%d cap=%d sum=%lld\n", cnt, cap, as);
    arr = realloc(arr, 10 * sizeof *arr);
    printf("shrunk keeps %d %d\n", arr[0], arr[9]);
    free(arr);

    /* many varied allocations */
    void *ptrs[2000];
    unsigned long total = 0;
    for (int i = 0; i < 2000; i++) {
        size_t sz = 1 + rnd() % 700;
        ptrs[i] = malloc(sz);
        memset(ptrs[i], i & 0xff, sz);
        total += sz;
    }
    for (int i = 0; i < 2000; i += 2) { free(ptrs[i]); ptrs[i] = NULL; }
    for (int i = 0; i < 2000; i += 2) { ptrs[i] = calloc(1, 64 + i % 100); total += ((unsigned char *)ptrs[i])[10]; }
    int ok = 1;
    for (int i = 1; i < 2000; i += 2) if (((unsigned char *)ptrs[i])[0] != (i & 0xff)) ok = 0;
    for (int i = 0; i < 2000; i++) free(ptrs[i]);
    printf("varied total=%lu intact=%d\n", total, ok);
    void *big = malloc(8 << 20);
    memset(big, 1, 8 << 20);
    printf("big alloc ok=%d\n", ((char *)big)[(8 << 20) - 1]);
    free(big);
    return 0;
}
