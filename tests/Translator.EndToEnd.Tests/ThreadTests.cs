namespace Translator.EndToEnd.Tests;

/// <summary>
/// Guest threads (issue 7): pthread programs built statically for both guests run natively and translated (under
/// qemu-aarch64, whose threads run in parallel); stdout and exit status must match the native run, whose expected
/// output is also checked here. Covers clone, futex-based mutexes, condition variables and barriers, LOCK-prefixed
/// read-modify-writes from 8 threads, a lock-free ring, a priority-inheritance mutex, TLS (FS base, and
/// set_thread_area with %gs), 1,000 short-lived threads, cancellation (a signal sent to one thread) and fork in a
/// threaded program, and liblzma's multithreaded coders.
/// </summary>
public class ThreadTests
{
    private static readonly Dictionary<string, Lazy<BuiltGuest>> Guests = GuestPrograms.ForBothGuests("pthreads",
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Translator.EndToEnd.Tests", "Threads", "pthreads.c")));

    private static readonly Dictionary<string, Lazy<BuiltGuest>> SingleThreaded = GuestPrograms.ForBothGuests("single-thread",
        "#include <stdio.h>\nint main(void) { puts(\"one thread\"); return 0; }\n");

    public static TheoryData<string, string, string> Modes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var arch in new[] { "x64", "i386" })
        {
            data.Add(arch, "pc", "producer/consumer: total 204002000\n");
            data.Add(arch, "atomics", "atomics: add 320000 inc 160000 xadd 160000 cas 480000 add64 800000 locked 10000\n");
            data.Add(arch, "lockfree", "lock-free ring: consumed 20000 sum 30050010000\n");
            data.Add(arch, "pi", "pi mutex: 12000\n");
            data.Add(arch, "tls", "tls: worker-1:1008 worker-2:1009 worker-3:1010 worker-4:1011 main:7\n");
            data.Add(arch, "many", "1000 threads: sum 999000\n");
            data.Add(arch, "barrier", "barrier: 4 passed\n");
            data.Add(arch, "cancel", "cancel: canceled, cleanup 1\n");
            data.Add(arch, "fork", "fork child: 42\nfork parent: child exit 3\n");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void PthreadProgram_BehavesLikeNative(string arch, string mode, string expectedOutput)
    {
        var guest = Guests[arch].Value;
        var native = TestArtifacts.RunGuest(guest.Native, underQemu: false, [mode], []);
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, [mode], []);
        Assert.False(native.TimedOut, $"native {arch} {mode} timed out");
        Assert.False(translated.TimedOut, $"translated {arch} {mode} timed out");
        Assert.Equal(expectedOutput, native.StdoutText);
        Assert.Equal(0, native.ExitCode);
        Assert.Equal(native.StdoutText, translated.StdoutText);
        Assert.Equal(native.ExitCode, translated.ExitCode);
    }

    /// <summary>The default memory model is TSO for a program that can start threads, relaxed for one that cannot.</summary>
    [Theory]
    [InlineData("pthreads", "tso")]
    [InlineData("hello", "relaxed")]
    public void DefaultMemoryModel_IsTsoOnlyForThreadedPrograms(string program, string expected)
    {
        string input = (program == "pthreads" ? Guests : SingleThreaded)["x64"].Value.Native;
        string dir = RepoPaths.NewTempDir("mm-auto");
        // a dump turns the translation cache off, so the translation (and its log) really happens
        var r = ProcessRunner.Run(Cli.DotnetHost, [Cli.XlateDll, "translate", input, "-o", Path.Combine(dir, "out"), "-O0", "-v",
            "--dump=cfg", "--dump-dir", dir], RepoPaths.BuildDir, environment: null, stdin: null, timeout: TimeSpan.FromMinutes(5));
        RepoPaths.TryDelete(dir);
        Assert.True(r.ExitCode == 0, r.StderrText);
        Assert.Contains($"memory model: {expected} (auto)", r.StdoutText + r.StderrText);
    }

    private static readonly Lazy<string> xzmtDir = new(() =>
    {
        var dir = Path.Combine(RepoPaths.BuildDir, "xzmt");
        ProcessRunner.RunChecked("bash", [Path.Combine(RepoPaths.Root, "bench", "build-workloads.sh"), dir, "xzmt"],
            RepoPaths.BuildDir, TimeSpan.FromMinutes(15));
        return dir;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A real parallel workload: liblzma (Debian's xz-utils source) compressing and decompressing with its
    /// multithreaded coders on 2 threads, as `xz -T2` does; output identical to native.</summary>
    [Theory]
    [InlineData("x64")]
    [InlineData("i386")]
    public void ParallelXz_BehavesLikeNative(string arch)
    {
        string binary = Path.Combine(xzmtDir.Value, $"xzmt.{arch}");
        string[] args = ["1024"];
        var native = TestArtifacts.RunGuest(binary, underQemu: false, args, []);
        Assert.Equal(0, native.ExitCode);
        Assert.Contains("threads 2", native.StdoutText);
        var translated = TestArtifacts.RunGuest(TestArtifacts.Translate(binary, $"xzmt.{arch}"), underQemu: true, args, []);
        OutputAssert.SameBehaviour(native, translated, $"xzmt.{arch}");
    }

    private static readonly Dictionary<string, Lazy<BuiltGuest>> Spawn = GuestPrograms.ForBothGuests("spawn",
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Translator.EndToEnd.Tests", "Threads", "spawn.c")));

    /// <summary>system, posix_spawn and popen: a child made with CLONE_VM | CLONE_VFORK that runs translated code
    /// on its own stack until it execs /bin/sh.</summary>
    [Theory]
    [InlineData("x64")]
    [InlineData("i386")]
    public void VforkStyleSpawn_BehavesLikeNative(string arch)
    {
        var guest = Spawn[arch].Value;
        var native = TestArtifacts.RunGuest(guest.Native, underQemu: false, [], []);
        Assert.Equal("from-system\nsystem -> 0\nposix_spawn 0 exit 5\npopen: piped\n", native.StdoutText);
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, [], []);
        OutputAssert.SameBehaviour(native, translated, $"spawn.{arch}");
    }
}
