/* i386 sockets: msghdr with 32-bit pointers and control messages (cmsghdr of 12 bytes, 4-byte aligned, against
 * the host's 16 bytes aligned to 8), SO_RCVTIMEO/SO_SNDTIMEO with 32-bit timevals, socketcall multiplexing. */
#include "i386_handlers.h"

#define SOL_SOCKET 1
#define SCM_RIGHTS 1
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_TIMESTAMP_OLD 29
#define SO_TIMESTAMPNS_OLD 35
#define MSG_CTRUNC 0x8
#define CONTROL_MAX 4096   /* the kernel's default optmem_max is larger; control data beyond this is refused */

struct i386_cmsghdr { uint32_t len; int32_t level, type; };
struct host_cmsghdr { uint64_t len; int32_t level, type; };
#define ALIGN4(x) (((x) + 3u) & ~(size_t)3)
#define ALIGN8(x) (((x) + 7u) & ~(size_t)7)

/* guest control buffer -> host control buffer; returns the host length or -errno */
static int64_t control_to_host(const char *g, size_t glen, char *h) {
    size_t gi = 0, hi = 0;
    while (gi + sizeof(struct i386_cmsghdr) <= glen) {
        const struct i386_cmsghdr *gc = (const void *)(g + gi);
        if (gc->len < sizeof *gc || gi + gc->len > glen) return -XE_INVAL;
        size_t data = gc->len - sizeof *gc;
        if (hi + ALIGN8(sizeof(struct host_cmsghdr) + data) > CONTROL_MAX) return -105 /* ENOBUFS */;
        struct host_cmsghdr *hc = (void *)(h + hi);
        hc->len = sizeof *hc + data; hc->level = gc->level; hc->type = gc->type;
        memcpy(hc + 1, gc + 1, data);
        hi += ALIGN8(sizeof *hc + data);
        gi += ALIGN4(gc->len);
    }
    return (int64_t)hi;
}

/* host control messages -> guest buffer of `room` bytes; sets *ctrunc when something did not fit. Descriptors
 * that do not fit are closed, as the kernel does. Returns the guest length. */
static uint32_t control_to_guest(const char *h, size_t hlen, char *g, size_t room, int *ctrunc) {
    size_t hi = 0, gi = 0;
    while (hi + sizeof(struct host_cmsghdr) <= hlen) {
        const struct host_cmsghdr *hc = (const void *)(h + hi);
        if (hc->len < sizeof *hc || hi + hc->len > hlen) break;
        size_t data = hc->len - sizeof *hc;
        const char *payload = (const char *)(hc + 1);
        struct { int32_t sec, frac; } t32;
        if (hc->level == SOL_SOCKET && (hc->type == SO_TIMESTAMP_OLD || hc->type == SO_TIMESTAMPNS_OLD) && data == 16) {
            int64_t t[2];
            memcpy(t, payload, 16);
            t32.sec = (int32_t)t[0]; t32.frac = (int32_t)t[1];
            payload = (const char *)&t32; data = 8;
        }
        size_t fit = data;
        if (gi + sizeof(struct i386_cmsghdr) + data > room) {
            *ctrunc = 1;
            fit = room > gi + sizeof(struct i386_cmsghdr) ? room - gi - sizeof(struct i386_cmsghdr) : 0;
            if (hc->level == SOL_SOCKET && hc->type == SCM_RIGHTS) {
                fit &= ~(size_t)3;
                for (size_t k = fit; k + 4 <= data; k += 4) {
                    int32_t fd;
                    memcpy(&fd, payload + k, 4);
                    host_sc1(HOST_NR_close, fd);
                }
            }
            if (!fit) break;
        }
        struct i386_cmsghdr *gc = (void *)(g + gi);
        gc->len = (uint32_t)(sizeof *gc + fit); gc->level = hc->level; gc->type = hc->type;
        memcpy(gc + 1, payload, fit);
        gi += ALIGN4(sizeof *gc + fit);
        hi += ALIGN8(hc->len);
        if (fit < data) break;
    }
    return (uint32_t)(gi > room ? room : gi);
}

static int64_t msg_call(int is_send, const uint64_t *a) {
    struct i386_msghdr *g = I386_PTR(a[1]);
    uint32_t n = g->msg_iovlen;
    if (n > I386_MAX_IOV) return -XE_INVAL;
    struct host_iovec iov[n ? n : 1];
    const struct i386_iovec *gi = I386_PTR(g->msg_iov);
    for (uint32_t i = 0; i < n; i++) { iov[i].base = gi[i].iov_base; iov[i].len = gi[i].iov_len; }
    _Alignas(8) char control[CONTROL_MAX];
    struct host_msghdr h = { g->msg_name, g->msg_namelen, 0, (uint64_t)iov, n, 0, 0, (int32_t)g->msg_flags, 0 };
    if (g->msg_control && g->msg_controllen) {
        if (is_send) {
            int64_t len = control_to_host(I386_PTR(g->msg_control), g->msg_controllen, control);
            if (len < 0) return len;
            h.controllen = (uint64_t)len;
        } else {
            /* room for as many descriptors as the guest buffer holds: its headers are 4 bytes smaller */
            uint64_t want = (uint64_t)g->msg_controllen + 4;
            h.controllen = want > CONTROL_MAX ? CONTROL_MAX : want;
        }
        h.control = (uint64_t)control;
    }
    int64_t r = host_sc3(is_send ? HOST_NR_sendmsg : HOST_NR_recvmsg, (int32_t)a[0], &h, a[2]);
    if (r < 0 || is_send) return r;
    g->msg_namelen = h.namelen;
    int ctrunc = 0;
    if (h.control) g->msg_controllen = control_to_guest(control, h.controllen, I386_PTR(g->msg_control),
                                                         g->msg_controllen, &ctrunc);
    else g->msg_controllen = 0;
    g->msg_flags = (uint32_t)h.flags | (ctrunc ? MSG_CTRUNC : 0);
    return r;
}
int64_t i386_sys_sendmsg(GuestState *s, const uint64_t *a) { (void)s; return msg_call(1, a); }
int64_t i386_sys_recvmsg(GuestState *s, const uint64_t *a) { (void)s; return msg_call(0, a); }

static int is_old_timeout(uint64_t level, uint64_t name) {
    return (int32_t)level == SOL_SOCKET && ((int32_t)name == SO_RCVTIMEO_OLD || (int32_t)name == SO_SNDTIMEO_OLD);
}
/* (fd, level, name, value, length) */
int64_t i386_sys_setsockopt(GuestState *s, const uint64_t *a) {
    (void)s;
    if (!is_old_timeout(a[1], a[2]) || !a[3])
        return host_sc5(HOST_NR_setsockopt, (int32_t)a[0], a[1], a[2], a[3], a[4]);
    if ((uint32_t)a[4] < sizeof(struct i386_timeval)) return -XE_INVAL;
    const struct i386_timeval *g = I386_PTR(a[3]);
    struct host_timeval tv = { g->tv_sec, g->tv_usec };
    return host_sc5(HOST_NR_setsockopt, (int32_t)a[0], a[1], a[2], &tv, sizeof tv);
}
int64_t i386_sys_getsockopt(GuestState *s, const uint64_t *a) {
    (void)s;
    if (!is_old_timeout(a[1], a[2]) || !a[3] || !a[4])
        return host_sc5(HOST_NR_getsockopt, (int32_t)a[0], a[1], a[2], a[3], a[4]);
    uint32_t *glen = I386_PTR(a[4]);
    struct host_timeval tv;
    uint32_t len = sizeof tv;
    int64_t r = host_sc5(HOST_NR_getsockopt, (int32_t)a[0], a[1], a[2], &tv, &len);
    if (r < 0) return r;
    struct i386_timeval t32 = { (int32_t)tv.tv_sec, (int32_t)tv.tv_usec };
    uint32_t out = *glen < sizeof t32 ? *glen : (uint32_t)sizeof t32;
    memcpy(I386_PTR(a[3]), &t32, out);
    *glen = out;
    return 0;
}

int64_t i386_sys_socketcall(GuestState *s, const uint64_t *a) {
    static const uint8_t nargs[21] = { 0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4 };
    uint32_t call = (uint32_t)a[0];
    if (call < 1 || call > 20) return -XE_INVAL;
    const uint32_t *ga = I386_PTR(a[1]);
    uint64_t v[6] = { 0, 0, 0, 0, 0, 0 };
    for (unsigned i = 0; i < nargs[call]; i++) v[i] = ga[i];
    switch (call) {
    case 1: return host_sc3(HOST_NR_socket, v[0], v[1], v[2]);
    case 2: return host_sc3(HOST_NR_bind, v[0], v[1], v[2]);
    case 3: return host_sc3(HOST_NR_connect, v[0], v[1], v[2]);
    case 4: return host_sc2(HOST_NR_listen, v[0], v[1]);
    case 5: return host_sc4(HOST_NR_accept4, v[0], v[1], v[2], 0);
    case 6: return host_sc3(HOST_NR_getsockname, v[0], v[1], v[2]);
    case 7: return host_sc3(HOST_NR_getpeername, v[0], v[1], v[2]);
    case 8: return host_sc4(HOST_NR_socketpair, v[0], v[1], v[2], v[3]);
    case 9: return host_sc6(HOST_NR_sendto, v[0], v[1], v[2], v[3], 0, 0);
    case 10: return host_sc6(HOST_NR_recvfrom, v[0], v[1], v[2], v[3], 0, 0);
    case 11: return host_sc6(HOST_NR_sendto, v[0], v[1], v[2], v[3], v[4], v[5]);
    case 12: return host_sc6(HOST_NR_recvfrom, v[0], v[1], v[2], v[3], v[4], v[5]);
    case 13: return host_sc2(HOST_NR_shutdown, v[0], v[1]);
    case 14: return i386_sys_setsockopt(s, v);
    case 15: return i386_sys_getsockopt(s, v);
    case 16: return i386_sys_sendmsg(s, v);
    case 17: return i386_sys_recvmsg(s, v);
    case 18: return host_sc4(HOST_NR_accept4, v[0], v[1], v[2], v[3]);
    default: return -XE_NOSYS; /* recvmmsg / sendmmsg */
    }
}
