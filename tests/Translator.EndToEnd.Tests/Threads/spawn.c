/* system, posix_spawn and popen: glibc runs the child with clone(CLONE_VM | CLONE_VFORK) on a stack of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <spawn.h>
#include <sys/wait.h>
extern char **environ;
int main(void) {
    fflush(stdout);
    int r = system("echo from-system");
    printf("system -> %d\n", WEXITSTATUS(r));
    pid_t pid; char *argv[] = { "/bin/sh", "-c", "exit 5", 0 };
    int e = posix_spawn(&pid, "/bin/sh", 0, 0, argv, environ);
    int st; waitpid(pid, &st, 0);
    printf("posix_spawn %d exit %d\n", e, WEXITSTATUS(st));
    FILE *p = popen("echo piped", "r"); char buf[64]; fgets(buf, sizeof buf, p); printf("popen: %s", buf); pclose(p);
    return 0;
}
