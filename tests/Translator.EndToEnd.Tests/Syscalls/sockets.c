/* AF_UNIX socketpair and loopback TCP: send/recv, sendmsg/recvmsg with iovecs, SCM_RIGHTS (passing a file
 * descriptor), SCM_CREDENTIALS, socket options, getsockname/getpeername, shutdown, accept4. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define SHOW(what, expr) do { errno = 0; long long r_ = (long long)(expr); \
    printf("%s = %lld%s%s\n", what, r_, r_ < 0 ? " " : "", r_ < 0 ? strerrorname_np(errno) : ""); } while (0)

static int send_fds(int sock, const int *fds, int n, const char *payload) {
    struct iovec iov[2] = { { (void *)payload, 3 }, { (void *)(payload + 3), strlen(payload) - 3 } };
    union { char buf[CMSG_SPACE(3 * sizeof(int))]; struct cmsghdr align; } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2, .msg_control = u.buf, .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(n * sizeof(int));
    memcpy(CMSG_DATA(c), fds, n * sizeof(int));
    return sendmsg(sock, &m, 0);
}

static void unix_pair(void) {
    int sv[2];
    SHOW("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    SHOW("send", send(sv[0], "ping", 4, 0));
    char buf[64] = {0};
    SHOW("recv", recv(sv[1], buf, sizeof buf, 0)); printf("  '%s'\n", buf);
    SHOW("recv DONTWAIT empty", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    int f = open("passed", O_CREAT | O_RDWR | O_TRUNC, 0600);
    write(f, "through the socket", 18);
    int fds[2] = { f, 1 };
    SHOW("sendmsg SCM_RIGHTS", send_fds(sv[0], fds, 2, "fd-message"));
    close(f);
    char a[4] = {0}, b[32] = {0};
    struct iovec iov[2] = { { a, 3 }, { b, sizeof b - 1 } };
    union { char buf[CMSG_SPACE(8 * sizeof(int))]; struct cmsghdr align; } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    SHOW("recvmsg", recvmsg(sv[1], &m, 0));
    printf("  '%s' '%s' controllen %d flags %x\n", a, b, (int)m.msg_controllen, m.msg_flags);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (c) {
        int got[2];
        memcpy(got, CMSG_DATA(c), sizeof got);
        printf("  cmsg level %d type %d len %d nfds %d\n", c->cmsg_level, c->cmsg_type, (int)c->cmsg_len,
               (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int)));
        char rd[32] = {0};
        pread(got[0], rd, sizeof rd - 1, 0);
        printf("  passed fd reads '%s', second is a tty-or-pipe dup %d\n", rd, fcntl(got[1], F_GETFD) >= 0);
        printf("  next cmsg %d\n", CMSG_NXTHDR(&m, c) != 0);
    }
    /* truncated control buffer: MSG_CTRUNC */
    send_fds(sv[0], fds, 1, "again");
    union { char buf[CMSG_SPACE(0)]; struct cmsghdr align; } small;
    struct msghdr m2 = { .msg_iov = iov, .msg_iovlen = 2, .msg_control = small.buf, .msg_controllen = sizeof small.buf };
    memset(a, 0, sizeof a); memset(b, 0, sizeof b);
    /* only the length: qemu-user 7.2 neither sets MSG_CTRUNC nor drops the cmsg that did not fit */
    SHOW("recvmsg small control", recvmsg(sv[1], &m2, 0));
    int one = 1;
    SHOW("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one));
    send(sv[0], "cred", 4, 0);
    union { char buf[CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr align; } cu;
    struct msghdr m3 = { .msg_iov = iov, .msg_iovlen = 1, .msg_control = cu.buf, .msg_controllen = sizeof cu.buf };
    SHOW("recvmsg creds", recvmsg(sv[1], &m3, 0));
    c = CMSG_FIRSTHDR(&m3);
    if (c && c->cmsg_type == SCM_CREDENTIALS) {
        struct ucred cr; memcpy(&cr, CMSG_DATA(c), sizeof cr);
        printf("  creds pid ok %d uid ok %d len %d\n", cr.pid == getpid(), cr.uid == getuid(), (int)c->cmsg_len);
    } else printf("  no creds\n");
    int type = 0; socklen_t len = sizeof type;
    SHOW("SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len)); printf("  type %d len %d\n", type, (int)len);
    struct timeval tv = { 2, 500000 }, tv2; len = sizeof tv2;
    SHOW("SO_RCVTIMEO set", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    SHOW("SO_RCVTIMEO get", getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv2, &len));
    printf("  %ld.%06ld len %d\n", (long)tv2.tv_sec, (long)tv2.tv_usec, (int)len);
    struct linger lg; len = sizeof lg;
    SHOW("SO_LINGER get", getsockopt(sv[0], SOL_SOCKET, SO_LINGER, &lg, &len)); printf("  len %d\n", (int)len);
    int dg[2];
    SHOW("socketpair DGRAM", socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, dg));
    SHOW("sendto dgram", sendto(dg[0], "d1", 2, 0, 0, 0));
    SHOW("FIONREAD dgram", ioctl(dg[1], FIONREAD, &one)); printf("  %d\n", one);
    SHOW("recvfrom dgram", recvfrom(dg[1], buf, sizeof buf, 0, 0, 0));
    SHOW("shutdown", shutdown(sv[0], SHUT_WR));
    SHOW("recv after shutdown", recv(sv[1], buf, sizeof buf, 0));
    struct sockaddr_un sun; len = sizeof sun;
    SHOW("getsockname unnamed", getsockname(sv[0], (struct sockaddr *)&sun, &len)); printf("  len %d\n", (int)len);
}

static void tcp(void) {
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    SHOW("SO_REUSEADDR", setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    SHOW("bind", bind(ls, (struct sockaddr *)&addr, sizeof addr));
    SHOW("listen", listen(ls, 4));
    socklen_t len = sizeof addr;
    SHOW("getsockname", getsockname(ls, (struct sockaddr *)&addr, &len));
    printf("  family %d addr %s port nonzero %d len %d\n", addr.sin_family, inet_ntoa(addr.sin_addr), addr.sin_port != 0, (int)len);
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    SHOW("connect nonblock", connect(c, (struct sockaddr *)&addr, sizeof addr) == 0 || errno == EINPROGRESS ? 0 : -1);
    struct sockaddr_in peer; len = sizeof peer;
    int s = accept4(ls, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    printf("accept4 ok %d cloexec %d peer %s len %d\n", s >= 0, fcntl(s, F_GETFD), inet_ntoa(peer.sin_addr), (int)len);
    int fl = fcntl(c, F_GETFL); fcntl(c, F_SETFL, fl & ~O_NONBLOCK);
    int err = -1; len = sizeof err;
    SHOW("SO_ERROR", getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len)); printf("  err %d\n", err);
    SHOW("TCP_NODELAY", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
    int nd = 0; len = sizeof nd;
    getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &nd, &len); printf("  nodelay %d\n", nd != 0);
    char big[3000]; for (int i = 0; i < (int)sizeof big; i++) big[i] = (char)('a' + i % 26);
    struct iovec iov[2] = { { big, 1000 }, { big + 1000, 2000 } };
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
    SHOW("sendmsg tcp", sendmsg(c, &m, 0));
    char in[4000]; int total = 0;
    while (total < 3000) { int n = recv(s, in + total, sizeof in - total, 0); if (n <= 0) break; total += n; }
    printf("received %d same %d\n", total, memcmp(in, big, 3000) == 0);
    SHOW("send MSG_OOB-free", send(s, "reply", 5, 0));
    struct sockaddr_in from; len = sizeof from;
    memset(in, 0, 16);
    SHOW("recvfrom tcp", recvfrom(c, in, 5, MSG_WAITALL, (struct sockaddr *)&from, &len)); printf("  '%s'\n", in);
    struct sockaddr_in pn; len = sizeof pn;
    SHOW("getpeername", getpeername(c, (struct sockaddr *)&pn, &len));
    printf("  port matches %d\n", pn.sin_port == addr.sin_port);
    SHOW("connect refused", ({ int x = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in z = addr;
                                z.sin_port = htons(1); connect(x, (struct sockaddr *)&z, sizeof z); }));
    close(c);
    SHOW("recv after close", recv(s, in, 10, 0));
    SHOW("socket bad family", socket(12345, SOCK_STREAM, 0));
    SHOW("bind bad len", bind(socket(AF_INET, SOCK_STREAM, 0), (struct sockaddr *)&addr, 3));
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    puts("-- unix"); unix_pair();
    puts("-- tcp"); tcp();
    return 0;
}
