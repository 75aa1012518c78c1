/* Pipes, poll/ppoll/select/pselect, epoll (struct epoll_event is packed on x86-64), eventfd, timerfd, and the
 * ioctls TCGETS (ENOTTY on a pipe), TIOCGWINSZ, FIONREAD/FIONBIO. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define SHOW(what, expr) do { errno = 0; long long r_ = (long long)(expr); \
    printf("%s = %lld%s%s\n", what, r_, r_ < 0 ? " " : "", r_ < 0 ? strerrorname_np(errno) : ""); } while (0)

static void pipes(void) {
    int p[2];
    SHOW("pipe", pipe(p));
    printf("fds consecutive %d\n", p[1] == p[0] + 1);
    SHOW("write", write(p[1], "hello pipe", 10));
    int avail = -1;
    SHOW("FIONREAD", ioctl(p[0], FIONREAD, &avail)); printf("  avail %d\n", avail);
    char buf[32] = {0};
    SHOW("read 5", read(p[0], buf, 5)); printf("  '%s'\n", buf);
    SHOW("pipe2 nonblock|cloexec", pipe2(p + 0, O_NONBLOCK | O_CLOEXEC) == 0 ? 0 : -1);
    SHOW("read empty nonblock", read(p[0], buf, 5));
    printf("F_GETFL nonblock %d F_GETFD %d\n", !!(fcntl(p[0], F_GETFL) & O_NONBLOCK), fcntl(p[0], F_GETFD));
    SHOW("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
    SHOW("F_SETPIPE_SZ", fcntl(p[0], F_SETPIPE_SZ, 128 * 1024));
    int on = 0;
    SHOW("FIONBIO off", ioctl(p[0], FIONBIO, &on));
    printf("nonblock now %d\n", !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    struct termios t;
    SHOW("TCGETS on pipe", ioctl(p[0], TCGETS, &t));
    struct winsize ws;
    SHOW("TIOCGWINSZ on pipe", ioctl(p[0], TIOCGWINSZ, &ws));
    SHOW("isatty", isatty(p[0]));
    SHOW("TCGETS bad fd", ioctl(99, TCGETS, &t));
    int n = open("/dev/null", O_RDWR);
    SHOW("TIOCGWINSZ /dev/null", ioctl(n, TIOCGWINSZ, &ws));
    SHOW("FIONREAD /dev/null", ioctl(n, FIONREAD, &avail));
    close(p[1]);
    SHOW("write to closed reader", (signal(SIGPIPE, SIG_IGN), close(p[0]), pipe(p), close(p[0]), write(p[1], "x", 1)));
}

static void polling(void) {
    int a[2], b[2];
    pipe(a); pipe(b);
    write(b[1], "x", 1);
    struct pollfd pf[3] = { { a[0], POLLIN, 0 }, { b[0], POLLIN, 0 }, { a[1], POLLOUT, 0 } };
    SHOW("poll", poll(pf, 3, 100));
    printf("  revents %x %x %x\n", pf[0].revents, pf[1].revents, pf[2].revents);
    SHOW("poll timeout", poll(pf, 1, 10));
    struct timespec ts = { 0, 5000000 };
    SHOW("ppoll", ppoll(pf, 2, &ts, 0));
    struct pollfd bad = { 99, POLLIN, 0 };
    SHOW("poll bad fd", poll(&bad, 1, 0)); printf("  revents %x\n", bad.revents);
    fd_set r, w;
    FD_ZERO(&r); FD_ZERO(&w); FD_SET(a[0], &r); FD_SET(b[0], &r); FD_SET(a[1], &w);
    struct timeval tv = { 1, 0 };
    int maxfd = a[0] > b[0] ? a[0] : b[0]; if (a[1] > maxfd) maxfd = a[1];
    SHOW("select", select(maxfd + 1, &r, &w, 0, &tv));
    printf("  a %d b %d w %d\n", FD_ISSET(a[0], &r), FD_ISSET(b[0], &r), FD_ISSET(a[1], &w));
    FD_ZERO(&r); FD_SET(a[0], &r);
    tv = (struct timeval){ 0, 20000 };
    SHOW("select timeout", select(a[0] + 1, &r, 0, 0, &tv));
    printf("  timeval left %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
    FD_ZERO(&r); FD_SET(b[0], &r);
    sigset_t mask; sigemptyset(&mask);
    SHOW("pselect", pselect(b[0] + 1, &r, 0, 0, &ts, &mask));
    FD_ZERO(&r); FD_SET(60, &r);
    SHOW("select bad fd", select(61, &r, 0, 0, &(struct timeval){ 0, 0 }));
}

static void epolling(void) {
    int a[2]; pipe(a);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("epoll fd ok %d cloexec %d\n", ep >= 0, fcntl(ep, F_GETFD));
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    SHOW("epoll_ctl add", epoll_ctl(ep, EPOLL_CTL_ADD, a[0], &ev));
    SHOW("epoll_ctl add again", epoll_ctl(ep, EPOLL_CTL_ADD, a[0], &ev));
    ev.data.u64 = 0xaabbccdd00000042ull; ev.events = EPOLLOUT;
    SHOW("epoll_ctl add writer", epoll_ctl(ep, EPOLL_CTL_ADD, a[1], &ev));
    struct epoll_event out[4];
    memset(out, 0xee, sizeof out);
    SHOW("epoll_wait", epoll_wait(ep, out, 4, 100));
    printf("  [0] events %x data %llx; [1] marker %x\n", out[0].events, (unsigned long long)out[0].data.u64, out[1].events);
    write(a[1], "z", 1);
    memset(out, 0, sizeof out);
    int n = epoll_wait(ep, out, 4, 100);
    printf("epoll_wait = %d\n", n);
    unsigned long long seen = 0;
    for (int i = 0; i < n; i++) seen ^= out[i].data.u64 ^ out[i].events;
    printf("  xor of data/events %llx\n", seen);
    SHOW("epoll_pwait", epoll_pwait(ep, out, 1, 0, 0));
    ev.events = EPOLLIN | EPOLLET; ev.data.fd = a[0];
    SHOW("epoll_ctl mod", epoll_ctl(ep, EPOLL_CTL_MOD, a[0], &ev));
    SHOW("epoll_ctl del", epoll_ctl(ep, EPOLL_CTL_DEL, a[1], 0));
    SHOW("epoll_wait after del", epoll_wait(ep, out, 4, 0));
    printf("  fd %d\n", out[0].data.fd == a[0]);
    SHOW("epoll_create 0", epoll_create(0));
    SHOW("epoll_create 1", epoll_create(1) > 0);
    SHOW("epoll_wait maxevents 0", epoll_wait(ep, out, 0, 0));
    SHOW("epoll_ctl bad op", epoll_ctl(ep, 9, a[0], &ev));
}

static void event_timer_fds(void) {
    int e = eventfd(3, EFD_NONBLOCK);
    uint64_t v = 0;
    SHOW("eventfd read", read(e, &v, 8)); printf("  value %llu\n", (unsigned long long)v);
    SHOW("eventfd read empty", read(e, &v, 8));
    v = 5; SHOW("eventfd write", write(e, &v, 8));
    v = 2; SHOW("eventfd write", write(e, &v, 8));
    SHOW("eventfd read", read(e, &v, 8)); printf("  value %llu\n", (unsigned long long)v);
    SHOW("eventfd short read", read(e, &v, 4));
    int es = eventfd(2, EFD_SEMAPHORE);
    SHOW("semaphore read", read(es, &v, 8)); printf("  value %llu\n", (unsigned long long)v);
    int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct itimerspec its = { { 0, 10000000 }, { 0, 10000000 } }, cur;
    SHOW("timerfd_settime", timerfd_settime(t, 0, &its, 0));
    SHOW("timerfd_gettime", timerfd_gettime(t, &cur));
    printf("  interval %ld.%09ld value <= 10ms %d\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec,
           cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 10000000);
    uint64_t ticks = 0;
    SHOW("timerfd read", read(t, &ticks, 8)); printf("  ticks >= 1 %d\n", ticks >= 1);
    struct itimerspec off = { { 0, 0 }, { 0, 0 } }, old;
    SHOW("timerfd disarm", timerfd_settime(t, 0, &off, &old));
    printf("  old interval %ld.%09ld\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
    SHOW("timerfd bad clock", timerfd_create(12345, 0));
    struct pollfd pf = { t, POLLIN, 0 };
    SHOW("poll disarmed timerfd", poll(&pf, 1, 20));
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    puts("-- pipes"); pipes();
    puts("-- poll/select"); polling();
    puts("-- epoll"); epolling();
    puts("-- eventfd/timerfd"); event_timer_fds();
    return 0;
}
