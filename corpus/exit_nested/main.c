#include <stdio.h>
#include <stdlib.h>

static void cleanup(void) { printf("cleanup ran\n"); }

static int level3(int x)
{
    if (x > 2) {
        printf("exiting from level3 with 3 (buffered output must be flushed)\n");
        exit(3);
    }
    return x;
}
static int level2(int x) { return level3(x + 1) + 1; }
static int level1(int x) { return level2(x + 1) + 1; }

int main(void)
{
    atexit(cleanup);
    printf("start\n");
    int r = level1(0);
    printf("r=%d\n", r);
    r = level1(5);
    printf("not reached %d\n", r);
    return 0;
}
