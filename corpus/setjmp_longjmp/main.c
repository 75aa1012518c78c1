#include <stdio.h>
#include <setjmp.h>

static jmp_buf outer, inner;
static int calls;

static void deep(int n)
{
    calls++;
    if (n == 0)
        longjmp(inner, 7);
    deep(n - 1);
}

static void thrower(int code)
{
    printf("thrower(%d)\n", code);
    if (code > 0)
        longjmp(outer, code);
    printf("no throw\n");
}

static int try_inner(int n)
{
    volatile int local = n * 10;
    int r = setjmp(inner);
    if (r == 0) {
        local += 1;
        deep(n);
        return -1;
    }
    return r + local;
}

static jmp_buf env_stack[4];
static int level;

static void nested_level(int l)
{
    if (setjmp(env_stack[l]) == 0) {
        printf("enter level %d\n", l);
        if (l < 3)
            nested_level(l + 1);
        else
            longjmp(env_stack[1], 1);
        printf("after nested call at level %d\n", l);
    } else {
        printf("landed at level %d\n", l);
        level = l;
    }
}

int main(void)
{
    for (int i = 0; i < 3; i++) {
        volatile int counter = i;
        int r = setjmp(outer);
        if (r == 0) {
            counter += 100;
            thrower(i);
            printf("returned normally, counter=%d\n", counter);
        } else {
            printf("caught %d, counter=%d\n", r, counter);
        }
    }
    printf("try_inner(5)=%d calls=%d\n", try_inner(5), calls);
    printf("try_inner(50)=%d calls=%d\n", try_inner(50), calls);
    nested_level(0);
    printf("final level=%d\n", level);

    jmp_buf loop;
    volatile int iter = 0;
    if (setjmp(loop) < 5) {
        iter++;
        if (iter < 5)
            longjmp(loop, iter);
    }
    printf("iter=%d\n", iter);
    int z = setjmp(outer);
    if (z == 0)
        longjmp(outer, 0); /* longjmp with 0 returns 1 */
    printf("longjmp(0) gave %d\n", z);

    sigjmp_buf sj;
    if (sigsetjmp(sj, 1) == 0) {
        puts("sigsetjmp first");
        siglongjmp(sj, 9);
    } else {
        puts("siglongjmp back");
    }
    return 0;
}
