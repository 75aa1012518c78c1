/* Dhrystone-class workload (original code): records passed by pointer and copied by value, fixed-size
 * string copy/compare, enumerations, a global array and many small procedure calls that the compiler is told
 * not to inline. Prints a checksum of every global it touches. Usage: recordmark [iterations] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

typedef enum { RED, GREEN, BLUE, CYAN, MAGENTA } Colour;

typedef struct Record {
    struct Record *link;
    Colour colour;
    int number;
    char label[32];
    int history[8];
} Record;

static Record *global_record;
static int global_int;
static char global_char_a, global_char_b;
static int global_table[64];
static int global_grid[32][32];
static uint32_t checksum = 2166136261u;

static NOINLINE void mix(uint32_t v)
{
    checksum = (checksum ^ v) * 16777619u;
}

static NOINLINE Colour shift_colour(Colour c, int by)
{
    return (Colour)(((int)c + by) % 5);
}

static NOINLINE int same_class(char a, char b)
{
    return (a >= 'a') == (b >= 'a');
}

static NOINLINE int compare_labels(const char *a, const char *b)
{
    int r = strcmp(a, b);
    return r < 0 ? -1 : r > 0;
}

static NOINLINE void fill_table(int *table, int *grid_row, int seed, int pos)
{
    table[pos & 63] = seed;
    table[(pos + 1) & 63] = table[pos & 63] + pos;
    grid_row[pos & 31] += 1;
    grid_row[(pos + 7) & 31] = table[(pos + 1) & 63] ^ seed;
    global_int = pos + 5;
}

static NOINLINE int add_and_test(int a, int b, int *out)
{
    *out = a + b;
    return *out > a;
}

static NOINLINE void update_record(Record *r, int iteration)
{
    Record copy = *global_record;
    r->number = copy.number + iteration % 13;
    r->colour = shift_colour(copy.colour, iteration);
    r->history[iteration & 7] = r->number;
    if (r->colour == BLUE) {
        snprintf(r->label, sizeof r->label, "RECORD, %d'TH STRING", iteration % 100);
    } else {
        strcpy(r->label, copy.label);
        r->label[iteration % 20] = (char)('A' + iteration % 26);
    }
    r->link = global_record;
}

static NOINLINE char pick_char(int i)
{
    return (char)(i % 3 == 0 ? 'A' + i % 26 : 'a' + i % 26);
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 200000;
    Record *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    global_record = a;
    a->colour = GREEN;
    a->number = 40;
    strcpy(a->label, "DHRYSTONE-CLASS PROGRAM, SOME STRING");
    a->label[31] = 0;
    char label_1[32] = "RECORD, 1'ST STRING";
    char label_2[32];
    for (int i = 1; i <= iterations; i++) {
        global_char_a = pick_char(i);
        global_char_b = pick_char(i + 1);
        int sum;
        int positive = add_and_test(i, global_int, &sum);
        snprintf(label_2, sizeof label_2, "RECORD, %d'ND STRING", i % 7);
        int order = compare_labels(label_1, label_2);
        fill_table(global_table, global_grid[i & 31], sum, i);
        update_record(b, i);
        if (same_class(global_char_a, global_char_b)) global_int += order;
        if (positive) mix((uint32_t)sum);
        Record *t = global_record;
        global_record = b;
        b = t;
        if ((i & 1023) == 0) {
            mix((uint32_t)global_record->number);
            mix((uint32_t)global_record->colour);
            for (const char *p = global_record->label; *p; p++) mix((uint8_t)*p);
        }
    }
    for (int i = 0; i < 64; i++) mix((uint32_t)global_table[i]);
    for (int i = 0; i < 32; i++)
        for (int j = 0; j < 32; j++) mix((uint32_t)global_grid[i][j]);
    for (int i = 0; i < 8; i++) mix((uint32_t)global_record->history[i]);
    printf("recordmark iterations %d\nint %d chars %c%c\nlabel %s\nchecksum %08x\n", iterations, global_int,
           global_char_a, global_char_b, global_record->label, (unsigned)checksum);
    return 0;
}
