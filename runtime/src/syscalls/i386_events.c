/* i386 waiting and event descriptors: ppoll/pselect6 with 32-bit timespecs (and pselect6's {sigset pointer,
 * size} pair of 32-bit words), epoll (packed 12-byte epoll_event against the host's 16), timerfd with 32-bit
 * itimerspecs. */
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
/* (fd, flags, new, old) */
int64_t i386_sys_timerfd_settime(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_itimerspec n, o;
    if (!a[2]) return -XE_FAULT;
    i386_ts_in(a[2], &n.interval);
    i386_ts_in(a[2] + sizeof(struct i386_timespec), &n.value);
    int64_t r = host_sc4(HOST_NR_timerfd_settime, (int32_t)a[0], (int32_t)a[1], &n, a[3] ? &o : 0);
    if (r == 0 && a[3]) its_out(&o, a[3]);
    return r;
}
int64_t i386_sys_timerfd_gettime(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_itimerspec c;
    int64_t r = host_sc2(HOST_NR_timerfd_gettime, (int32_t)a[0], &c);
    if (r == 0) its_out(&c, a[1]);
    return r;
}
