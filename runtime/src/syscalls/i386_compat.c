/* i386 guest syscalls, path A: on a kernel that lets a 64-bit task make AArch32 (compat) syscalls by setting bit 31
 * of x8 (rig/compat-bit31.patch, docs/syscall-paths.md), each i386 syscall is issued as the ARM EABI compat syscall
 * of the same name. The kernel then does the 32-bit work itself (32-bit longs, pointers and time_t, mmap below
 * 4 GiB, compat restart); only what differs between the i386 and ARM EABI ABIs is fixed up here: numbers,
 * 64-bit arguments in register pairs, open flag bits, struct stat64/flock64/epoll_event, socketcall.
 * Whatever the runtime itself must model (signals, memory map, TLS, fork/exec, uname, ioctl filter) and every
 * syscall without an EABI equivalent stays on path B (i386.c). The path is chosen once at start-up by a probe. */
#include "common.h"
#include "guest_abi_i386.h"
#define I386_NR_WANT_NAMES
#include "nr_i386.h"
#include "nr_i386_arm_eabi.h"

#define G(p) ((void *)(uintptr_t)(p))
#define ARM_EABI_getpid 20
#define ARM_EABI_mmap2 192
#define ARM_EABI_munmap 91
#define COMPAT_BIT (1ull << 31)

static int compat_path;   /* 1: path A chosen by xl_i386_choose_syscall_path */
static const SysAbi compat_abi = { "i386 compat", 0, 0, 0, 0 };   /* the strace label of path-A calls */

/* A compat syscall: the result is a 32-bit value, sign-extended so that -errno stays negative. */
static inline int64_t compat_sc6(uint64_t nr, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f) {
    return (int64_t)(int32_t)host_sc6(nr | COMPAT_BIT, a, b, c, d, e, f);
}
static inline int64_t compat_call(uint64_t nr, const uint64_t *a) {
    return compat_sc6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Scratch memory for a converted struct, below the guest's stack pointer: compat syscalls that take a compat_ulong_t
 * or compat_uptr_t truncate the pointer to 32 bits, so runtime buffers above 4 GiB (the host stack) cannot be
 * used. Nothing of the guest lives below its esp during the syscall (guest signals run after it). */
static void *below_guest_sp(GuestState *s, size_t size) {
    return G(((uint32_t)s->gpr[GPR_RSP] - 256u - (uint32_t)size) & ~15u);
}

/* ---- struct stat64: ARM EABI aligns the 64-bit fields to 8, i386 to 4 ----------------------------------------- */
struct arm_eabi_stat64 {
    uint64_t st_dev;
    uint8_t  __pad0[4];
    uint32_t __st_ino, st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev;
    uint8_t  __pad3[4];
    int64_t  st_size;
    uint32_t st_blksize;
    uint64_t st_blocks;
    uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
    uint64_t st_ino;
};
_Static_assert(sizeof(struct arm_eabi_stat64) == 104 && __builtin_offsetof(struct arm_eabi_stat64, st_size) == 48,
               "ARM EABI stat64");

static void stat64_to_i386(const struct arm_eabi_stat64 *h, uint64_t out) {
    struct i386_stat64 g;
    memset(&g, 0, sizeof g);
    g.st_dev = h->st_dev; g.__st_ino = h->__st_ino; g.st_mode = h->st_mode; g.st_nlink = h->st_nlink;
    g.st_uid = h->st_uid; g.st_gid = h->st_gid; g.st_rdev = h->st_rdev; g.st_size = h->st_size;
    g.st_blksize = h->st_blksize; g.st_blocks = h->st_blocks;
    g.st_atime_ = h->st_atime_; g.st_atime_nsec = h->st_atime_nsec;
    g.st_mtime_ = h->st_mtime_; g.st_mtime_nsec = h->st_mtime_nsec;
    g.st_ctime_ = h->st_ctime_; g.st_ctime_nsec = h->st_ctime_nsec;
    g.st_ino = h->st_ino;
    memcpy(G(out), &g, sizeof g);
}
/* stat64, lstat64, fstat64 (path or fd, buf) and fstatat64 (dfd, path, buf, flags): buf is argument `at` */
static int64_t c_stat64_at(GuestState *s, uint64_t arm_nr, const uint64_t *a, unsigned at) {
    struct arm_eabi_stat64 *h = below_guest_sp(s, sizeof *h);
    uint64_t b[6] = { a[0], a[1], a[2], a[3], a[4], a[5] };
    b[at] = (uint64_t)h;
    int64_t r = compat_call(arm_nr, b);
    if (r == 0) stat64_to_i386(h, a[at]);
    return r;
}

/* ---- fcntl: open flag bits differ; struct flock64 has its 64-bit fields at 8 on ARM EABI, at 4 on i386 ---------- */
struct arm_eabi_flock64 { int16_t l_type, l_whence; int32_t pad; int64_t l_start, l_len; int32_t l_pid, pad2; };
enum { F_GETFL = 3, F_SETFL = 4, F_GETLK64 = 12, F_SETLKW64 = 14, F_OFD_GETLK = 36, F_OFD_SETLKW = 38 };

static int64_t c_fcntl(GuestState *s, uint64_t arm_nr, const uint64_t *a) {
    int32_t cmd = (int32_t)a[1];
    if (cmd == F_SETFL) return compat_sc6(arm_nr, a[0], a[1], xl_open_flags_to_host(a[2]), 0, 0, 0);
    if (cmd == F_GETFL) {
        int64_t r = compat_call(arm_nr, a);
        return r < 0 ? r : (int64_t)xl_open_flags_to_guest((uint64_t)r);
    }
    int lk64 = (cmd >= F_GETLK64 && cmd <= F_SETLKW64) || (cmd >= F_OFD_GETLK && cmd <= F_OFD_SETLKW);
    if (!lk64 || !a[2]) return compat_call(arm_nr, a);
    struct i386_flock64 *g = G(a[2]);
    struct arm_eabi_flock64 *h = below_guest_sp(s, sizeof *h);
    *h = (struct arm_eabi_flock64){ g->l_type, g->l_whence, 0, g->l_start, g->l_len, g->l_pid, 0 };
    int64_t r = compat_sc6(arm_nr, a[0], a[1], (uint64_t)h, 0, 0, 0);
    if (r == 0 && (cmd == F_GETLK64 || cmd == F_OFD_GETLK)) {
        g->l_type = h->l_type; g->l_whence = h->l_whence; g->l_start = h->l_start; g->l_len = h->l_len;
        g->l_pid = h->l_pid;
    }
    return r;
}

/* ---- epoll_event: packed (12 bytes) on i386, 16 bytes on ARM EABI ---------------------------------------------- */
struct arm_eabi_epoll_event { uint32_t events, pad; uint64_t data; };
struct packed_epoll_event_i386 { uint32_t events; i386_u64 data; } __attribute__((packed));
#define MAX_EPOLL_EVENTS 256

static int64_t c_epoll_ctl(GuestState *s, uint64_t arm_nr, const uint64_t *a) {
    if (!a[3]) return compat_call(arm_nr, a);
    const struct packed_epoll_event_i386 *g = G(a[3]);
    struct arm_eabi_epoll_event *h = below_guest_sp(s, sizeof *h);
    *h = (struct arm_eabi_epoll_event){ g->events, 0, g->data };
    return compat_sc6(arm_nr, a[0], a[1], a[2], (uint64_t)h, 0, 0);
}
/* epoll_wait, epoll_pwait, epoll_pwait2: (epfd, events, maxevents, ...). The kernel takes the events pointer as
 * a full 64-bit pointer here, so the host stack serves (4 KiB would be a lot below a thread's esp). */
static int64_t c_epoll_wait(uint64_t arm_nr, const uint64_t *a) {
    int32_t max = (int32_t)a[2];
    if (max > MAX_EPOLL_EVENTS) max = MAX_EPOLL_EVENTS; /* the rest are reported by the next call */
    if (max <= 0) return compat_call(arm_nr, a);
    struct arm_eabi_epoll_event h[MAX_EPOLL_EVENTS];
    int64_t r = compat_sc6(arm_nr, a[0], (uint64_t)h, (uint64_t)max, a[3], a[4], a[5]);
    struct packed_epoll_event_i386 *g = G(a[1]);
    for (int64_t i = 0; i < r; i++) { g[i].events = h[i].events; g[i].data = h[i].data; }
    return r;
}

/* ---- 64-bit arguments: i386 passes lo, hi in the next two registers, ARM EABI in an even/odd register pair ----- */
static int64_t c_pair_at3(uint64_t arm_nr, const uint64_t *a) {   /* pread64, pwrite64: (fd, buf, count, lo, hi) */
    return compat_sc6(arm_nr, a[0], a[1], a[2], 0, a[3], a[4]);
}
static int64_t c_pair_at1(uint64_t arm_nr, const uint64_t *a) {   /* truncate64, ftruncate64, readahead */
    return compat_sc6(arm_nr, a[0], 0, a[1], a[2], a[3], 0);
}

/* ---- socketcall: i386 glibc multiplexes every socket call through it; ARM EABI has only the direct calls ---------- */
static const uint16_t socketcall_i386_nr[21] = {
    0, I386_NR_socket, I386_NR_bind, I386_NR_connect, I386_NR_listen, I386_NR_accept4, I386_NR_getsockname,
    I386_NR_getpeername, I386_NR_socketpair, I386_NR_sendto /* send */, I386_NR_recvfrom /* recv */, I386_NR_sendto,
    I386_NR_recvfrom, I386_NR_shutdown, I386_NR_setsockopt, I386_NR_getsockopt, I386_NR_sendmsg, I386_NR_recvmsg,
    I386_NR_accept4, I386_NR_recvmmsg, I386_NR_sendmmsg,
};
static const uint8_t socketcall_nargs[21] = { 0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4 };

/* socketcall(call, args): the arguments are 32-bit words in guest memory. accept, send and recv are accept4,
 * sendto and recvfrom with the extra arguments zero, as in the kernel. Logged under the direct call's name. */
static int64_t c_socketcall(const uint64_t *a) {
    uint32_t call = (uint32_t)a[0];
    if (call < 1 || call > 20) return -XE_INVAL;
    const uint32_t *words = G(a[1]);
    uint64_t v[6] = { 0, 0, 0, 0, 0, 0 };
    for (unsigned i = 0; i < socketcall_nargs[call]; i++) v[i] = words[i];
    uint16_t nr = socketcall_i386_nr[call];
    int64_t r = compat_call((uint64_t)i386_to_arm_eabi[nr], v);
    if (xl_strace) xl_strace_call(&compat_abi, i386_syscall_names[nr], nr, v, 1, r);
    return r;
}

/* ---- how each i386 number is handled --------------------------------------------------------------------------- */
enum { K_EMULATE = 0, K_PASS, K_OPEN, K_OPENAT, K_FCNTL, K_STAT64, K_FSTATAT64, K_EPOLL_CTL, K_EPOLL_WAIT,
       K_PAIR_AT3, K_PAIR_AT1, K_FLAGS_AT1, K_SOCKETCALL };
static uint8_t kind[I386_ARM_EABI_COUNT];

/* Kept on path B although an EABI syscall of the same name exists: the runtime models this state itself. */
static const uint16_t keep_emulated[] = {
    I386_NR_exit, I386_NR_exit_group, I386_NR_fork, I386_NR_vfork, I386_NR_clone, I386_NR_clone3, I386_NR_execve,
    I386_NR_execveat, I386_NR_brk, I386_NR_mmap2, I386_NR_munmap, I386_NR_mremap, I386_NR_mprotect, I386_NR_uname,
    I386_NR_ioctl, I386_NR_ptrace, I386_NR_rseq, I386_NR_pause, I386_NR_sigaction, I386_NR_sigsuspend,
    I386_NR_sigpending, I386_NR_sigreturn, I386_NR_sigprocmask, I386_NR_rt_sigreturn, I386_NR_rt_sigaction,
    I386_NR_rt_sigprocmask, I386_NR_rt_sigpending, I386_NR_rt_sigtimedwait, I386_NR_rt_sigtimedwait_time64,
    I386_NR_rt_sigsuspend, I386_NR_sigaltstack, I386_NR_signalfd, I386_NR_signalfd4, I386_NR_openat2,
    I386_NR_open_by_handle_at,
};

static void build_kinds(void) {
    for (unsigned i = 0; i < I386_ARM_EABI_COUNT; i++) kind[i] = i386_to_arm_eabi[i] >= 0 ? K_PASS : K_EMULATE;
    for (unsigned i = 0; i < sizeof keep_emulated / sizeof keep_emulated[0]; i++) kind[keep_emulated[i]] = K_EMULATE;
    kind[I386_NR_open] = K_OPEN; kind[I386_NR_openat] = K_OPENAT;
    kind[I386_NR_fcntl] = K_FCNTL; kind[I386_NR_fcntl64] = K_FCNTL;
    kind[I386_NR_stat64] = K_STAT64; kind[I386_NR_lstat64] = K_STAT64; kind[I386_NR_fstat64] = K_STAT64;
    kind[I386_NR_fstatat64] = K_FSTATAT64;
    kind[I386_NR_epoll_ctl] = K_EPOLL_CTL;
    kind[I386_NR_epoll_wait] = K_EPOLL_WAIT; kind[I386_NR_epoll_pwait] = K_EPOLL_WAIT;
    kind[I386_NR_epoll_pwait2] = K_EPOLL_WAIT;
    kind[I386_NR_pread64] = K_PAIR_AT3; kind[I386_NR_pwrite64] = K_PAIR_AT3;
    kind[I386_NR_truncate64] = K_PAIR_AT1; kind[I386_NR_ftruncate64] = K_PAIR_AT1;
    kind[I386_NR_readahead] = K_PAIR_AT1;
    kind[I386_NR_pipe2] = K_FLAGS_AT1; kind[I386_NR_fanotify_init] = K_FLAGS_AT1;   /* O_DIRECT, O_LARGEFILE */
    kind[I386_NR_socketcall] = K_SOCKETCALL;
}

int xl_i386_compat_syscall(GuestState *s, uint32_t nr, const uint64_t *a, int64_t *result) {
    if (!compat_path || nr >= I386_ARM_EABI_COUNT || kind[nr] == K_EMULATE) return 0;
    if (kind[nr] == K_SOCKETCALL) { *result = c_socketcall(a); return 1; }
    uint64_t arm_nr = (uint64_t)i386_to_arm_eabi[nr];
    int64_t r;
    switch (kind[nr]) {
    case K_OPEN: r = compat_sc6(arm_nr, a[0], xl_open_flags_to_host(a[1]), a[2], 0, 0, 0); break;
    case K_OPENAT: r = compat_sc6(arm_nr, a[0], a[1], xl_open_flags_to_host(a[2]), a[3], 0, 0); break;
    case K_FCNTL: r = c_fcntl(s, arm_nr, a); break;
    case K_STAT64: r = c_stat64_at(s, arm_nr, a, 1); break;
    case K_FSTATAT64: r = c_stat64_at(s, arm_nr, a, 2); break;
    case K_EPOLL_CTL: r = c_epoll_ctl(s, arm_nr, a); break;
    case K_EPOLL_WAIT: r = c_epoll_wait(arm_nr, a); break;
    case K_PAIR_AT3: r = c_pair_at3(arm_nr, a); break;
    case K_PAIR_AT1: r = c_pair_at1(arm_nr, a); break;
    case K_FLAGS_AT1: r = compat_sc6(arm_nr, a[0], xl_open_flags_to_host(a[1]), a[2], a[3], a[4], a[5]); break;
    default: r = compat_call(arm_nr, a); break;
    }
    if (xl_strace) xl_strace_call(&compat_abi, nr < I386_NR_MAX ? i386_syscall_names[nr] : 0, nr, a, 1, r);
    *result = r;
    return 1;
}

static int env_on(const char *name) {
    const char *v = xl_getenv(name);
    return v && v[0] && v[0] != '0';
}

/* The probe: getpid as a compat syscall. A kernel without the bit-31 change (and qemu-user) answers -ENOSYS. */
void xl_i386_choose_syscall_path(void) {
    const char *force = xl_getenv("XLATE_SYSCALL_PATH");
    if (force && force[0] && xl_strcmp(force, "compat") != 0 && xl_strcmp(force, "emulate") != 0) {
        xl_eprintf("xlate: XLATE_SYSCALL_PATH=%s: expected compat or emulate\n", force);
        xl_exit_group(127);
    }
    int want_emulate = force && !xl_strcmp(force, "emulate");
    int64_t pid = host_sc0(HOST_NR_getpid);
    int64_t probe = want_emulate ? -XE_NOSYS : compat_sc6(ARM_EABI_getpid, 0, 0, 0, 0, 0, 0);
    int kernel_ok = probe == pid;
    if (force && !xl_strcmp(force, "compat") && !kernel_ok) {
        xl_eprintf("xlate: XLATE_SYSCALL_PATH=compat: this kernel has no bit-31 compat syscalls "
                   "(getpid with x8 bit 31 set returned %lld)\n", (long long)probe);
        xl_exit_group(127);
    }
    compat_path = kernel_ok;
    if (compat_path) build_kinds();
    if (!env_on("XLATE_DEBUG_SYSCALL_PATH") && !xl_strace) return;
    if (!compat_path) {
        xl_eprintf("xlate: i386 syscall path: emulate (%s)\n",
                   want_emulate ? "XLATE_SYSCALL_PATH=emulate" : "probe: no bit-31 compat syscalls");
        return;
    }
    /* show that the kernel's compat mmap keeps below 4 GiB, as in_compat_syscall() promises */
    uint32_t m = (uint32_t)compat_sc6(ARM_EABI_mmap2, 0, 4096, H_PROT_READ, H_MAP_PRIVATE | H_MAP_ANONYMOUS,
                                      (uint32_t)-1, 0);
    if (m < 0xfffff000u) compat_sc6(ARM_EABI_munmap, m, 4096, 0, 0, 0, 0);
    xl_eprintf("xlate: i386 syscall path: compat (probe getpid = %lld; compat mmap2 -> 0x%x)\n", (long long)probe, m);
}
