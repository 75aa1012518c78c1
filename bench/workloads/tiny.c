/* Smoke workload for `xlate bench --quick`: a few hundred thousand instructions, no libc, so its translation
 * takes about a second. Sums a xorshift sequence and writes the result in hex with a raw write syscall. */
typedef unsigned long word;

static long sys_write(int fd, const char *buf, word len)
{
    long ret;
#if defined(__x86_64__)
    __asm__ volatile("syscall" : "=a"(ret) : "a"(1L), "D"((long)fd), "S"(buf), "d"(len) : "rcx", "r11", "memory");
#elif defined(__i386__)
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(4L), "b"(fd), "c"(buf), "d"(len) : "memory");
#elif defined(__aarch64__)
    register long x0 __asm__("x0") = fd;
    register long x1 __asm__("x1") = (long)buf;
    register long x2 __asm__("x2") = (long)len;
    register long x8 __asm__("x8") = 64;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x8) : "memory");
    ret = x0;
#endif
    return ret;
}

static __attribute__((noreturn)) void sys_exit(int code)
{
#if defined(__x86_64__)
    __asm__ volatile("syscall" : : "a"(231L), "D"((long)code) : "rcx", "r11", "memory");
#elif defined(__i386__)
    __asm__ volatile("int $0x80" : : "a"(252L), "b"(code) : "memory");
#elif defined(__aarch64__)
    register long x0 __asm__("x0") = code;
    register long x8 __asm__("x8") = 94;
    __asm__ volatile("svc #0" : : "r"(x0), "r"(x8) : "memory");
#endif
    for (;;) {}
}

static unsigned mix(unsigned x)
{
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

void _start_c(void)
{
    unsigned state = 2463534242u, sum = 0;
    for (int i = 0; i < 50000; i++) {
        state = mix(state);
        sum += state % 1000 == 0 ? 1 : state >> 28;
    }
    char line[] = "tiny 00000000\n";
    for (int i = 0; i < 8; i++)
        line[12 - i] = "0123456789abcdef"[(sum >> (4 * i)) & 15];
    sys_write(1, line, sizeof line - 1);
    sys_exit(0);
}

/* The entry point only aligns the stack and calls into C. */
#if defined(__x86_64__)
__asm__(".globl _start\n_start:\n and $-16, %rsp\n call _start_c\n hlt\n");
#elif defined(__i386__)
__asm__(".globl _start\n_start:\n and $-16, %esp\n call _start_c\n hlt\n");
#elif defined(__aarch64__)
__asm__(".globl _start\n_start:\n bl _start_c\n brk #0\n");
#endif
