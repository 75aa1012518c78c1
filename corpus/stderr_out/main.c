#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("stdout line 1\n");
    fprintf(stderr, "stderr line 1\n");
    for (int i = 0; i < 5; i++) {
        printf("out %d\n", i);
        fprintf(stderr, "err %d (%s)\n", i, i % 2 ? "odd" : "even");
    }
    perror("perror with errno 0");
    fputs("fputs to stderr\n", stderr);
    write(2, "raw write to fd 2\n", 18);
    fflush(stdout);
    write(1, "raw write to fd 1\n", 18);
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("unbuffered stdout now\n");
    fprintf(stderr, "done, exiting with 1\n");
    return 1;
}
