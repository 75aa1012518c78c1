/* i386 checks for path A only (the rig), expected values from the man pages rather than a native run: calls whose
 * path-B emulation is missing (the direct SysV IPC syscalls) or differs (pipe2 O_DIRECT), and one whose result on
 * an x86-64 host kernel is not the documented one (direct msgctl(IPC_STAT | IPC_64) returns 2 there, not 0).
 * Exit status: number of failed checks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures;
#define CHECK(name, cond) do { int ok_ = (cond); printf("%-28s %s\n", name, ok_ ? "ok" : "FAIL"); \
                               if (!ok_) { failures++; printf("  errno=%d\n", errno); } } while (0)

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char buf[64];
    int p[2];
    /* pipe2 flags are open flags: i386 O_DIRECT (packet mode) is another bit on ARM */
    CHECK("pipe2-o-direct", pipe2(p, O_DIRECT) == 0 && write(p[1], "ab", 2) == 2 && write(p[1], "cde", 3) == 3
                                && read(p[0], buf, sizeof buf) == 2 && (fcntl(p[1], F_GETFL) & O_DIRECT) != 0);
    close(p[0]); close(p[1]);

    /* the direct SysV message-queue syscalls (glibc uses ipc()): struct msqid64_ds, IPC_64 as glibc passes it */
    int mq = (int)syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
    struct { long mtype; char text[8]; } msg = { 7, "queued" };
    CHECK("sys-msgsnd", mq >= 0 && syscall(SYS_msgsnd, mq, &msg, 7, 0) == 0);
    struct msqid_ds qs;
    memset(&qs, 0, sizeof qs);
    CHECK("sys-msgctl-stat", syscall(SYS_msgctl, mq, IPC_STAT | 0x100 /* IPC_64 */, &qs) == 0 && qs.msg_qnum == 1
                                 && qs.msg_cbytes == 7 && qs.msg_perm.mode == 0600 && qs.msg_lspid == getpid());
    memset(&msg, 0, sizeof msg);
    CHECK("sys-msgrcv", syscall(SYS_msgrcv, mq, &msg, sizeof msg.text, 0, 0) == 7 && msg.mtype == 7
                            && strcmp(msg.text, "queued") == 0);
    CHECK("sys-msgctl-rmid", syscall(SYS_msgctl, mq, IPC_RMID, 0) == 0);
    printf("failures %d\n", failures);
    return failures;
}
