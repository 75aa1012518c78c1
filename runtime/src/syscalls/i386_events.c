/* i386 waiting and event descriptors: ppoll/pselect6 with 32-bit timespecs (and pselect6's {sigset pointer,
 * size} pair of 32-bit words), epoll (packed 12-byte epoll_event against the host's 16), timerfd with 32-bit
 * itimerspecs, and signals taken as data (rt_sigtimedwait, signalfd, rt_sigqueueinfo, POSIX timers: 32-bit
 * siginfo, sigevent and itimerspec). */
#include "i386_handlers.h"

/* ---- ppoll / pselect6 -------------------------------------------------------------------------------------- */
static int64_t ppoll_with(const uint64_t *a, struct host_timespec *ts) {
    return host_sc5(HOST_NR_ppoll, a[0], a[1], ts ? (uint64_t)ts : 0, a[3], a[4]);
}
int64_t i386_sys_ppoll(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts;
    if (a[2]) i386_ts_in(a[2], &ts);
    int64_t r = ppoll_with(a, a[2] ? &ts : 0);
    if (a[2] && (r >= 0 || r == -4 /* EINTR */)) i386_ts_out(&ts, a[2]); /* the kernel updates the timeout */
    return r;
}
int64_t i386_sys_ppoll_time64(GuestState *s, const uint64_t *a) { (void)s; return ppoll_with(a, I386_PTR(a[2])); }

static int64_t pselect_with(const uint64_t *a, struct host_timespec *ts) {
    uint64_t sig[2], *sigp = 0;
    if (a[5]) {
        const uint32_t *g = I386_PTR(a[5]);
        sig[0] = g[0]; sig[1] = g[1];
        sigp = sig;
    }
    return host_sc6(HOST_NR_pselect6, (int32_t)a[0], a[1], a[2], a[3], (uint64_t)ts, (uint64_t)sigp);
}
int64_t i386_sys_pselect6(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts;
    if (a[4]) i386_ts_in(a[4], &ts);
    int64_t r = pselect_with(a, a[4] ? &ts : 0);
    if (a[4] && (r >= 0 || r == -4)) i386_ts_out(&ts, a[4]);
    return r;
}
int64_t i386_sys_pselect6_time64(GuestState *s, const uint64_t *a) { (void)s; return pselect_with(a, I386_PTR(a[4])); }

/* ---- epoll ------------------------------------------------------------------------------------------------- */
struct host_epoll_event { uint32_t events, pad; uint64_t data; };
#define EPOLL_MAX_EVENTS 1024

int64_t i386_sys_epoll_create(GuestState *s, const uint64_t *a) {
    (void)s; return (int32_t)a[0] <= 0 ? -XE_INVAL : host_sc1(HOST_NR_epoll_create1, 0);
}
int64_t i386_sys_epoll_ctl(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_epoll_event h = { 0, 0, 0 };
    const struct i386_epoll_event_abi *g = I386_PTR(a[3]);
    if (g) { h.events = g->events; h.data = g->data; }
    return host_sc4(HOST_NR_epoll_ctl, (int32_t)a[0], (int32_t)a[1], (int32_t)a[2], g ? (uint64_t)&h : 0);
}
/* (epfd, events, maxevents, timeout, sigmask, sigsetsize) */
int64_t i386_sys_epoll_pwait(GuestState *s, const uint64_t *a) {
    (void)s;
    int32_t max = (int32_t)a[2];
    if (max <= 0) return -XE_INVAL;
    if (max > EPOLL_MAX_EVENTS) max = EPOLL_MAX_EVENTS; /* the rest stay queued for the next call */
    struct host_epoll_event h[max];
    int64_t r = host_sc6(HOST_NR_epoll_pwait, (int32_t)a[0], (uint64_t)h, (uint64_t)max, (int32_t)a[3], a[4], a[5]);
    struct i386_epoll_event_abi *g = I386_PTR(a[1]);
    for (int64_t i = 0; i < r; i++) { g[i].events = h[i].events; g[i].data = h[i].data; }
    return r;
}
int64_t i386_sys_epoll_wait(GuestState *s, const uint64_t *a) {
    uint64_t b[6] = { a[0], a[1], a[2], a[3], 0, 8 };
    return i386_sys_epoll_pwait(s, b);
}

/* ---- timerfd ------------------------------------------------------------------------------------- */

struct host_itimerspec { struct host_timespec interval, value; };
static void its_out(const struct host_itimerspec *h, uint64_t p) {
    i386_ts_out(&h->interval, p);
    i386_ts_out(&h->value, p + sizeof(struct i386_timespec));
}
/* timerfd_settime and timer_settime: (fd or timer, flags, new, old) with 32-bit itimerspecs */
static int64_t settime_32(uint64_t host_nr, const uint64_t *a) {
    struct host_itimerspec n, o;
    if (!a[2]) return -XE_FAULT;
    i386_ts_in(a[2], &n.interval);
    i386_ts_in(a[2] + sizeof(struct i386_timespec), &n.value);
    int64_t r = host_sc4(host_nr, (int32_t)a[0], (int32_t)a[1], &n, a[3] ? &o : 0);
    if (r == 0 && a[3]) its_out(&o, a[3]);
    return r;
}
/* timerfd_gettime and timer_gettime: (fd or timer, current) */
static int64_t gettime_32(uint64_t host_nr, const uint64_t *a) {
    struct host_itimerspec c;
    int64_t r = host_sc2(host_nr, (int32_t)a[0], &c);
    if (r == 0) its_out(&c, a[1]);
    return r;
}
int64_t i386_sys_timerfd_settime(GuestState *s, const uint64_t *a) { (void)s; return settime_32(HOST_NR_timerfd_settime, a); }
int64_t i386_sys_timerfd_gettime(GuestState *s, const uint64_t *a) { (void)s; return gettime_32(HOST_NR_timerfd_gettime, a); }

/* ---- signals taken as data --------------------------------------------------------------------------------- */
#include "guest_signal.h"
enum { SI_TIMER_ = -2, SIGCHLD_I = 17, SIGPOLL_I = 29 };
#define FAULT_SIGNAL_BITS ((1u << 4) | (1u << 5) | (1u << 7) | (1u << 8) | (1u << 11)) /* ILL TRAP BUS FPE SEGV */

/* Host (64-bit) siginfo -> i386 compat siginfo, by the kernel's siginfo_layout rules. */
static void siginfo_out(const uint8_t *h, uint64_t p) {
    struct i386_siginfo g;
    memset(&g, 0, sizeof g);
    memcpy(&g, h, 12);
    int sig = g.si_signo, code = g.si_code;
    int32_t i32[4];
    uint64_t u64[4];
    memcpy(i32, h + 16, sizeof i32);
    memcpy(u64, h + 16, sizeof u64);
    if (code > 0 && sig < 32 && (FAULT_SIGNAL_BITS >> sig & 1)) g.u.fault.addr = (uint32_t)u64[0];
    else if (code > 0 && sig == SIGCHLD_I) {
        g.u.chld.pid = i32[0]; g.u.chld.uid = (uint32_t)i32[1]; g.u.chld.status = i32[2];
        g.u.chld.utime = (int32_t)u64[2]; g.u.chld.stime = (int32_t)u64[3];
    } else if (code > 0 && sig == SIGPOLL_I) { g.u.poll.band = (int32_t)u64[0]; g.u.poll.fd = i32[2]; }
    else { g.u.rt.pid = i32[0]; g.u.rt.uid = (uint32_t)i32[1]; g.u.rt.value = (uint32_t)u64[1]; }
    (void)SI_TIMER_; /* timer: tid, overrun, value share the pid, uid, value slots */
    memcpy(I386_PTR(p), &g, sizeof g);
}

/* i386 siginfo from rt_sigqueueinfo -> host: pid, uid and a 4-byte value (zero-extended, as compat does). */
static void siginfo_in(uint64_t p, uint8_t *h) {
    const struct i386_siginfo *g = I386_PTR(p);
    memset(h, 0, 128);
    memcpy(h, g, 12);
    int32_t ids[2] = { g->u.rt.pid, (int32_t)g->u.rt.uid };
    uint64_t value = g->u.rt.value;
    memcpy(h + 16, ids, 8);
    memcpy(h + 24, &value, 8);
}

static int64_t sigtimedwait_with(const uint64_t *a, const struct host_timespec *ts) {
    uint8_t info[128];
    int64_t r = host_sc4(HOST_NR_rt_sigtimedwait, a[0], a[1] ? (uint64_t)info : 0, (uint64_t)ts, a[3]);
    if (r > 0 && a[1]) siginfo_out(info, a[1]);
    return r;
}
/* (set, info, timeout, sigsetsize) */
int64_t i386_sys_rt_sigtimedwait(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_timespec ts;
    if (a[2]) i386_ts_in(a[2], &ts);
    return sigtimedwait_with(a, a[2] ? &ts : 0);
}
int64_t i386_sys_rt_sigtimedwait_time64(GuestState *s, const uint64_t *a) {
    (void)s;
    return sigtimedwait_with(a, I386_PTR(a[2]));
}
/* (pid, sig, info) */
int64_t i386_sys_rt_sigqueueinfo(GuestState *s, const uint64_t *a) {
    (void)s;
    uint8_t info[128];
    siginfo_in(a[2], info);
    return host_sc3(HOST_NR_rt_sigqueueinfo, (int32_t)a[0], (int32_t)a[1], info);
}
/* (tgid, tid, sig, info) */
int64_t i386_sys_rt_tgsigqueueinfo(GuestState *s, const uint64_t *a) {
    (void)s;
    uint8_t info[128];
    siginfo_in(a[3], info);
    return host_sc4(HOST_NR_rt_tgsigqueueinfo, (int32_t)a[0], (int32_t)a[1], (int32_t)a[2], info);
}
/* signalfd(fd, mask, sizemask): signalfd4 without flags; struct signalfd_siginfo is the same everywhere */
int64_t i386_sys_signalfd(GuestState *s, const uint64_t *a) {
    (void)s;
    return host_sc4(HOST_NR_signalfd4, (int32_t)a[0], a[1], a[2], 0);
}
/* timer_create(clock, sigevent *, timer_t *): sigev_value is 4 bytes, so signo, notify and the thread id move */
int64_t i386_sys_timer_create(GuestState *s, const uint64_t *a) {
    (void)s;
    struct { uint64_t value; int32_t signo, notify, tid, pad[11]; } h;
    if (a[1]) {
        const int32_t *g = I386_PTR(a[1]);
        memset(&h, 0, sizeof h);
        h.value = (uint32_t)g[0]; h.signo = g[1]; h.notify = g[2]; h.tid = g[3];
    }
    return host_sc3(HOST_NR_timer_create, (int32_t)a[0], a[1] ? (uint64_t)&h : 0, a[2]);
}
int64_t i386_sys_timer_settime(GuestState *s, const uint64_t *a) { (void)s; return settime_32(HOST_NR_timer_settime, a); }
int64_t i386_sys_timer_gettime(GuestState *s, const uint64_t *a) { (void)s; return gettime_32(HOST_NR_timer_gettime, a); }
