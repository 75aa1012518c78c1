#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=\"%s\" len=%zu\n", i, argv[i], strlen(argv[i]));
    if (argv[argc] != NULL)
        puts("argv not NULL-terminated!");
    const char *v = getenv("XLATE_TEST_VAR");
    printf("XLATE_TEST_VAR=%s\n", v ? v : "(unset)");
    const char *missing = getenv("XLATE_SURELY_NOT_SET_12345");
    printf("missing=%s\n", missing ? missing : "(unset)");
    int found = 0;
    for (char **e = envp; *e; e++)
        if (strncmp(*e, "XLATE_TEST_VAR=", 15) == 0)
            found = 1;
    printf("found in envp: %d\n", found);
    setenv("XLATE_NEW", "set-by-program", 1);
    printf("XLATE_NEW=%s\n", getenv("XLATE_NEW"));
    long sum = 0;
    for (int i = 1; i < argc; i++)
        sum += strtol(argv[i], NULL, 10);
    printf("sum of numeric args=%ld\n", sum);
    return argc;
}
