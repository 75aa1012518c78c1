using System.Text;
using System.Text.RegularExpressions;

namespace Translator.EndToEnd.Tests;

/// <summary>
/// Path A of the i386 syscalls on a real arm64 kernel: rig/build-kernel.sh builds (or takes from its cache) Debian's
/// linux-source-6.1 with rig/compat-bit31.patch, rig/run.sh boots it under qemu-system-aarch64 with an initramfs
/// holding rig/tests/compat_raw.c (native AArch64, bit-31 syscalls made by hand), the translations of
/// rig/tests/syscalls_i386.c and rig/tests/path_a_only_i386.c, and the i386 translations of the syscall suite of
/// SyscallTests (Syscalls/*.c), each run on path A and on path B; each case's output comes back on the serial
/// console. Every translation is compared with its native i386 run on this host (the oracle). One boot serves every
/// test of the class. The environment is made the same on both sides: each rig case runs in its own empty working
/// directory and session, with the test's environment variables and the capabilities this test process has
/// (RIG_CAPS; e.g. a container without CAP_SYS_RESOURCE cannot raise a hard rlimit) and nice value (RIG_NICE), and the guest clock is the
/// host's; the programs print no host names, ids or paths.
/// </summary>
[Trait("Category", "KernelRig")]
public sealed class KernelRigTests
{
    private static readonly string RigDir = Path.Combine(RepoPaths.Root, "rig");

    private static readonly Lazy<BuiltGuest> suite = new(() =>
        GuestPrograms.ForBothGuests("kernelrig-syscalls", File.ReadAllText(Path.Combine(RigDir, "tests", "syscalls_i386.c")))["i386"].Value,
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<RunResult> native = new(() =>
    {
        var dir = RepoPaths.NewTempDir("kernelrig-native");
        try { return RunNativeInOwnSession(suite.Value.Native, [], dir); }
        finally { RepoPaths.TryDelete(dir); }
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>rig/init.c starts every case in its own session, so the oracle must too: a test process's session
    /// leader may sit outside its pid namespace (CI's harness), where getsid reads 0.</summary>
    private static RunResult RunNativeInOwnSession(string program, IEnumerable<string> args, string dir) =>
        ProcessRunner.Run("setsid", ["--wait", program, .. args], dir, ProcessRunner.GuestEnvironment);

    private static readonly Lazy<BuiltGuest> pathAOnly = new(() =>
        GuestPrograms.ForBothGuests("kernelrig-path-a-only", File.ReadAllText(Path.Combine(RigDir, "tests", "path_a_only_i386.c")))["i386"].Value,
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The programs of SyscallTests, the same i386 builds and translations (their Lazy values are shared, so
    /// whichever class asks first builds them).</summary>
    private static readonly string[] SuitePrograms = SyscallTests.ProgramNames;

    private static readonly Dictionary<string, Lazy<BuiltGuest>> suitePrograms =
        SuitePrograms.ToDictionary(name => name, name => SyscallTests.Programs[name]["i386"]);

    private static readonly Dictionary<string, Lazy<RunResult>> suiteNative = SuitePrograms.ToDictionary(name => name,
        name => new Lazy<RunResult>(() =>
        {
            var guest = suitePrograms[name].Value;
            var dir = RepoPaths.NewTempDir("kernelrig-native");
            // process execs its argument: natively its own x86 build, on the rig its translation
            try { return RunNativeInOwnSession(guest.Native, name == "process" ? [guest.Native] : [], dir); }
            finally { RepoPaths.TryDelete(dir); }
        }, LazyThreadSafetyMode.ExecutionAndPublication));

    private static readonly Lazy<IReadOnlyDictionary<string, RigCase>> rig = new(BootRig, LazyThreadSafetyMode.ExecutionAndPublication);

    private sealed record RigCase(string Stdout, string Stderr, int Status);

    private static IReadOnlyDictionary<string, RigCase> BootRig()
    {
        var stage = Path.Combine(RepoPaths.BuildDir, "kernelrig");
        RepoPaths.TryDelete(stage);
        var files = Directory.CreateDirectory(Path.Combine(stage, "files")).FullName;
        ProcessRunner.RunChecked("aarch64-linux-gnu-gcc",
            ["-static", "-O2", "-o", Path.Combine(files, "compat_raw"), Path.Combine(RigDir, "tests", "compat_raw.c")],
            stage, TimeSpan.FromMinutes(2));
        File.Copy(suite.Value.Translated, Path.Combine(files, "syscalls"));
        File.Copy(pathAOnly.Value.Translated, Path.Combine(files, "path_a_only"));
        // the same rights and variables as the native runs
        var env = string.Join(" ", ProcessRunner.GuestEnvironment.Where(kv => kv.Key != "PATH").Select(kv => $"{kv.Key}={kv.Value}"));
        var common = $"RIG_CAPS={EffectiveCapabilities()} RIG_NICE={NiceValue()} {env}";
        var cases = new StringBuilder(
            $"""
            compat_raw -- /tests/compat_raw
            path_a XLATE_DEBUG_SYSCALL_PATH=1 {common} -- /tests/syscalls
            path_a_strace XLATE_STRACE=1 {common} -- /tests/syscalls
            path_b_on_rig XLATE_SYSCALL_PATH=emulate XLATE_DEBUG_SYSCALL_PATH=1 {common} -- /tests/syscalls
            path_a_only XLATE_DEBUG_SYSCALL_PATH=1 {common} -- /tests/path_a_only

            """);
        foreach (var name in SuitePrograms)
        {
            File.Copy(suitePrograms[name].Value.Translated, Path.Combine(files, name));
            var args = name == "process" ? $" /tests/{name}" : "";
            cases.Append($"{name}_compat XLATE_DEBUG_SYSCALL_PATH=1 {common} -- /tests/{name}{args}\n");
            cases.Append($"{name}_emulate XLATE_SYSCALL_PATH=emulate XLATE_DEBUG_SYSCALL_PATH=1 {common} -- /tests/{name}{args}\n");
        }
        File.WriteAllText(Path.Combine(stage, "cases.txt"), cases.ToString());
        // a cold kernel build takes many minutes on 2 cores; later runs find the Image in the cache
        var r = ProcessRunner.Run("sh", [Path.Combine(RigDir, "run.sh"), stage], stage, timeout: TimeSpan.FromMinutes(90));
        Assert.True(!r.TimedOut && r.ExitCode == 0, $"rig/run.sh failed ({r.ExitCode}, timed out: {r.TimedOut}):\n{Tail(r.StderrText)}\n{Tail(r.StdoutText)}");
        return ParseConsole(r.StdoutText);
    }

    /// <summary>This process's effective capability mask (hex, as in /proc/self/status), for rig/init.c's RIG_CAPS.</summary>
    private static string EffectiveCapabilities()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        Assert.True(line != null, "no CapEff line in /proc/self/status");
        return line!["CapEff:".Length..].Trim();
    }

    /// <summary>This process's nice value (field 19 of /proc/self/stat), inherited by the native runs: a CI that runs the
    /// tests under `nice` changes what getpriority returns there, so the rig cases run at the same value.</summary>
    private static int NiceValue()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3]);
    }

    /// <summary>Cases between "@@RIG BEGIN name" and "@@RIG END name status=N" (see rig/init.c).</summary>
    private static Dictionary<string, RigCase> ParseConsole(string console)
    {
        var cases = new Dictionary<string, RigCase>();
        var lines = console.Replace("\r\n", "\n").Replace("\r", "").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("@@RIG BEGIN ", StringComparison.Ordinal))
                continue;
            var name = lines[i]["@@RIG BEGIN ".Length..].Trim();
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            StringBuilder? current = null;
            for (i++; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line == "@@RIG STDOUT") { current = stdout; continue; }
                if (line == "@@RIG STDERR") { current = stderr; continue; }
                if (line == "@@RIG NOEOL") { if (current is { Length: > 0 }) current.Length--; continue; }
                var end = Regex.Match(line, @"^@@RIG END (\S+) status=(\d+)$");
                if (end.Success)
                {
                    cases[name] = new RigCase(stdout.ToString(), stderr.ToString(), int.Parse(end.Groups[2].Value));
                    break;
                }
                current?.Append(line).Append('\n');
            }
        }
        Assert.True(cases.Count > 0, $"no test case output on the rig console:\n{Tail(console)}");
        return cases;
    }

    private static RigCase Case(string name)
    {
        Assert.True(rig.Value.TryGetValue(name, out var c), $"case {name} missing from the rig console");
        return c!;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];

    [Fact]
    public void KernelChangeGivesCompatSemanticsToBit31Syscalls()
    {
        var c = Case("compat_raw");
        string[] expected =
        [
            "getpid: ok", "result-is-32-bit: ok", "mmap2-below-4g: ok", "native-mmap-above-4g: ok", "compat-timeval: ok",
            "restart-sa-restart: ok", "restart-block: ok", "compat-fork-child-native: ok", "seccomp-audit-arch-arm: ok",
            "failures: 0",
        ];
        Assert.Equal(string.Join("\n", expected) + "\n", c.Stdout);
        Assert.Equal(0, c.Status);
    }

    [Fact]
    public void ProbeChoosesCompatPathOnTheRig()
    {
        var c = Case("path_a");
        var m = Regex.Match(c.Stderr, @"^xlate: i386 syscall path: compat \(probe getpid = (\d+); compat mmap2 -> 0x([0-9a-f]+)\)$",
            RegexOptions.Multiline);
        Assert.True(m.Success, $"no compat-path line on stderr:\n{c.Stderr}");
        Assert.True(long.Parse(m.Groups[1].Value) > 1);
        var mapped = Convert.ToUInt64(m.Groups[2].Value, 16);
        Assert.True(mapped is > 0 and < 1UL << 32 and < 0xfffff000UL, $"compat mmap2 returned 0x{mapped:x}");
    }

    [Fact]
    public void CompatPathOutputEqualsNative()
    {
        var c = Case("path_a");
        Assert.Equal(native.Value.StdoutText, c.Stdout);
        Assert.Equal(native.Value.ExitCode, c.Status);
        Assert.Contains("mmap-below-4g                ok", c.Stdout);
        Assert.Contains("failures 0", c.Stdout);
    }

    [Fact]
    public void CompatPathIssuesSyscallsThroughTheKernelCompatTable()
    {
        var c = Case("path_a_strace");
        Assert.Equal(native.Value.StdoutText, c.Stdout);
        // calls made on path A, and calls the runtime keeps on path B (its own memory map)
        Assert.Matches(@"xlate-strace: \[i386 compat\] fstat64\(", c.Stderr);
        Assert.Matches(@"xlate-strace: \[i386 compat\] fstatat64\(", c.Stderr);
        Assert.Matches(@"xlate-strace: \[i386 compat\] fcntl64\(", c.Stderr);
        Assert.Matches(@"xlate-strace: \[i386 compat\] epoll_wait\(", c.Stderr);
        Assert.Matches(@"xlate-strace: \[i386 compat\] pread64\(", c.Stderr);
        Assert.Matches(@"xlate-strace: \[i386 compat\] sendmsg\(", c.Stderr);
        Assert.Matches(@"xlate-strace: \[i386\] mmap2\(", c.Stderr);
    }

    [Fact]
    public void EmulationPathOnTheRigEqualsNative()
    {
        var c = Case("path_b_on_rig");
        Assert.Contains("xlate: i386 syscall path: emulate (XLATE_SYSCALL_PATH=emulate)", c.Stderr);
        Assert.Equal(native.Value.StdoutText, c.Stdout);
        Assert.Equal(native.Value.ExitCode, c.Status);
    }

    public static TheoryData<string, string> SuiteCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var program in SuitePrograms)
            foreach (var path in new[] { "compat", "emulate" })
                data.Add(program, path);
        return data;
    }

    /// <summary>The syscall suite of SyscallTests on the rig, on path A (the probe's choice) and on path B
    /// (XLATE_SYSCALL_PATH=emulate): stdout, stderr and exit status equal to the native i386 run, after the one
    /// line that names the path.</summary>
    [Theory]
    [MemberData(nameof(SuiteCases))]
    public void SyscallSuiteOnTheRigEqualsNative(string program, string path)
    {
        var native = suiteNative[program].Value;
        Assert.Equal(0, native.ExitCode);
        var c = Case($"{program}_{path}");
        var lines = c.Stderr.Split('\n', 2);
        var expectedPathLine = path == "compat"
            ? @"^xlate: i386 syscall path: compat \(probe getpid = \d+; compat mmap2 -> 0x[0-9a-f]+\)$"
            : @"^xlate: i386 syscall path: emulate \(XLATE_SYSCALL_PATH=emulate\)$";
        Assert.Matches(expectedPathLine, lines[0]);
        var translated = new RunResult(Encoding.UTF8.GetBytes(c.Stdout), Encoding.UTF8.GetBytes(lines.Length > 1 ? lines[1] : ""),
            c.Status, TimedOut: false, TimeSpan.Zero);
        OutputAssert.SameBehaviour(native, translated, $"{program} on the rig, path {(path == "compat" ? "A" : "B")}");
    }

    /// <summary>Checks whose expected values come from the man pages (pipe2 O_DIRECT, the direct SysV message-queue
    /// syscalls), run on path A only: path B lacks the direct IPC syscalls and the host kernel's own answer differs.</summary>
    [Fact]
    public void PathAOnlyChecksPass()
    {
        var c = Case("path_a_only");
        Assert.StartsWith("xlate: i386 syscall path: compat", c.Stderr);
        Assert.Equal(
            """
            pipe2-o-direct               ok
            sys-msgsnd                   ok
            sys-msgctl-stat              ok
            sys-msgrcv                   ok
            sys-msgctl-rmid              ok
            failures 0

            """, c.Stdout);
        Assert.Equal(0, c.Status);
    }

    [Fact]
    public void QemuUserTakesEmulationPathAndEqualsNative()
    {
        var dir = RepoPaths.NewTempDir("kernelrig-qemu");
        try
        {
            var env = new Dictionary<string, string>(ProcessRunner.GuestEnvironment) { ["XLATE_DEBUG_SYSCALL_PATH"] = "1" };
            var r = ProcessRunner.Run("qemu-aarch64", [suite.Value.Translated], dir, env);
            Assert.Contains("xlate: i386 syscall path: emulate (probe: no bit-31 compat syscalls)", r.StderrText);
            Assert.Equal(native.Value.StdoutText, r.StdoutText);
            Assert.Equal(native.Value.ExitCode, r.ExitCode);

            env["XLATE_SYSCALL_PATH"] = "compat";
            var forced = ProcessRunner.Run("qemu-aarch64", [suite.Value.Translated], dir, env);
            Assert.Equal(127, forced.ExitCode);
            Assert.Equal("", forced.StdoutText);
            Assert.Matches(@"^xlate: XLATE_SYSCALL_PATH=compat: this kernel has no bit-31 compat syscalls \(getpid with x8 bit 31 set returned -38\)\n$",
                forced.StderrText);
        }
        finally { RepoPaths.TryDelete(dir); }
    }
}
