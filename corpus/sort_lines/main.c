#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
static int cmp_ci(const void *a, const void *b)
{
    int r = strcasecmp(*(char *const *)a, *(char *const *)b);
    return r ? r : strcmp(*(char *const *)a, *(char *const *)b);
}
static int cmp_num(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    const char *sx = strrchr(x, ' '), *sy = strrchr(y, ' ');
    long nx = sx ? strtol(sx + 1, NULL, 10) : -1, ny = sy ? strtol(sy + 1, NULL, 10) : -1;
    if (nx != ny) return nx < ny ? -1 : 1;
    return strcmp(x, y);
}

int main(void)
{
    size_t cap = 16, n = 0;
    char **lines = malloc(cap * sizeof *lines);
    char buf[1024];
    while (fgets(buf, sizeof buf, stdin)) {
        size_t len = strlen(buf);
        if (len && buf[len - 1] == '\n') buf[--len] = 0;
        if (n == cap) { cap *= 2; lines = realloc(lines, cap * sizeof *lines); }
        lines[n++] = strdup(buf);
    }
    printf("read %zu lines\n", n);
    qsort(lines, n, sizeof *lines, cmp_lines);
    size_t uniq = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0) uniq++;
    printf("unique=%zu\n", uniq);
    for (size_t i = 0; i < n && i < 12; i++) printf("[%s]\n", lines[i]);
    printf("...\n[%s]\n", lines[n - 1]);
    qsort(lines, n, sizeof *lines, cmp_ci);
    printf("case-insensitive first=[%s] last=[%s]\n", lines[0], lines[n - 1]);
    qsort(lines, n, sizeof *lines, cmp_num);
    for (size_t i = n - 5; i < n; i++) printf("num: %s\n", lines[i]);
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
    return 0;
}
