using System.Text.RegularExpressions;
using Translator.Elf;

namespace Translator.EndToEnd.Tests;

/// <summary>
/// What a translated program does when it meets something the translation does not cover (an instruction, a
/// syscall, an ioctl) or crashes: it names the unsupported thing on stderr with its guest address and otherwise
/// behaves like the native program, down to the signal it dies of.
/// </summary>
public class RuntimeFailureTests
{
    private const string Source = """
        #include <errno.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/ioctl.h>
        #include <unistd.h>

        #ifdef __x86_64__
        #define UNKNOWN_SYSCALL 999
        #else
        #define UNKNOWN_SYSCALL 500
        #endif

        __attribute__((noinline)) void needs_avx512(void) {
            __asm__ volatile("vaddps %%zmm1, %%zmm2, %%zmm3" ::: "memory");
        }

        __attribute__((noinline)) void undecodable(void) {
            __asm__ volatile(".byte 0x0f, 0x04"); /* an opcode no x86 CPU defines */
        }

        int main(int argc, char **argv) {
            const char *mode = argc > 1 ? argv[1] : "";
            printf("mode %s\n", mode);
            fflush(stdout);
            if (!strcmp(mode, "syscall")) {
                for (int i = 0; i < 2; i++) {
                    errno = 0;
                    long r = syscall(UNKNOWN_SYSCALL, 1, 2, 3);
                    printf("syscall %d = %ld errno %d\n", UNKNOWN_SYSCALL, r, errno);
                }
            } else if (!strcmp(mode, "ioctl")) {
                for (int i = 0; i < 2; i++) {
                    errno = 0;
                    int r = ioctl(0, 0x5a5a0042, 0);
                    printf("ioctl = %d errno %d\n", r, errno);
                }
            } else if (!strcmp(mode, "avx512")) {
                needs_avx512();
            } else if (!strcmp(mode, "undecodable")) {
                undecodable();
            } else if (!strcmp(mode, "segv")) {
                *(volatile int *)0 = 1;
            } else if (!strcmp(mode, "div0")) {
                volatile int zero = 0;
                printf("%d\n", 7 / zero);
            } else if (!strcmp(mode, "ud2")) {
                __asm__ volatile("ud2");
            } else if (!strcmp(mode, "int3")) {
                __asm__ volatile("int3");
            } else if (!strcmp(mode, "abort")) {
                abort();
            }
            puts("survived");
            return 3;
        }
        """;

    private const int SigIll = 4, SigTrap = 5, SigAbrt = 6, SigFpe = 8, SigSegv = 11;

    private static readonly Dictionary<string, Lazy<BuiltGuest>> Guests = GuestPrograms.ForBothGuests("runtime-failures", Source);

    private static readonly Dictionary<string, Lazy<ElfFile>> GuestElf = new()
    {
        ["x64"] = new(() => ElfFile.Load(Guests["x64"].Value.Native), LazyThreadSafetyMode.ExecutionAndPublication),
        ["i386"] = new(() => ElfFile.Load(Guests["i386"].Value.Native), LazyThreadSafetyMode.ExecutionAndPublication),
    };

    private static (RunResult Native, RunResult Translated) RunBoth(string arch, string mode)
    {
        var guest = Guests[arch].Value;
        var native = TestArtifacts.RunGuest(guest.Native, underQemu: false, [mode], []);
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, [mode], []);
        Assert.False(native.TimedOut, $"native {arch} {mode} timed out");
        Assert.False(translated.TimedOut, $"translated {arch} {mode} timed out");
        return (native, translated);
    }

    /// <summary>stderr lines, without the ones qemu-user adds when the emulated process dies of a signal.</summary>
    private static List<string> StderrLines(RunResult r) =>
        r.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("qemu: uncaught target signal", StringComparison.Ordinal))
            .ToList();

    private static ulong AddressOf(Regex message, string line)
    {
        var m = message.Match(line);
        Assert.True(m.Success, $"stderr line \"{line}\" does not match {message}");
        return Convert.ToUInt64(m.Groups["address"].Value, 16);
    }

    private static byte[] BytesAt(ElfFile elf, ulong address, int count)
    {
        var bytes = new byte[count];
        Assert.True(elf.TryRead(address, bytes), $"0x{address:x} is not in the guest image");
        return bytes;
    }

    private static ulong SymbolAddress(ElfFile elf, string name) =>
        elf.Symbols.Single(s => s.Name == name && s.IsFunction).Value;

    public static TheoryData<string, string, int> Crashes()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var arch in new[] { "x64", "i386" })
        {
            data.Add(arch, "segv", SigSegv);
            data.Add(arch, "div0", SigFpe);
            data.Add(arch, "ud2", SigIll);
            data.Add(arch, "int3", SigTrap);
            data.Add(arch, "abort", SigAbrt);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Crashes))]
    public void GuestCrash_EndsWithTheNativeSignal(string arch, string mode, int signal)
    {
        var (native, translated) = RunBoth(arch, mode);
        Assert.Equal(128 + signal, native.ExitCode);
        Assert.Equal($"mode {mode}\n", native.StdoutText);
        Assert.Equal(native.ExitCode, translated.ExitCode);
        Assert.Equal(native.StdoutText, translated.StdoutText);
        Assert.Equal(StderrLines(native), StderrLines(translated));
    }

    public static TheoryData<string> Arches() => new() { "x64", "i386" };

    [Theory]
    [MemberData(nameof(Arches))]
    public void UnknownSyscall_ReturnsEnosysAndIsNamedOnce(string arch)
    {
        int nr = arch == "x64" ? 999 : 500;
        AssertNamedOnceAndLikeNative(arch, "syscall",
            $"mode syscall\nsyscall {nr} = -1 errno 38\nsyscall {nr} = -1 errno 38\nsurvived\n",
            $"syscall {nr} at guest address 0x(?<address>[0-9a-f]+)");
    }

    /// <summary>stdin is a pipe: no driver takes the request, so the kernel answers ENOTTY.</summary>
    [Theory]
    [MemberData(nameof(Arches))]
    public void UnknownIoctl_IsNamedOnceAndFailsLikeNative(string arch) =>
        AssertNamedOnceAndLikeNative(arch, "ioctl", "mode ioctl\nioctl = -1 errno 25\nioctl = -1 errno 25\nsurvived\n",
            "ioctl 0x5a5a0042 on fd 0 at guest address 0x(?<address>[0-9a-f]+)");

    /// <summary>The run matches native (whose stdout is <paramref name="expectedStdout"/>), and stderr has exactly one
    /// line naming the unsupported thing with the address of the guest's syscall instruction.</summary>
    private static void AssertNamedOnceAndLikeNative(string arch, string mode, string expectedStdout, string message)
    {
        var (native, translated) = RunBoth(arch, mode);
        Assert.Equal(expectedStdout, native.StdoutText);
        Assert.Equal(native.StdoutText, translated.StdoutText);
        Assert.Equal(native.ExitCode, translated.ExitCode);

        var lines = StderrLines(translated);
        Assert.True(lines.Count == 1, "expected one stderr line, got:\n" + translated.StderrText);
        string abi = arch == "x64" ? "x86-64" : "i386";
        ulong at = AddressOf(new Regex($"^xlate: unsupported {abi} {message}"), lines[0]);
        byte[] syscallInsn = arch == "x64" ? [0x0f, 0x05] : [0xcd, 0x80];
        Assert.Equal(syscallInsn, BytesAt(GuestElf[arch].Value, at, 2));
    }

    /// <summary>The guest CPU has no AVX-512 (docs/cpuid.md), where vaddps zmm raises #UD: SIGILL. The host CPU may
    /// have AVX-512, so the expectation comes from that documented CPU rather than from a native run.</summary>
    [Theory]
    [MemberData(nameof(Arches))]
    public void UnsupportedInstruction_IsNamedWithItsAddressAndDiesOfSigill(string arch)
    {
        var guest = Guests[arch].Value;
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, ["avx512"], []);
        Assert.False(translated.TimedOut, "translated run timed out");
        Assert.Equal(128 + SigIll, translated.ExitCode);
        Assert.Equal("mode avx512\n", translated.StdoutText);

        var lines = StderrLines(translated);
        Assert.True(lines.Count == 1, "expected one stderr line, got:\n" + translated.StderrText);
        ulong at = AddressOf(new Regex(@"^xlate: unsupported instruction 'vaddps zmm3,zmm2,zmm1' \(bytes 62 f1 6c 48 58 d9\) at guest address 0x(?<address>[0-9a-f]+)$"), lines[0]);
        Assert.Equal(SymbolAddress(GuestElf[arch].Value, "needs_avx512"), at);
    }

    [Theory]
    [MemberData(nameof(Arches))]
    public void UndecodableBytes_AreNamedAndDieOfSigillLikeNative(string arch)
    {
        var (native, translated) = RunBoth(arch, "undecodable");
        Assert.Equal(128 + SigIll, native.ExitCode);
        Assert.Equal(native.ExitCode, translated.ExitCode);
        Assert.Equal(native.StdoutText, translated.StdoutText);
        Assert.Empty(StderrLines(native));

        var lines = StderrLines(translated);
        Assert.True(lines.Count == 1, "expected one stderr line, got:\n" + translated.StderrText);
        ulong at = AddressOf(new Regex("^xlate: undecodable instruction bytes 0f 04( [0-9a-f]{2})* at 0x(?<address>[0-9a-f]+)$"), lines[0]);
        Assert.Equal(SymbolAddress(GuestElf[arch].Value, "undecodable"), at);
    }
}
