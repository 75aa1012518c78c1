namespace Translator.EndToEnd.Tests;

/// <summary>
/// Guest signal handlers (issue 6, first slice): signals that arrive during a syscall or are sent to self, faults of
/// translated code left by siglongjmp, x86 signal frames (siginfo, ucontext registers, sigreturn), masks, sigsuspend,
/// alternate stacks. Each mode of the program below runs natively and translated (under qemu-aarch64); stdout and
/// exit status must match the native run, whose expected output is also checked here.
/// </summary>
public class SignalTests
{
    private const string Source = """
        #define _GNU_SOURCE
        #include <setjmp.h>
        #include <signal.h>
        #include <stdint.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/mman.h>
        #include <sys/time.h>
        #include <ucontext.h>
        #include <unistd.h>
        #include <errno.h>
        #include <sys/ioctl.h>
        #include <sys/wait.h>
        #include <time.h>
        #include <sys/syscall.h>

        static volatile sig_atomic_t log_len;
        static char log_buf[256];
        static void note(char c) { if (log_len < 255) log_buf[log_len++] = c; }

        static void on_info(int sig, siginfo_t *si, void *uc) {
            (void)uc;
            printf("handler sig %d signo %d code %d pid_ok %d\n", sig, si->si_signo, si->si_code, si->si_pid == getpid());
        }

        static volatile int ticks;
        static void on_tick_to_50(int sig, siginfo_t *si, void *uc) {
            (void)sig; (void)si; (void)uc;
            if (ticks < 50 && ++ticks == 50) {
                struct itimerval off = { {0, 0}, {0, 0} };
                setitimer(ITIMER_REAL, &off, 0);
            }
        }

        static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags, const sigset_t *mask) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_sigaction = fn;
            sa.sa_flags = SA_SIGINFO | flags;
            if (mask) sa.sa_mask = *mask; else sigemptyset(&sa.sa_mask);
            if (sigaction(sig, &sa, 0)) { perror("sigaction"); exit(2); }
        }

        static void on_usr1_order(int sig, siginfo_t *si, void *uc) {
            (void)si; (void)uc; (void)sig;
            note('1');
            raise(SIGUSR2); /* blocked by sa_mask: runs after this handler returns */
            note('a');
        }
        static void on_usr2_order(int sig, siginfo_t *si, void *uc) { (void)si; (void)uc; (void)sig; note('2'); }

        static volatile long counted;
        static void on_count(int sig) { (void)sig; counted++; }

        static sigjmp_buf probe_env;
        static volatile uintptr_t fault_addr;
        static void on_segv(int sig, siginfo_t *si, void *uc) {
            (void)sig; (void)uc;
            fault_addr = (uintptr_t)si->si_addr;
            siglongjmp(probe_env, 1);
        }
        static int probe(volatile char *p) {
            if (sigsetjmp(probe_env, 1) == 0) { (void)*p; return 0; }
            return 1;
        }

        static volatile int alarms;
        static void on_alarm(int sig) { (void)sig; alarms++; }

        /* autodisarm mode: SS_AUTODISARM turns the alternate stack off while its handler runs */
        #ifndef SS_AUTODISARM
        #define SS_AUTODISARM (1U << 31) /* linux/signal.h; glibc does not define it */
        #endif
        static volatile unsigned ad_flags; static volatile size_t ad_size;
        static void on_autodisarm(int sig, siginfo_t *si, void *uc) {
            (void)sig; (void)si; (void)uc;
            stack_t cur; sigaltstack(0, &cur);
            ad_flags = (unsigned)cur.ss_flags; ad_size = cur.ss_size;
        }

        /* oldcalls mode: the pre-rt i386 calls (signal, sigaction, sigpending, sigsuspend) made directly; x86-64 has
         * none, so there the same steps go through their rt equivalents and print the same lines */
        static volatile int old_hits;
        static void on_old(int sig) { (void)sig; old_hits++; }

        /* restart mode: a blocking read interrupted by SIGALRM; the handler must run while the read waits */
        static int restart_pipe[2];
        static volatile int seen_empty = -1;
        static void on_alarm_peek(int sig, siginfo_t *si, void *uc) {
            (void)sig; (void)si; (void)uc;
            int n = -1;
            ioctl(restart_pipe[0], FIONREAD, &n);
            seen_empty = n == 0;
            alarms++;
        }
        static void interrupted_read(int flags) {
            struct itimerval once = { { 0, 0 }, { 0, 50000 } };
            alarms = 0; seen_empty = -1;
            install(SIGALRM, on_alarm_peek, flags, 0);
            if (pipe(restart_pipe)) { perror("pipe"); exit(2); }
            pid_t pid = fork();
            if (pid == 0) { usleep(300000); if (write(restart_pipe[1], "data", 4) != 4) _exit(1); _exit(0); }
            setitimer(ITIMER_REAL, &once, 0);
            char buf[8];
            ssize_t r = read(restart_pipe[0], buf, sizeof buf);
            int e = errno;
            waitpid(pid, 0, 0);
            printf("read %s: r=%zd errno=%d alarms=%d handler saw empty pipe %d\n",
                   flags & SA_RESTART ? "SA_RESTART" : "plain", r, r < 0 ? e : 0, alarms, seen_empty);
            close(restart_pipe[0]); close(restart_pipe[1]);
        }

        static volatile long seen_a, seen_b; static volatile int rip_nonzero;
        static void on_ctx(int sig, siginfo_t *si, void *ucv) {
            (void)sig; (void)si;
            ucontext_t *uc = ucv;
        #ifdef __x86_64__
            seen_a = uc->uc_mcontext.gregs[REG_RBX];
            seen_b = uc->uc_mcontext.gregs[REG_R12];
            rip_nonzero = uc->uc_mcontext.gregs[REG_RIP] != 0;
            uc->uc_mcontext.gregs[REG_RAX] = 4242;   /* the interrupted syscall "returns" this */
            uc->uc_mcontext.gregs[REG_R12] = 0x600df00d;
        #else
            seen_a = uc->uc_mcontext.gregs[REG_ESI];
            seen_b = uc->uc_mcontext.gregs[REG_EDI];
            rip_nonzero = uc->uc_mcontext.gregs[REG_EIP] != 0;
            uc->uc_mcontext.gregs[REG_EAX] = 4242;
            uc->uc_mcontext.gregs[REG_EDI] = 0x600df00d;
        #endif
        }

        static char altstack[65536];
        static volatile int on_alt, alt_flags;
        static void on_altsig(int sig) {
            (void)sig;
            char local;
            on_alt = (uintptr_t)&local >= (uintptr_t)altstack && (uintptr_t)&local < (uintptr_t)altstack + sizeof altstack;
            stack_t cur;
            sigaltstack(0, &cur);
            alt_flags = cur.ss_flags;
        }

        static void landing(void) {
            static const char msg[] = "landed\n";
            write(1, msg, sizeof msg - 1);
            _exit(7);
        }
        static void on_redirect(int sig, siginfo_t *si, void *ucv) {
            (void)sig; (void)si;
            ucontext_t *uc = ucv;
        #ifdef __x86_64__
            uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)landing;
        #else
            uc->uc_mcontext.gregs[REG_EIP] = (greg_t)(uintptr_t)landing;
        #endif
        }

        /* fixfault mode: a handler that makes the page accessible and returns, so the access runs again; the frame
         * must stay clear of the faulting function's own stack (its locals are checked after), and the handler's
         * stack use of it too */
        static volatile int fixes;
        static void on_segv_fix(int sig, siginfo_t *si, void *ucv) {
            (void)sig; (void)ucv;
            volatile char junk[16384];
            for (size_t i = 0; i < sizeof junk; i++) junk[i] = 0x5a;
            long pg = sysconf(_SC_PAGESIZE);
            mprotect((void *)((uintptr_t)si->si_addr & ~(uintptr_t)(pg - 1)), pg, PROT_READ | PROT_WRITE);
            fixes++;
        }
        static volatile int fill_calls; /* a resumption that re-ran the function from its start would count twice */
        static long __attribute__((noinline)) fill_and_sum(int *pages, long pg, int count) {
            fill_calls++;
            int locals[256];
            for (int i = 0; i < 256; i++) locals[i] = i * 7 + count;
            long sum = 0;
            for (int i = 0; i < count; i++) {
                pages[i * (pg / (long)sizeof(int)) + 3] = locals[i] + i; /* the first write to each page faults */
                sum += pages[i * (pg / (long)sizeof(int)) + 3];
            }
            int intact = 1;
            for (int i = 0; i < 256; i++) intact &= locals[i] == i * 7 + count;
            return intact ? sum : -sum;
        }

        /* faultpc mode: the context's rip/eip is the address of the faulting instruction */
        static volatile uintptr_t expected_pc, seen_pc;
        static void on_segv_pc(int sig, siginfo_t *si, void *ucv) {
            (void)sig; (void)si;
            ucontext_t *uc = ucv;
        #ifdef __x86_64__
            seen_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
        #else
            seen_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
        #endif
            siglongjmp(probe_env, 1);
        }

        int main(int argc, char **argv) {
            const char *mode = argc > 1 ? argv[1] : "";
            setvbuf(stdout, 0, _IONBF, 0);
            printf("mode %s\n", mode);
            if (!strcmp(mode, "info")) {
                install(SIGUSR1, on_info, 0, 0);
                int r = raise(SIGUSR1);
                printf("raise = %d\n", r);
                kill(getpid(), SIGUSR1);
                printf("after kill\n");
            } else if (!strcmp(mode, "order")) {
                sigset_t m; sigemptyset(&m); sigaddset(&m, SIGUSR2);
                install(SIGUSR1, on_usr1_order, 0, &m);
                install(SIGUSR2, on_usr2_order, 0, 0);
                raise(SIGUSR1);
                note('|');
                sigset_t b, old, pend; sigemptyset(&b); sigaddset(&b, SIGUSR2);
                sigprocmask(SIG_BLOCK, &b, &old);
                raise(SIGUSR2);
                sigpending(&pend);
                note(sigismember(&pend, SIGUSR2) ? 'P' : 'n');
                note(sigismember(&pend, SIGUSR1) ? 'p' : 'n');
                note('u');
                sigprocmask(SIG_SETMASK, &old, 0);
                note('|');
                sigprocmask(SIG_BLOCK, 0, &old);
                note(sigismember(&old, SIGUSR2) ? 'B' : 'b');
                log_buf[log_len] = 0;
                printf("order %s\n", log_buf);
            } else if (!strcmp(mode, "count")) {
                signal(SIGUSR1, on_count);
                for (int i = 0; i < 10000; i++) raise(SIGUSR1);
                printf("counted %ld\n", counted);
            } else if (!strcmp(mode, "segv")) {
                install(SIGSEGV, on_segv, 0, 0);
                long page = sysconf(_SC_PAGESIZE);
                char *hole = mmap(0, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                munmap(hole, page);
                for (int i = 0; i < 5; i++) {
                    int f0 = probe((volatile char *)0);
                    int a0 = fault_addr == 0;
                    fault_addr = 1;
                    int f1 = probe((volatile char *)hole + 8);
                    int a1 = fault_addr == (uintptr_t)hole + 8;
                    int f2 = probe((volatile char *)&page);
                    printf("round %d: null %d/%d hole %d/%d mapped %d\n", i, f0, a0, f1, a1, f2);
                }
            } else if (!strcmp(mode, "alarm")) {
                signal(SIGALRM, on_alarm);
                alarm(1);
                int r = pause();
                printf("pause = %d errno %d alarms %d\n", r, errno, alarms);
                sigset_t b, old, wait; sigemptyset(&b); sigaddset(&b, SIGALRM);
                sigprocmask(SIG_BLOCK, &b, &old);
                struct itimerval it = { { 0, 0 }, { 0, 100000 } };
                setitimer(ITIMER_REAL, &it, 0);
                wait = old; sigdelset(&wait, SIGALRM);
                r = sigsuspend(&wait);
                printf("sigsuspend = %d errno %d alarms %d\n", r, errno, alarms);
                sigset_t now; sigprocmask(SIG_BLOCK, 0, &now);
                printf("alarm still blocked %d\n", sigismember(&now, SIGALRM));
            } else if (!strcmp(mode, "context")) {
                install(SIGUSR1, on_ctx, 0, 0);
                long ret, pid = getpid();
        #ifdef __x86_64__
                long a = 0x1122334455667788L, b = 0x0badcafe;
                __asm__ volatile("syscall" : "=a"(ret), "+b"(a), "+r"(b)
                                 : "a"(62L /* kill */), "D"(pid), "S"((long)SIGUSR1) : "rcx", "r11", "memory");
                (void)b;
                register long r12 __asm__("r12") = 0x0badcafe;
                __asm__ volatile("syscall" : "=a"(ret), "+r"(r12)
                                 : "a"(62L), "D"(pid), "S"((long)SIGUSR1), "b"(a) : "rcx", "r11", "memory");
                printf("ret %ld rbx %lx r12 seen %lx now %lx rip %d\n", ret, seen_a, seen_b, r12, rip_nonzero);
        #else
                long a = 0x11223344, b = 0x0badcafe;
                __asm__ volatile("push %%ebx\n\tmov %[pid], %%ebx\n\tint $0x80\n\tpop %%ebx"
                                 : "=a"(ret), "+S"(a), "+D"(b)
                                 : "a"(37L /* kill */), [pid] "r"(pid), "c"((long)SIGUSR1) : "memory");
                printf("ret %ld esi %lx edi seen %lx now %lx eip %d\n", ret, seen_a, seen_b, b, rip_nonzero);
        #endif
            } else if (!strcmp(mode, "altstack")) {
                stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
                if (sigaltstack(&ss, 0)) { perror("sigaltstack"); return 2; }
                struct sigaction sa; memset(&sa, 0, sizeof sa);
                sa.sa_handler = on_altsig; sa.sa_flags = SA_ONSTACK;
                sigaction(SIGUSR2, &sa, 0);
                raise(SIGUSR2);
                printf("on alt stack %d flags %d\n", on_alt, alt_flags);
                sa.sa_flags = 0;
                sigaction(SIGUSR2, &sa, 0);
                raise(SIGUSR2);
                printf("without SA_ONSTACK %d flags %d\n", on_alt, alt_flags);
                stack_t cur; sigaltstack(0, &cur);
                printf("outside flags %d size %zu\n", cur.ss_flags, cur.ss_size);
            } else if (!strcmp(mode, "redirect")) {
                install(SIGUSR1, on_redirect, 0, 0);
                raise(SIGUSR1);
                puts("not redirected");
            } else if (!strcmp(mode, "loop")) {
                /* SIGALRM every 2 ms into a loop that makes no syscall: each one must arrive (the handler stops the
                 * timer at the 50th, so a slow machine cannot add a 51st between the loop's end and setitimer) */
                install(SIGALRM, on_tick_to_50, 0, 0);
                struct itimerval every = { {0, 2000}, {0, 2000} }, off = { {0, 0}, {0, 0} };
                setitimer(ITIMER_REAL, &every, 0);
                unsigned long spins = 0, x = 1;
                while (ticks < 50) { x = x * 6364136223846793005ul + 1; spins++; }
                setitimer(ITIMER_REAL, &off, 0);
                printf("ticks %d spun %d\n", ticks, spins > 50 && x != 0);
            } else if (!strcmp(mode, "autodisarm")) {
                stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = SS_AUTODISARM };
                if (sigaltstack(&ss, 0)) { perror("sigaltstack"); exit(2); }
                install(SIGUSR1, on_autodisarm, SA_ONSTACK, 0);
                raise(SIGUSR1);
                stack_t after; sigaltstack(0, &after);
                printf("in handler flags %#x size %zu; after flags %#x size %zu\n", ad_flags, ad_size,
                       (unsigned)after.ss_flags, after.ss_size);
            } else if (!strcmp(mode, "oldcalls")) {
            #ifdef __i386__
                long prev = syscall(48 /* signal */, SIGUSR1, (long)on_old);
                raise(SIGUSR1);
                unsigned old_sa[4];
                syscall(67 /* sigaction */, SIGUSR1, 0, old_sa);
                printf("signal: previous %ld, hits %d, now %s\n", prev, old_hits, old_sa[0] == 0 ? "SIG_DFL" : "handler");
                unsigned act[4] = { (unsigned)(long)on_old, 0, 0, 0 }, blk = 1u << (SIGUSR2 - 1), pend = 0;
                syscall(67, SIGUSR2, act, 0);
                syscall(126 /* sigprocmask */, SIG_BLOCK, &blk, 0);
                raise(SIGUSR2);
                syscall(73 /* sigpending */, &pend);
                printf("sigpending: usr2 %d\n", (pend & blk) != 0);
                long r = syscall(72 /* sigsuspend */, 0, 0, 0u);
                printf("sigsuspend: %ld errno %d hits %d\n", r, errno, old_hits);
            #else
                struct sigaction sa, prev_sa; memset(&sa, 0, sizeof sa);
                sa.sa_handler = on_old; sa.sa_flags = SA_RESETHAND | SA_NODEFER;
                sigaction(SIGUSR1, &sa, &prev_sa);
                raise(SIGUSR1);
                sigaction(SIGUSR1, 0, &sa);
                printf("signal: previous %ld, hits %d, now %s\n", (long)prev_sa.sa_handler, old_hits,
                       sa.sa_handler == SIG_DFL ? "SIG_DFL" : "handler");
                memset(&sa, 0, sizeof sa); sa.sa_handler = on_old;
                sigaction(SIGUSR2, &sa, 0);
                sigset_t blk, pend, none; sigemptyset(&blk); sigaddset(&blk, SIGUSR2); sigemptyset(&none);
                sigprocmask(SIG_BLOCK, &blk, 0);
                raise(SIGUSR2);
                sigpending(&pend);
                printf("sigpending: usr2 %d\n", sigismember(&pend, SIGUSR2));
                long r = sigsuspend(&none);
                printf("sigsuspend: %ld errno %d hits %d\n", r, errno, old_hits);
            #endif
            } else if (!strcmp(mode, "restart")) {
                interrupted_read(SA_RESTART);
                interrupted_read(0);
                struct itimerval once = { { 0, 0 }, { 0, 50000 } };
                setitimer(ITIMER_REAL, &once, 0);
                struct timespec ts = { 2, 0 };
                int r = nanosleep(&ts, &ts);
                printf("nanosleep with SA_RESTART: r=%d errno=%d left>1s %d\n", r, errno, ts.tv_sec >= 1);
            } else if (!strcmp(mode, "fixfault")) {
                install(SIGSEGV, on_segv_fix, 0, 0);
                long pg = sysconf(_SC_PAGESIZE);
                int *pages = mmap(0, 6 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                long sum = fill_and_sum(pages, pg, 6);
                printf("fixes %d sum %ld calls %d\n", fixes, sum, fill_calls);
            } else if (!strcmp(mode, "faultpc")) {
                install(SIGSEGV, on_segv_pc, 0, 0);
                volatile int *hole = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                for (int i = 0; i < 3; i++) {
                    seen_pc = 0;
                    if (sigsetjmp(probe_env, 1) == 0) {
        #ifdef __x86_64__
                        __asm__ volatile("lea 1f(%%rip), %%rdx\n\tmov %%rdx, %0\n\taddl $5, %%ecx\n1:\tmovl (%1), %%eax"
                                         : "=m"(expected_pc) : "r"(hole + i) : "rax", "rcx", "rdx", "memory");
        #else
                        __asm__ volatile("movl $1f, %0\n\taddl $5, %%ecx\n1:\tmovl (%1), %%eax"
                                         : "=m"(expected_pc) : "r"(hole + i) : "eax", "ecx", "memory");
        #endif
                    }
                    printf("round %d: pc exact %d\n", i, seen_pc == expected_pc && seen_pc != 0);
                }
            } else if (!strcmp(mode, "default")) {
                install(SIGUSR1, on_info, SA_RESETHAND, 0);
                raise(SIGUSR1);
                puts("second raise");
                raise(SIGUSR1);
                puts("survived");
            }
            return 0;
        }
        """;

    private static readonly Dictionary<string, Lazy<BuiltGuest>> Guests =
        GuestPrograms.ForBothGuests("signals", Source, "--signal-checks=loops");

    public static TheoryData<string, string, string, int> Modes()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var arch in new[] { "x64", "i386" })
        {
            string ctx = arch == "x64"
                ? "ret 4242 rbx 1122334455667788 r12 seen badcafe now 600df00d rip 1\n"
                : "ret 4242 esi 11223344 edi seen badcafe now 600df00d eip 1\n";
            string rounds = string.Concat(Enumerable.Range(0, 5).Select(i => $"round {i}: null 1/1 hole 1/1 mapped 0\n"));
            // si_code -6 is SI_TKILL (raise), 0 is SI_USER (kill)
            data.Add(arch, "info", "handler sig 10 signo 10 code -6 pid_ok 1\nraise = 0\nhandler sig 10 signo 10 code 0 pid_ok 1\nafter kill\n", 0);
            data.Add(arch, "order", "order 1a2|Pnu2|b\n", 0);
            data.Add(arch, "count", "counted 10000\n", 0);
            data.Add(arch, "segv", rounds, 0);
            data.Add(arch, "alarm", "pause = -1 errno 4 alarms 1\nsigsuspend = -1 errno 4 alarms 2\nalarm still blocked 1\n", 0);
            data.Add(arch, "context", ctx, 0);
            data.Add(arch, "altstack", "on alt stack 1 flags 1\nwithout SA_ONSTACK 0 flags 0\noutside flags 0 size 65536\n", 0);
            data.Add(arch, "redirect", "landed\n", 7);
            data.Add(arch, "loop", "ticks 50 spun 1\n", 0);
            data.Add(arch, "autodisarm", "in handler flags 0x2 size 0; after flags 0x80000000 size 65536\n", 0);
            data.Add(arch, "oldcalls", "signal: previous 0, hits 1, now SIG_DFL\nsigpending: usr2 1\nsigsuspend: -1 errno 4 hits 2\n", 0);
            data.Add(arch, "restart", "read SA_RESTART: r=4 errno=0 alarms=1 handler saw empty pipe 1\n" +
                "read plain: r=-1 errno=4 alarms=1 handler saw empty pipe 1\n" +
                "nanosleep with SA_RESTART: r=-1 errno=4 left>1s 1\n", 0);
            data.Add(arch, "fixfault", "fixes 6 sum 156 calls 1\n", 0);
            data.Add(arch, "faultpc", "round 0: pc exact 1\nround 1: pc exact 1\nround 2: pc exact 1\n", 0);
            data.Add(arch, "default", "handler sig 10 signo 10 code -6 pid_ok 1\nsecond raise\n", 128 + 10);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void GuestHandler_BehavesLikeNative(string arch, string mode, string expectedOutput, int expectedExit)
    {
        var guest = Guests[arch].Value;
        var native = TestArtifacts.RunGuest(guest.Native, underQemu: false, [mode], []);
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, [mode], []);
        Assert.False(native.TimedOut, $"native {arch} {mode} timed out");
        Assert.False(translated.TimedOut, $"translated {arch} {mode} timed out");
        Assert.Equal($"mode {mode}\n" + expectedOutput, native.StdoutText);
        Assert.Equal(expectedExit, native.ExitCode);
        Assert.Equal(native.StdoutText, translated.StdoutText);
        Assert.Equal(native.ExitCode, translated.ExitCode);
    }
}
