namespace Translator.EndToEnd.Tests;

/// <summary>
/// Signal behaviour suite (issue 6): the C programs in SignalSuite/ run natively and translated under qemu-aarch64,
/// once per mode, for both guests. The native run must print what SignalSuite/expected.txt says (written from a
/// native run and checked against the kernel's documented behaviour), and the translated run must behave exactly
/// like the native one (stdout, stderr, exit status).
/// </summary>
public class SignalSuiteTests
{
    /// <summary>Program name, its modes, and the options it is translated with.</summary>
    private static readonly (string Program, string[] Modes, string[] Options)[] Suite =
    [
        ("waiting", ["timedwait", "signalfd"], []),
        // the itimer mode interrupts a loop that makes no syscall: signals must be taken at backward branches
        ("timers", ["posix", "itimer", "sleep"], ["--signal-checks=loops"]),
        ("handlers", ["nodefer", "resethand", "masks", "suspend", "order", "flood"], []),
        ("faults", ["fpe", "ill", "trap", "overflow"], []),
        ("interrupted", ["pipe", "futex"], []),
        ("processes", ["group", "children"], []),
    ];

    private static string SuiteDir => Path.Combine(RepoPaths.Root, "tests", "Translator.EndToEnd.Tests", "SignalSuite");

    private static readonly Dictionary<string, Dictionary<string, Lazy<BuiltGuest>>> Programs =
        Suite.ToDictionary(p => p.Program, p => GuestPrograms.ForBothGuests($"signalsuite-{p.Program}",
            File.ReadAllText(Path.Combine(SuiteDir, $"{p.Program}.c")), p.Options));

    private static readonly Lazy<Dictionary<string, string>> Expected = new(() => ParseExpected(File.ReadAllText(Path.Combine(SuiteDir, "expected.txt"))));

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (program, modes, _) in Suite)
            foreach (var mode in modes)
                foreach (var arch in new[] { "x64", "i386" })
                    data.Add(program, mode, arch);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TranslatedSignalBehaviour_MatchesNative(string program, string mode, string arch)
    {
        var guest = Programs[program][arch].Value;
        var native = TestArtifacts.RunGuest(guest.Native, underQemu: false, [mode], []);
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, [mode], []);
        string label = $"{program} {mode} {arch}";
        Assert.False(native.TimedOut, $"{label}: the native run timed out");
        Assert.Equal(0, native.ExitCode);
        Assert.Equal(ExpectedOutput(program, mode, arch), native.StdoutText);
        OutputAssert.SameBehaviour(native, translated, label);
    }

    /// <summary>"### program mode" or "### program mode arch" (when the guests differ) starts each case.</summary>
    private static Dictionary<string, string> ParseExpected(string text)
    {
        var cases = new Dictionary<string, string>();
        string? key = null;
        var body = new System.Text.StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("###", StringComparison.Ordinal))
            {
                if (key != null) cases[key] = body.ToString();
                key = line[3..].Trim();
                body.Clear();
            }
            else if (key != null && !line.StartsWith("//", StringComparison.Ordinal) && line.Length > 0)
                body.Append(line).Append('\n');
        }
        if (key != null) cases[key] = body.ToString();
        return cases;
    }

    private static string ExpectedOutput(string program, string mode, string arch)
    {
        if (Expected.Value.TryGetValue($"{program} {mode} {arch}", out var perArch)) return perArch;
        Assert.True(Expected.Value.TryGetValue($"{program} {mode}", out var shared), $"expected.txt has no case '{program} {mode}'");
        return shared!;
    }
}
