/* ABI-independent syscall support: dispatcher, flag conversion, handlers shared by x86-64 and i386. */
#include "common.h"
#include "../thread.h"
#include "guest_abi_x86_64.h"
#include "../signal.h"

/* ---- dispatcher ---------------------------------------------------------------------------------------- */
#ifndef XE_NOTTY
#define XE_NOTTY 25
#endif
/* Numbers (syscalls beyond the tables, ioctl requests) already reported as unsupported: each is named once. */
static uint64_t reported_numbers[64];
static unsigned reported_count;

static int first_report(uint64_t key) {
    for (unsigned i = 0; i < reported_count; i++)
        if (reported_numbers[i] == key) return 0;
    if (reported_count < sizeof reported_numbers / sizeof reported_numbers[0]) reported_numbers[reported_count++] = key;
    return 1;
}

/* The syscall instruction (syscall, sysenter, int 0x80: all 2 bytes) ends where the lifter left rip. */
static unsigned long long syscall_address(const GuestState *s) { return (unsigned long long)(s->rip - 2); }

/* ioctl request families passed to the host unchanged: x86 and AArch64 Linux share their numbers and argument
 * layouts (asm-generic). Terminal and FIO* ('T'), console ('K', 'V'), sockets (0x89), block (0x12), loop ('L'),
 * random ('R'), file system ('f', 'X'). */
static int ioctl_passes_through(uint32_t request) {
    switch ((request >> 8) & 0xff) {
    case 'T': case 'K': case 'V': case 0x89: case 0x12: case 'L': case 'R': case 'f': case 'X': return 1;
    default: return 0;
    }
}

/* An ioctl we do not know: what the kernel answers for a request no driver handles (EBADF for a closed fd,
 * else ENOTTY), without asking the host, whose answer for a foreign request number means nothing. */
static int64_t unknown_ioctl(GuestState *s, const SysAbi *abi, const uint64_t *a) {
    uint32_t request = (uint32_t)a[1];
    if (first_report(0x100000000ull | request))
        xl_eprintf("xlate: unsupported %s ioctl 0x%x on fd %d at guest address 0x%llx\n", abi->abi,
                   request, (int)(int32_t)a[0], syscall_address(s));
    int64_t r = host_sc2(HOST_NR_fcntl, (int64_t)(int32_t)a[0], 1 /* F_GETFD */);
    return r < 0 ? r : -XE_NOTTY;
}

int64_t xl_dispatch_syscall(GuestState *s, const SysAbi *abi, uint64_t nr, const uint64_t *a) {
    const SysEntry *e = nr < abi->count ? &abi->table[nr] : 0;
    const char *name = nr < abi->count && abi->names[nr] ? abi->names[nr] : 0;
    if (xl_strace && e && e->kind == SYS_FN && (e->fn == sys_exit || e->fn == sys_exit_group || e->fn == sys_execve))
        xl_strace_call(abi, name, nr, a, 0, 0); /* these may not return */
    int64_t r;
    if (!e || e->kind == SYS_NONE) {
        int first = nr < abi->count ? !(abi->reported[nr >> 3] & (1u << (nr & 7))) : first_report(nr);
        if (first) {
            if (nr < abi->count) abi->reported[nr >> 3] |= (uint8_t)(1u << (nr & 7));
            xl_eprintf("xlate: unsupported %s syscall %llu%s%s%s at guest address 0x%llx (returns -ENOSYS)\n",
                       abi->abi, (unsigned long long)nr, name ? " (" : "", name ? name : "", name ? ")" : "",
                       syscall_address(s));
        }
        r = -XE_NOSYS;
    } else if (e->kind == SYS_PASS && e->host_nr == HOST_NR_ioctl && !ioctl_passes_through((uint32_t)a[1])) {
        r = unknown_ioctl(s, abi, a);
    } else if (e->kind == SYS_PASS) {
        r = host_sc6((uint64_t)e->host_nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    } else {
        r = e->fn(s, a);
    }
    if (xl_strace) xl_strace_call(abi, name, nr, a, 1, r);
    return r;
}

/* ---- open flags ------------------------------------------------------------------------------------------ */
#define X86_O_DIRECT    040000
#define X86_O_LARGEFILE 0100000
#define X86_O_DIRECTORY 0200000
#define X86_O_NOFOLLOW  0400000
#define ARM_O_DIRECTORY 040000
#define ARM_O_NOFOLLOW  0100000
#define ARM_O_DIRECT    0200000
#define ARM_O_LARGEFILE 0400000
#define DIFF_MASK (X86_O_DIRECT | X86_O_LARGEFILE | X86_O_DIRECTORY | X86_O_NOFOLLOW)

uint64_t xl_open_flags_to_host(uint64_t f) {
    uint64_t r = f & ~(uint64_t)DIFF_MASK;
    if (f & X86_O_DIRECT) r |= ARM_O_DIRECT;
    if (f & X86_O_LARGEFILE) r |= ARM_O_LARGEFILE;
    if (f & X86_O_DIRECTORY) r |= ARM_O_DIRECTORY;
    if (f & X86_O_NOFOLLOW) r |= ARM_O_NOFOLLOW;
    return r;
}
uint64_t xl_open_flags_to_guest(uint64_t f) {
    uint64_t r = f & ~(uint64_t)DIFF_MASK;
    if (f & ARM_O_DIRECT) r |= X86_O_DIRECT;
    if (f & ARM_O_LARGEFILE) r |= X86_O_LARGEFILE;
    if (f & ARM_O_DIRECTORY) r |= X86_O_DIRECTORY;
    if (f & ARM_O_NOFOLLOW) r |= X86_O_NOFOLLOW;
    return r;
}

/* ---- files ---------------------------------------------------------------------------------------------- */
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_EMPTY_PATH 0x1000

int64_t xl_host_fstatat(int64_t dfd, uint64_t path, struct host_stat *st, int64_t flags) {
    return host_sc4(HOST_NR_newfstatat, dfd, path, st, flags);
}
int64_t xl_host_fstat(int64_t fd, struct host_stat *st) { return host_sc2(HOST_NR_fstat, fd, st); }

/* ---- per-descriptor O_LARGEFILE as the guest's kernel would report it ------------------------------------
 * An x86-64 kernel forces O_LARGEFILE on every open (not O_PATH); an i386 process has it only when it asked.
 * The host's own bit says neither (and qemu-user drops it), so F_GETFL reports this record instead. */
#define XL_FD_TRACKED 65536
static uint8_t fd_largefile[XL_FD_TRACKED / 8];
#define O_PATH_BITS 010000000

void xl_fd_set_largefile(int64_t fd, int on) {
    if (fd < 0 || fd >= XL_FD_TRACKED) return;
    uint8_t bit = (uint8_t)(1u << (fd & 7));
    if (on) __atomic_fetch_or(&fd_largefile[fd >> 3], bit, __ATOMIC_RELAXED);
    else __atomic_fetch_and(&fd_largefile[fd >> 3], (uint8_t)~bit, __ATOMIC_RELAXED);
}
int xl_fd_largefile(int64_t fd) {
    return fd >= 0 && fd < XL_FD_TRACKED && (__atomic_load_n(&fd_largefile[fd >> 3], __ATOMIC_RELAXED) >> (fd & 7)) & 1;
}
static int64_t opened(const GuestState *s, int64_t r, uint64_t guest_flags) {
    if (r >= 0)
        xl_fd_set_largefile(r, !(guest_flags & O_PATH_BITS)
                                   && (s->mode != XLATE_MODE_I386 || (guest_flags & X86_O_LARGEFILE)));
    return r;
}
static int64_t duplicated(int64_t from, int64_t r) {
    if (r >= 0) xl_fd_set_largefile(r, xl_fd_largefile(from));
    return r;
}

int64_t sys_openat(GuestState *s, const uint64_t *a) {
    return opened(s, host_sc4(HOST_NR_openat, (int64_t)(int32_t)a[0], a[1], xl_open_flags_to_host(a[2]), a[3]), a[2]);
}
int64_t sys_open(GuestState *s, const uint64_t *a) {
    return opened(s, host_sc4(HOST_NR_openat, H_AT_FDCWD, a[0], xl_open_flags_to_host(a[1]), a[2]), a[1]);
}
int64_t sys_creat(GuestState *s, const uint64_t *a) {
    return opened(s, host_sc4(HOST_NR_openat, H_AT_FDCWD, a[0], 01 | 0100 | 01000 /* O_WRONLY|O_CREAT|O_TRUNC */, a[1]),
                  0);
}
int64_t sys_mknod(GuestState *s, const uint64_t *a) { (void)s; return host_sc4(HOST_NR_mknodat, H_AT_FDCWD, a[0], a[1], a[2]); }
int64_t sys_inotify_init(GuestState *s, const uint64_t *a) { (void)s; (void)a; return host_sc1(HOST_NR_inotify_init1, 0); }
int64_t sys_eventfd(GuestState *s, const uint64_t *a) { (void)s; return host_sc2(HOST_NR_eventfd2, (uint32_t)a[0], 0); }
int64_t sys_close(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t r = host_sc1(HOST_NR_close, (int32_t)a[0]);
    if (r == 0 || r == -4 /* EINTR: closed anyway */) xl_fd_set_largefile((int32_t)a[0], 0);
    return r;
}
int64_t sys_close_range(GuestState *s, const uint64_t *a) {
    (void)s;
    int64_t r = host_sc3(HOST_NR_close_range, a[0], a[1], a[2]);
    if (r == 0 && !(a[2] & 4 /* CLOSE_RANGE_CLOEXEC */))
        for (uint64_t fd = a[0]; fd <= a[1] && fd < XL_FD_TRACKED; fd++) xl_fd_set_largefile((int64_t)fd, 0);
    return r;
}
int64_t sys_dup(GuestState *s, const uint64_t *a) { (void)s; return duplicated((int32_t)a[0], host_sc1(HOST_NR_dup, (int32_t)a[0])); }
int64_t sys_dup3(GuestState *s, const uint64_t *a) {
    (void)s; return duplicated((int32_t)a[0], host_sc3(HOST_NR_dup3, (int32_t)a[0], (int32_t)a[1], a[2]));
}
int64_t sys_access(GuestState *s, const uint64_t *a) { (void)s; return host_sc3(HOST_NR_faccessat, H_AT_FDCWD, a[0], a[1]); }
int64_t sys_unlink(GuestState *s, const uint64_t *a) { (void)s; return host_sc3(HOST_NR_unlinkat, H_AT_FDCWD, a[0], 0); }
int64_t sys_rmdir(GuestState *s, const uint64_t *a) { (void)s; return host_sc3(HOST_NR_unlinkat, H_AT_FDCWD, a[0], AT_REMOVEDIR); }
int64_t sys_mkdir(GuestState *s, const uint64_t *a) { (void)s; return host_sc3(HOST_NR_mkdirat, H_AT_FDCWD, a[0], a[1]); }
int64_t sys_rename(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc5(HOST_NR_renameat2, H_AT_FDCWD, a[0], H_AT_FDCWD, a[1], 0);
}
int64_t sys_link(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc5(HOST_NR_linkat, H_AT_FDCWD, a[0], H_AT_FDCWD, a[1], 0);
}
int64_t sys_symlink(GuestState *s, const uint64_t *a) { (void)s; return host_sc3(HOST_NR_symlinkat, a[0], H_AT_FDCWD, a[1]); }
int64_t sys_readlink(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc4(HOST_NR_readlinkat, H_AT_FDCWD, a[0], a[1], a[2]);
}
int64_t sys_chmod(GuestState *s, const uint64_t *a) { (void)s; return host_sc3(HOST_NR_fchmodat, H_AT_FDCWD, a[0], a[1]); }
int64_t sys_chown(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc5(HOST_NR_fchownat, H_AT_FDCWD, a[0], a[1], a[2], 0);
}
int64_t sys_lchown(GuestState *s, const uint64_t *a) {
    (void)s; return host_sc5(HOST_NR_fchownat, H_AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW);
}
int64_t sys_pipe(GuestState *s, const uint64_t *a) { (void)s; return host_sc2(HOST_NR_pipe2, a[0], 0); }
/* pipe2(fds, flags): O_DIRECT (packet mode) and O_NONBLOCK/O_CLOEXEC have x86 values */
int64_t sys_pipe2(GuestState *s, const uint64_t *a) { (void)s; return host_sc2(HOST_NR_pipe2, a[0], xl_open_flags_to_host(a[1])); }
int64_t sys_dup2(GuestState *s, const uint64_t *a) {
    (void)s;
    int32_t oldfd = (int32_t)a[0], newfd = (int32_t)a[1];
    if (oldfd == newfd) {
        int64_t r = host_sc2(HOST_NR_fcntl, oldfd, 1 /* F_GETFD */);
        return r < 0 ? r : oldfd;
    }
    return duplicated(oldfd, host_sc3(HOST_NR_dup3, oldfd, newfd, 0));
}

/* fcntl commands whose argument is an int (or nothing); flag words converted for F_GETFL/F_SETFL. */
#define F_GETFL 3
#define F_SETFL 4
int64_t sys_fcntl_flags(GuestState *s, const uint64_t *a) {
    (void)s;
    int32_t fd = (int32_t)a[0], cmd = (int32_t)a[1];
    if (cmd == F_GETFL) {
        int64_t r = host_sc2(HOST_NR_fcntl, fd, cmd);
        if (r < 0) return r;
        return (int64_t)((xl_open_flags_to_guest((uint64_t)r) & ~(uint64_t)X86_O_LARGEFILE)
                         | (xl_fd_largefile(fd) ? X86_O_LARGEFILE : 0));
    }
    if (cmd == F_SETFL) return host_sc3(HOST_NR_fcntl, fd, cmd, xl_open_flags_to_host(a[2]));
    if (cmd == 0 /* F_DUPFD */ || cmd == 1030 /* F_DUPFD_CLOEXEC */)
        return duplicated(fd, host_sc3(HOST_NR_fcntl, fd, cmd, a[2]));
    return host_sc3(HOST_NR_fcntl, fd, cmd, a[2]);
}

/* ---- memory ---------------------------------------------------------------------------------------------- */
/* MAP_FIXED_NOREPLACE where the host only took it as a hint (qemu-user 7.2 maps elsewhere): the range was in use */
int64_t xl_mmap_noreplace_result(uint64_t addr, uint64_t len, int flags, int64_t r) {
    if (!(flags & H_MAP_FIXED_NOREPLACE) || r < 0 || (uint64_t)r == addr) return r;
    host_sc2(HOST_NR_munmap, r, PAGE_UP(len));
    return -XE_EXIST;
}
int64_t sys_brk(GuestState *s, const uint64_t *a) { (void)s; return (int64_t)xl_brk(a[0]); }
int64_t sys_munmap(GuestState *s, const uint64_t *a) { (void)s; return host_sc2(HOST_NR_munmap, a[0], a[1]); }
int64_t sys_mprotect(GuestState *s, const uint64_t *a) { (void)s; return host_sc3(HOST_NR_mprotect, a[0], a[1], a[2]); }

/* ---- process --------------------------------------------------------------------------------------------- */
int64_t sys_uname(GuestState *s, const uint64_t *a) {
    struct host_utsname u;
    int64_t r = host_sc1(HOST_NR_uname, &u);
    if (r < 0) return r;
    /* What an x86-64 kernel tells both guests: "x86_64", and "i686" under personality(PER_LINUX32) */
    int64_t persona = host_sc1(HOST_NR_personality, 0xffffffffu);
    xl_strlcpy(u.machine, persona >= 0 && (persona & 0xff) == 0x0008 ? "i686" : "x86_64", sizeof u.machine);
    memcpy((void *)a[0], &u, sizeof u);
    return 0;
}
int64_t sys_getpgrp(GuestState *s, const uint64_t *a) { (void)s; (void)a; return host_sc1(HOST_NR_getpgid, 0); }
int64_t sys_fork(GuestState *s, const uint64_t *a) {
    (void)s; (void)a;
    /* vfork is also a plain fork: the child must not share the host stack the translated code runs on */
    return host_sc5(HOST_NR_clone, H_SIGCHLD, 0, 0, 0, 0);
}
int64_t sys_alarm(GuestState *s, const uint64_t *a) {
    (void)s;
    struct host_itimerval nv = { { 0, 0 }, { (int64_t)(uint32_t)a[0], 0 } }, ov;
    int64_t r = host_sc3(HOST_NR_setitimer, 0 /* ITIMER_REAL */, &nv, &ov);
    if (r < 0) return r;
    return ov.it_value.tv_sec + (ov.it_value.tv_usec >= 500000 || (!ov.it_value.tv_sec && ov.it_value.tv_usec));
}
int64_t sys_poll(GuestState *s, const uint64_t *a) {
    (void)s;
    int32_t ms = (int32_t)a[2];
    struct host_timespec ts = { ms / 1000, (int64_t)(ms % 1000) * 1000000 };
    return host_sc5(HOST_NR_ppoll, a[0], a[1], ms < 0 ? 0 : &ts, 0, 8);
}
int64_t sys_pause(GuestState *s, const uint64_t *a) { return xl_sys_pause(s, a); } /* signal.c */
int64_t sys_enosys(GuestState *s, const uint64_t *a) { (void)s; (void)a; return -XE_NOSYS; }
int64_t sys_clone3_unsupported(GuestState *s, const uint64_t *a) { (void)s; (void)a; return -XE_NOSYS; }
/* execve runs whatever the path names on the host: a translated program (or an AArch64 one). An x86 ELF fails
 * with ENOEXEC unless the host has a binfmt handler for it. i386 argv/envp are arrays of 32-bit pointers. */
static int64_t widen_pointer_array(uint64_t guest, uint64_t **out, uint64_t *bytes) {
    *out = 0;
    if (!guest) return 0;
    const uint32_t *g = (const uint32_t *)guest;
    uint64_t n = 0;
    while (g[n]) if (++n > (1u << 20)) return -7 /* E2BIG */;
    *bytes = PAGE_UP((n + 1) * 8);
    int64_t m = host_sc6(HOST_NR_mmap, 0, *bytes, H_PROT_READ | H_PROT_WRITE, H_MAP_PRIVATE | H_MAP_ANONYMOUS,
                         (uint64_t)-1, 0);
    if (m < 0 && m > -4096) return m;
    uint64_t *w = (uint64_t *)m;
    for (uint64_t i = 0; i < n; i++) w[i] = g[i];
    w[n] = 0;
    *out = w;
    return 0;
}
int64_t sys_execve(GuestState *s, const uint64_t *a) {
    if (s->mode != XLATE_MODE_I386) return host_sc3(HOST_NR_execve, a[0], a[1], a[2]);
    uint64_t *argv, *envp, argv_bytes = 0, envp_bytes = 0;
    int64_t r = widen_pointer_array(a[1], &argv, &argv_bytes);
    if (r < 0) return r;
    r = widen_pointer_array(a[2], &envp, &envp_bytes);
    if (r == 0) r = host_sc3(HOST_NR_execve, a[0], argv, envp);
    if (argv) host_sc2(HOST_NR_munmap, argv, argv_bytes);
    if (envp) host_sc2(HOST_NR_munmap, envp, envp_bytes);
    return r;
}
int64_t sys_exit(GuestState *s, const uint64_t *a) { (void)s; xl_thread_exit((int)a[0]); }
int64_t sys_exit_group(GuestState *s, const uint64_t *a) { (void)s; xl_exit_group((int)a[0]); }

/* ---- GDT TLS slots (i386 set_thread_area) -------------------------------------------------------------- */
void xlate_load_segment(GuestState *s, uint32_t seg, uint32_t selector) {
    uint64_t base = 0;
    uint32_t idx = selector >> 3;
    XlThread *t = xl_thread_of(s);
    if (selector != 0 && !(selector & 4) && idx >= XL_GDT_TLS_MIN && idx <= XL_GDT_TLS_MAX
        && t->tls_used[idx - XL_GDT_TLS_MIN])
        base = t->tls_base[idx - XL_GDT_TLS_MIN];
    if (seg == 4) s->fs_base = base;
    else if (seg == 5) s->gs_base = base;
}

/* ---- entry ----------------------------------------------------------------------------------------------- */
void xl_syscall_x86_64(GuestState *s);
void xl_syscall_i386(GuestState *s);

/* Calls that Linux restarts after a handler installed with SA_RESTART (signal(7)); the others fail with EINTR. */
static int restartable(const char *name) {
    static const char *const names[] = {
        "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "ioctl", "open", "openat",
        "wait4", "waitpid", "waitid", "accept", "accept4", "connect", "recvfrom", "recvmsg", "recvmmsg", "sendto",
        "sendmsg", "sendmmsg", "flock", "fcntl", "fcntl64", "futex", "futex_time64", "getrandom", "socketcall",
        "mq_timedsend", "mq_timedreceive", "splice", "tee", "sendfile", "sendfile64", "copy_file_range",
    };
    for (unsigned i = 0; name && i < sizeof names / sizeof names[0]; i++) if (!xl_strcmp(name, names[i])) return 1;
    return 0;
}

/* A futex wait with a timeout ends with EINTR after a handler even under SA_RESTART (Linux restarts it only through
 * restart_syscall, when no handler ran); without one it is restarted like read. */
static int restarts_after_handler(const GuestState *s, int i386, const char *name) {
    if (!restartable(name)) return 0;
    if (xl_strcmp(name, "futex") && xl_strcmp(name, "futex_time64")) return 1;
    uint64_t op = (i386 ? s->gpr[GPR_RCX] : s->gpr[GPR_RSI]) & 0x7f;  /* FUTEX_CMD_MASK */
    uint64_t timeout = i386 ? (uint32_t)s->gpr[GPR_RSI] : s->gpr[GPR_R10];
    return !((op == 0 /* FUTEX_WAIT */ || op == 9 /* FUTEX_WAIT_BITSET */) && timeout != 0);
}

const char *xl_x86_64_syscall_name(uint64_t nr);
const char *xl_i386_syscall_name(uint64_t nr);

/* Signals recorded while translated code ran are delivered before the call, as the kernel would have delivered
 * them before the guest got there: the frame shows the syscall instruction (`syscall` and `int $0x80` are both two
 * bytes) and the call is made when the handlers return to it. Host handlers are installed without SA_RESTART, so a
 * signal arriving during a blocking call ends it with EINTR; when the guest's handler has SA_RESTART and the call is
 * one Linux restarts, eax gets the call number back and the loop delivers and makes the call again. A handler that
 * sends the guest elsewhere (siglongjmp, an edited context) leaves the call unmade; translated code follows s->rip. */
static void syscall_with_abi(GuestState *s, int i386);

void xlate_syscall(GuestState *s) { syscall_with_abi(s, s->mode == XLATE_MODE_I386); }

/* `int $0x80` in a 64-bit process is an i386 syscall there too (32-bit arguments and structs); rax receives the
 * result as a long, so an error is sign-extended and an address above 2 GiB is not. */
void xlate_int80(GuestState *s) {
    syscall_with_abi(s, 1);
    if (s->mode == XLATE_MODE_X64 && (uint32_t)s->gpr[GPR_RAX] >= (uint32_t)-4095)
        s->gpr[GPR_RAX] = (uint64_t)(int64_t)(int32_t)s->gpr[GPR_RAX];
}

static void syscall_with_abi(GuestState *s, const int i386) {
    const uint64_t nr = i386 ? (uint32_t)s->gpr[GPR_RAX] : s->gpr[GPR_RAX];
    const uint64_t next = s->rip, at = next - 2;
    for (;;) {
        if (__builtin_expect(xl_signal_work_waiting(s), 0)) {
            s->rip = at;
            xl_signal_deliver(s);
            if (s->rip != at) return;
            s->rip = next;
        }
        if (i386) xl_syscall_i386(s);
        else xl_syscall_x86_64(s);
        if (__builtin_expect(!xl_signal_work_waiting(s), 1)) return;
        int64_t r = i386 ? (int32_t)s->gpr[GPR_RAX] : (int64_t)s->gpr[GPR_RAX];
        if (r == -4 /* EINTR */ && restarts_after_handler(s, i386, i386 ? xl_i386_syscall_name(nr) : xl_x86_64_syscall_name(nr))
            && xl_signal_next_restarts(s)) {
            s->gpr[GPR_RAX] = nr;
            continue;
        }
        /* the handlers see the call's result in the frame (raise, kill to self, the signal ending sigsuspend) */
        xl_signal_deliver(s);
        return;
    }
}

void xlate_signal_poll(GuestState *s) {
    xl_signal_deliver(s);
}
