#include <stdio.h>

static int compute(int x) { return x * 6; }

int main(void)
{
    printf("returning %d\n", compute(7));
    return compute(7);
}
