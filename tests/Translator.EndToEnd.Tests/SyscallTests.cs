using System.Text.RegularExpressions;

namespace Translator.EndToEnd.Tests;

/// <summary>
/// Syscall coverage (issue 5) for x86-64 guests and i386 path B: the C programs in Syscalls/ (files and
/// directories, file I/O, time and memory, pipes/poll/epoll/eventfd/timerfd/ioctl, sockets, processes) run natively
/// and translated under qemu-aarch64; stdout, stderr (so nothing is named unsupported) and exit status must be
/// identical. The programs print only values that are the same on every run.
/// </summary>
public class SyscallTests
{
    internal static readonly string[] ProgramNames = ["fs", "fileio", "timemem", "events", "sockets", "process"];

    /// <summary>Each program built and translated once per guest; KernelRigTests runs the same i386 translations.</summary>
    internal static readonly Dictionary<string, Dictionary<string, Lazy<BuiltGuest>>> Programs =
        ProgramNames.ToDictionary(name => name, name => GuestPrograms.ForBothGuests($"syscalls-{name}",
            File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Translator.EndToEnd.Tests", "Syscalls", $"{name}.c"))));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var program in ProgramNames)
            foreach (var arch in new[] { "x64", "i386" })
                data.Add(program, arch);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TranslatedSyscalls_MatchNative(string program, string arch)
    {
        var guest = Programs[program][arch].Value;
        var (nativeArgs, translatedArgs) = program == "process" ? ExecPeers(guest) : (Array.Empty<string>(), Array.Empty<string>());
        var native = TestArtifacts.RunGuest(guest.Native, underQemu: false, nativeArgs, []);
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, translatedArgs, []);
        Assert.Equal(0, native.ExitCode);
        Assert.Contains(program == "process" ? "exec'd child exited 1 code 7\n" : "\n-- ", native.StdoutText);
        // stdout, stderr (empty: nothing named unsupported) and exit status
        OutputAssert.SameBehaviour(native, translated, $"{program} {arch}");
    }

    /// <summary>The process program execs its first argument: natively its own x86 build; translated a script
    /// that runs the translation under qemu-aarch64 (what binfmt_misc does on an x86 host; on arm64 the
    /// translated program itself would be named).</summary>
    private static (string[] Native, string[] Translated) ExecPeers(BuiltGuest guest)
    {
        var script = guest.Translated + ".exec.sh";
        File.WriteAllText(script, $"#!/bin/sh\nexec '{TestArtifacts.QemuAarch64}' '{guest.Translated}' \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                     | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return ([guest.Native], [script]);
    }

    public static TheoryData<string> Arches() => new() { "x64", "i386" };

    /// <summary>XLATE_STRACE=1 prints each syscall with decoded arguments: the fs program's open of a missing file
    /// shows as an openat with the path as a string and ENOENT by name.</summary>
    [Theory]
    [MemberData(nameof(Arches))]
    public void Strace_ShowsPathAndErrnoName(string arch)
    {
        var guest = Programs["fs"][arch].Value;
        var env = new Dictionary<string, string>(ProcessRunner.GuestEnvironment) { ["XLATE_STRACE"] = "1" };
        var cwd = RepoPaths.NewTempDir("strace");
        try
        {
            var r = ProcessRunner.Run(TestArtifacts.QemuAarch64, [guest.Translated], cwd, env, []);
            Assert.False(r.TimedOut, "translated run timed out");
            string abi = arch == "x64" ? "x86-64" : "i386";
            var lines = r.StderrText.Split('\n');
            Assert.Contains(lines, l => Regex.IsMatch(l,
                $@"^xlate-strace: \[{Regex.Escape(abi)}\] openat\(AT_FDCWD, ""no/such/file"", 0x[0-9a-f]+, 0\) = -1 ENOENT \(2\)$"));
            Assert.Contains(lines, l => Regex.IsMatch(l, $@"^xlate-strace: \[{Regex.Escape(abi)}\] mkdir\(""d"", 0755\) = -1 EEXIST \(17\)$"));
            Assert.Contains(lines, l => l == $"xlate-strace: [{abi}] exit_group(0) ...");
        }
        finally
        {
            RepoPaths.TryDelete(cwd);
        }
    }
}
