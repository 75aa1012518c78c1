#include <stdio.h>
#include <stdlib.h>

static int order;
static int initialized_value;

__attribute__((constructor(101))) static void ctor_first(void)
{
    order = order * 10 + 1;
    printf("ctor 101 (order=%d)\n", order);
}

__attribute__((constructor(102))) static void ctor_second(void)
{
    order = order * 10 + 2;
    initialized_value = 4242;
    printf("ctor 102 (order=%d)\n", order);
}

__attribute__((constructor)) static void ctor_default(void)
{
    order = order * 10 + 3;
    printf("ctor default (order=%d)\n", order);
}

__attribute__((destructor)) static void dtor_default(void)
{
    printf("dtor default\n");
}

__attribute__((destructor(101))) static void dtor_101(void)
{
    printf("dtor 101 (last)\n");
}

static void at1(void) { printf("atexit 1 (registered first, runs last of atexit)\n"); }
static void at2(void) { printf("atexit 2\n"); }
static void at3(void) { printf("atexit 3 (registered last, runs first)\n"); fflush(stdout); }

int main(void)
{
    printf("main: order=%d value=%d\n", order, initialized_value);
    atexit(at1);
    atexit(at2);
    atexit(at3);
    printf("main returning 0\n");
    return 0;
}
