#include <stdio.h>
#include <string.h>

int global_counter = 5;
int global_array[10] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
int bss_array[1000];
const char *const names[] = {"zero", "one", "two", "three"};
static const short table[] = {1, -2, 3, -4, 5, -6, 7, -8};
static char message[] = "mutable global string";
struct point { int x, y; };
struct point points[] = {{1, 2}, {3, 4}, {5, 6}};
struct point *ppoint = &points[1];
int *pglobal = &global_array[3];
static double dglobal = 2.5;
long long llglobal = -1234567890123LL;

static int next_id(void)
{
    static int id = 100;
    return id++;
}

static int *counter_ptr(void) { static int c; return &c; }

int main(void)
{
    printf("global_counter=%d\n", global_counter);
    global_counter += 10;
    printf("global_counter=%d\n", global_counter);
    int s = 0;
    for (int *p = global_array; p < global_array + 10; p++) s += *p * (int)(p - global_array);
    printf("weighted sum=%d\n", s);
    printf("pglobal=%d pglobal[2]=%d pglobal[-1]=%d diff=%d\n", *pglobal, pglobal[2], pglobal[-1], (int)(pglobal - global_array));
    int nonzero = 0;
    for (int i = 0; i < 1000; i++) nonzero += bss_array[i] != 0;
    printf("bss nonzero=%d\n", nonzero);
    for (int i = 0; i < 1000; i++) bss_array[i] = i * i;
    printf("bss[999]=%d\n", bss_array[999]);
    for (int i = 0; i < 4; i++) printf("%s ", names[i]);
    printf("\n");
    int ts = 0;
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++) ts += table[i];
    printf("table sum=%d\n", ts);
    message[0] = 'M';
    strcat(message, "!") ;
    printf("%s (%zu)\n", message, strlen(message));
    printf("ppoint=(%d,%d) next=(%d,%d)\n", ppoint->x, ppoint->y, (ppoint + 1)->x, ppoint[1].y);
    ppoint++;
    ppoint->x = 50;
    printf("points[2].x=%d\n", points[2].x);
    for (int i = 0; i < 3; i++) printf("id=%d ", next_id());
    printf("\n");
    for (int i = 0; i < 4; i++) ++*counter_ptr();
    printf("counter=%d\n", *counter_ptr());
    dglobal *= 3;
    llglobal = llglobal * 2 + 1;
    printf("dglobal=%.2f llglobal=%lld\n", dglobal, llglobal);
    char buf[32];
    char *p = buf;
    for (int i = 0; i < 26; i++) *p++ = (char)('a' + i);
    *p = 0;
    char *q = buf + 25;
    while (q > buf && *q != 'm') q--;
    printf("found m at %d, tail=%s\n", (int)(q - buf), q);
    int matrix[4][5];
    for (int i = 0; i < 4; i++) for (int j = 0; j < 5; j++) matrix[i][j] = i * 10 + j;
    int *flat = &matrix[0][0];
    printf("flat[13]=%d matrix[2][3]=%d\n", flat[13], matrix[2][3]);
    int (*row)[5] = matrix + 3;
    printf("row3[4]=%d\n", (*row)[4]);
    return 0;
}
