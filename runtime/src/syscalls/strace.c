/* XLATE_STRACE=1: one stderr line per guest syscall, like strace: name, decoded arguments, result with the errno
 * name on failure. Arguments are decoded by a small per-syscall kind string (syscalls not listed print six hex
 * words). Path strings are read only from mapped pages, so a bad guest pointer prints as an address. */
#include "common.h"

/* d fd (AT_FDCWD by name)  s string  i int  l long  u unsigned long  x hex  o octal  p pointer */
static const struct { const char *name; const char *kinds; } arg_kinds[] = {
    { "read", "dpu" }, { "write", "dpu" }, { "open", "sxo" }, { "openat", "dsxo" }, { "creat", "so" },
    { "close", "d" }, { "stat", "sp" }, { "lstat", "sp" }, { "fstat", "dp" }, { "stat64", "sp" },
    { "lstat64", "sp" }, { "fstat64", "dp" }, { "newfstatat", "dspx" }, { "fstatat64", "dspx" },
    { "statx", "dsxxp" }, { "access", "so" }, { "faccessat", "dso" }, { "faccessat2", "dsox" },
    { "unlink", "s" }, { "unlinkat", "dsx" }, { "mkdir", "so" }, { "mkdirat", "dso" }, { "rmdir", "s" },
    { "rename", "ss" }, { "renameat", "dsds" }, { "renameat2", "dsdsx" }, { "link", "ss" },
    { "linkat", "dsdsx" }, { "symlink", "ss" }, { "symlinkat", "sds" }, { "readlink", "spu" },
    { "readlinkat", "dspu" }, { "chmod", "so" }, { "fchmod", "do" }, { "fchmodat", "dso" },
    { "chown", "sii" }, { "lchown", "sii" }, { "chown32", "sii" }, { "lchown32", "sii" }, { "fchown", "dii" },
    { "fchownat", "dsiix" }, { "chdir", "s" }, { "fchdir", "d" }, { "getcwd", "pu" }, { "truncate", "sl" },
    { "truncate64", "s" }, { "ftruncate", "dl" }, { "ftruncate64", "d" }, { "lseek", "dli" },
    { "_llseek", "duupi" }, { "dup", "d" }, { "dup2", "dd" }, { "dup3", "ddx" }, { "fcntl", "dix" },
    { "fcntl64", "dix" }, { "ioctl", "dxp" }, { "pipe", "p" }, { "pipe2", "px" }, { "mmap", "puxxdx" },
    { "mmap2", "puxxdx" }, { "munmap", "pu" }, { "mprotect", "pux" }, { "mremap", "puuxp" }, { "brk", "p" },
    { "execve", "spp" }, { "kill", "ii" }, { "exit", "i" }, { "exit_group", "i" }, { "wait4", "ipxp" },
    { "waitpid", "ipx" }, { "getdents", "dpu" }, { "getdents64", "dpu" }, { "socket", "iii" },
    { "connect", "dpu" }, { "bind", "dpu" }, { "listen", "di" }, { "accept", "dpp" }, { "accept4", "dppx" },
    { "sendto", "dpuxpu" }, { "recvfrom", "dpuxpp" }, { "sendmsg", "dpx" }, { "recvmsg", "dpx" },
    { "shutdown", "di" }, { "poll", "pui" }, { "epoll_ctl", "didp" }, { "epoll_wait", "dpii" },
    { "nanosleep", "pp" }, { "clock_gettime", "ip" }, { "utimensat", "dspx" }, { "pread64", "dpul" },
    { "pwrite64", "dpul" }, { "readv", "dpu" }, { "writev", "dpu" }, { "sendfile", "ddpu" },
    { "getpid", "" }, { "getppid", "" }, { "getuid", "" }, { "geteuid", "" }, { "getgid", "" },
    { "getegid", "" }, { "gettid", "" }, { "getuid32", "" }, { "geteuid32", "" }, { "getgid32", "" },
    { "getegid32", "" }, { "sync", "" }, { "fsync", "d" }, { "fdatasync", "d" }, { "umask", "o" },
    { "statfs", "sp" }, { "fstatfs", "dp" }, { "mknod", "sox" }, { "mknodat", "dsox" },
};

static const char *const errno_names[] = {
    0, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN",
    "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL",
    "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM",
    "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", 0, "ENOMSG", "EIDRM",
    [61] = "ENODATA", [62] = "ETIME", [71] = "EPROTO", [74] = "EBADMSG", [75] = "EOVERFLOW", [84] = "EILSEQ",
    [88] = "ENOTSOCK", [89] = "EDESTADDRREQ", [90] = "EMSGSIZE", [91] = "EPROTOTYPE", [92] = "ENOPROTOOPT",
    [93] = "EPROTONOSUPPORT", [94] = "ESOCKTNOSUPPORT", [95] = "EOPNOTSUPP", [96] = "EPFNOSUPPORT",
    [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN", [101] = "ENETUNREACH",
    [103] = "ECONNABORTED", [104] = "ECONNRESET", [105] = "ENOBUFS", [106] = "EISCONN", [107] = "ENOTCONN",
    [110] = "ETIMEDOUT", [111] = "ECONNREFUSED", [113] = "EHOSTUNREACH", [114] = "EALREADY",
    [115] = "EINPROGRESS", [116] = "ESTALE", [122] = "EDQUOT", [125] = "ECANCELED",
    [512] = "ERESTARTSYS", [513] = "ERESTARTNOINTR", [514] = "ERESTARTNOHAND", [516] = "ERESTART_RESTARTBLOCK",
};

static const char *kinds_of(const char *name) {
    if (!name) return 0;
    for (unsigned i = 0; i < sizeof arg_kinds / sizeof arg_kinds[0]; i++)
        if (!xl_strcmp(arg_kinds[i].name, name)) return arg_kinds[i].kinds;
    return 0;
}

static int page_mapped(uint64_t addr) {
    unsigned char vec;
    return host_sc3(HOST_NR_mincore, PAGE_DOWN(addr), PAGE_SIZE, &vec) == 0;
}

/* Appends "text" (escaped, at most 64 characters, "..." when longer) or the bare address if unreadable. */
static int put_string(char *out, int room, uint64_t p) {
    if (!p) return xl_snprintf(out, (size_t)room, "NULL");
    if (!page_mapped(p)) return xl_snprintf(out, (size_t)room, "0x%llx", (unsigned long long)p);
    int n = 0;
    if (n < room - 1) out[n++] = '"';
    const unsigned char *c = (const unsigned char *)p;
    int i = 0;
    for (; i < 64; i++) {
        if (((p + (uint64_t)i) & (PAGE_SIZE - 1)) == 0 && !page_mapped(p + (uint64_t)i)) break;
        unsigned ch = c[i];
        if (!ch) break;
        char esc[5];
        int len;
        if (ch == '"' || ch == '\\') { esc[0] = '\\'; esc[1] = (char)ch; len = 2; }
        else if (ch == '\n') { esc[0] = '\\'; esc[1] = 'n'; len = 2; }
        else if (ch == '\t') { esc[0] = '\\'; esc[1] = 't'; len = 2; }
        else if (ch < 32 || ch >= 127) len = xl_snprintf(esc, sizeof esc, "\\x%02x", ch);
        else { esc[0] = (char)ch; len = 1; }
        for (int k = 0; k < len && n < room - 1; k++) out[n++] = esc[k];
    }
    if (n < room - 1) out[n++] = '"';
    if (i == 64 && c[64]) for (int k = 0; k < 3 && n < room - 1; k++) out[n++] = '.';
    out[n] = 0;
    return n;
}

static int put_arg(char *out, int room, char kind, uint64_t v, int i386) {
    int64_t sv = i386 ? (int64_t)(int32_t)v : (int64_t)v;
    switch (kind) {
    case 'd': return (int32_t)v == -100 ? xl_snprintf(out, (size_t)room, "AT_FDCWD")
                                        : xl_snprintf(out, (size_t)room, "%d", (int)(int32_t)v);
    case 's': return put_string(out, room, v);
    case 'i': return xl_snprintf(out, (size_t)room, "%d", (int)(int32_t)v);
    case 'l': return xl_snprintf(out, (size_t)room, "%lld", (long long)sv);
    case 'u': return xl_snprintf(out, (size_t)room, "%llu", (unsigned long long)v);
    case 'o': { /* the runtime's printf has no %o */
        char digits[24];
        int k = 0;
        do { digits[k++] = (char)('0' + (v & 7)); v >>= 3; } while (v);
        int n = 0;
        if (digits[k - 1] != '0' && n < room - 1) out[n++] = '0';
        while (k && n < room - 1) out[n++] = digits[--k];
        out[n] = 0;
        return n;
    }
    case 'p': return v ? xl_snprintf(out, (size_t)room, "0x%llx", (unsigned long long)v)
                       : xl_snprintf(out, (size_t)room, "NULL");
    default: return xl_snprintf(out, (size_t)room, "0x%llx", (unsigned long long)v);
    }
}

void xl_strace_call(const SysAbi *abi, const char *name, uint64_t nr, const uint64_t *a, int finished, int64_t r) {
    char line[640];
    int room = (int)sizeof line - 80, n;
    int i386 = abi->abi[0] == 'i';
    if (name) n = xl_snprintf(line, (size_t)room, "xlate-strace: [%s] %s(", abi->abi, name);
    else n = xl_snprintf(line, (size_t)room, "xlate-strace: [%s] syscall_%llu(", abi->abi, (unsigned long long)nr);
    const char *kinds = kinds_of(name);
    int count = kinds ? (int)xl_strlen(kinds) : 6;
    for (int i = 0; i < count && n < room; i++) {
        if (i) n += xl_snprintf(line + n, (size_t)(room - n), ", ");
        if (n < room) n += put_arg(line + n, room - n, kinds ? kinds[i] : 'x', a[i], i386);
    }
    if (n > room) n = room;
    room = (int)sizeof line;
    if (!finished) {
        xl_snprintf(line + n, (size_t)(room - n), ") ...\n");
    } else if (r < 0 && r >= -4095) {
        uint64_t e = (uint64_t)-r;
        const char *en = e < sizeof errno_names / sizeof errno_names[0] ? errno_names[e] : 0;
        if (en) xl_snprintf(line + n, (size_t)(room - n), ") = -1 %s (%llu)\n", en, (unsigned long long)e);
        else xl_snprintf(line + n, (size_t)(room - n), ") = -1 errno %llu\n", (unsigned long long)e);
    } else if (name && (!xl_strcmp(name, "mmap") || !xl_strcmp(name, "mmap2") || !xl_strcmp(name, "mremap")
                        || !xl_strcmp(name, "brk"))) {
        xl_snprintf(line + n, (size_t)(room - n), ") = 0x%llx\n", (unsigned long long)(i386 ? (uint32_t)r : (uint64_t)r));
    } else {
        xl_snprintf(line + n, (size_t)(room - n), ") = %lld\n", (long long)(i386 ? (int32_t)r : r));
    }
    xl_eprintf("%s", line);
}
