/* i386 syscall handlers kept outside i386.c (by theme: i386_files.c, i386_net.c, i386_events.c), and the small
 * conversions they share. The table in i386.c refers to them. */
#ifndef XLATE_SYSCALLS_I386_HANDLERS_H
#define XLATE_SYSCALLS_I386_HANDLERS_H
#include "common.h"
#include "guest_abi_i386.h"

#define I386_PTR(p) ((void *)(uintptr_t)(p))   /* guest address -> host pointer (identity) */
#define I386_MAX_IOV 1024

static inline void i386_ts_in(uint64_t p, struct host_timespec *t) {
    const struct i386_timespec *g = I386_PTR(p);
    t->tv_sec = g->tv_sec; t->tv_nsec = g->tv_nsec;
}
static inline void i386_ts_out(const struct host_timespec *t, uint64_t p) {
    struct i386_timespec *g = I386_PTR(p);
    g->tv_sec = (int32_t)t->tv_sec; g->tv_nsec = (int32_t)t->tv_nsec;
}

/* i386_files.c */
int64_t i386_sys_lseek(GuestState *, const uint64_t *);
int64_t i386_sys_llseek(GuestState *, const uint64_t *);
int64_t i386_sys_getdents(GuestState *, const uint64_t *);
int64_t i386_sys_getdents64(GuestState *, const uint64_t *);
int64_t i386_sys_sendfile(GuestState *, const uint64_t *);
int64_t i386_sys_sendfile64(GuestState *, const uint64_t *);
int64_t i386_sys_preadv(GuestState *, const uint64_t *);
int64_t i386_sys_pwritev(GuestState *, const uint64_t *);
int64_t i386_sys_preadv2(GuestState *, const uint64_t *);
int64_t i386_sys_pwritev2(GuestState *, const uint64_t *);
int64_t i386_sys_ftruncate64(GuestState *, const uint64_t *);
int64_t i386_sys_fadvise64_64(GuestState *, const uint64_t *);
int64_t i386_sys_fadvise64(GuestState *, const uint64_t *);
int64_t i386_sys_readahead(GuestState *, const uint64_t *);
int64_t i386_sys_sync_file_range(GuestState *, const uint64_t *);
int64_t i386_sys_statfs(GuestState *, const uint64_t *);
int64_t i386_sys_fstatfs(GuestState *, const uint64_t *);
int64_t i386_sys_statfs64(GuestState *, const uint64_t *);
int64_t i386_sys_fstatfs64(GuestState *, const uint64_t *);
int64_t i386_sys_utime(GuestState *, const uint64_t *);
int64_t i386_sys_utimes(GuestState *, const uint64_t *);
int64_t i386_sys_utimensat(GuestState *, const uint64_t *);
int64_t i386_sys_futimesat(GuestState *, const uint64_t *);
int64_t i386_sys_waitid(GuestState *, const uint64_t *);
int64_t i386_sys_getrusage(GuestState *, const uint64_t *);

/* i386_net.c */
int64_t i386_sys_sendmsg(GuestState *, const uint64_t *);
int64_t i386_sys_recvmsg(GuestState *, const uint64_t *);
int64_t i386_sys_setsockopt(GuestState *, const uint64_t *);
int64_t i386_sys_getsockopt(GuestState *, const uint64_t *);
int64_t i386_sys_socketcall(GuestState *, const uint64_t *);

/* i386_events.c */
int64_t i386_sys_ppoll(GuestState *, const uint64_t *);
int64_t i386_sys_ppoll_time64(GuestState *, const uint64_t *);
int64_t i386_sys_pselect6(GuestState *, const uint64_t *);
int64_t i386_sys_pselect6_time64(GuestState *, const uint64_t *);
int64_t i386_sys_epoll_create(GuestState *, const uint64_t *);
int64_t i386_sys_epoll_ctl(GuestState *, const uint64_t *);
int64_t i386_sys_epoll_wait(GuestState *, const uint64_t *);
int64_t i386_sys_epoll_pwait(GuestState *, const uint64_t *);
int64_t i386_sys_timerfd_settime(GuestState *, const uint64_t *);
int64_t i386_sys_timerfd_gettime(GuestState *, const uint64_t *);

#endif
