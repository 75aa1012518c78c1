using System.Text.RegularExpressions;

namespace Translator.EndToEnd.Tests;

/// <summary>
/// Whole real programs from Debian source packages, built statically for both guests by bench/build-workloads.sh
/// (the benchmark drivers, run here with small inputs): zlib deflate/inflate round trips and SQLite's speedtest1
/// with its result hash. Translated output must equal the native run (speedtest1's timing column removed).
/// </summary>
public class RealProgramTests
{
    private static readonly Lazy<string> workloads = new(() =>
    {
        var dir = Path.Combine(RepoPaths.BuildDir, "real-programs");
        ProcessRunner.RunChecked("bash", [Path.Combine(RepoPaths.Root, "bench", "build-workloads.sh"), dir, "zlib", "sqlite"],
            RepoPaths.BuildDir, TimeSpan.FromMinutes(20));
        return dir;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static TheoryData<string, string, string[]> Programs() => new()
    {
        { "zlib", "x64", ["1024"] },
        { "zlib", "i386", ["1024"] },
        { "sqlite", "x64", ["--memdb", "--verify", "--size", "2"] },
        { "sqlite", "i386", ["--memdb", "--verify", "--size", "2"] },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void RealProgram_BehavesLikeNative(string program, string arch, string[] args)
    {
        string binary = Path.Combine(workloads.Value, $"{program}.{arch}");
        var native = Normalised(TestArtifacts.RunGuest(binary, underQemu: false, args, []));
        Assert.Equal(0, native.ExitCode);
        var translated = Normalised(TestArtifacts.RunGuest(TestArtifacts.Translate(binary, $"real-{program}.{arch}"),
            underQemu: true, args, [], TimeSpan.FromMinutes(2)));
        OutputAssert.SameBehaviour(native, translated, $"{program}.{arch}");
    }

    /// <summary>speedtest1 prints each test's time ("....    0.012s"): not part of the behaviour compared.</summary>
    private static RunResult Normalised(RunResult r) => r with
    {
        Stdout = System.Text.Encoding.UTF8.GetBytes(Regex.Replace(r.StdoutText, @"[ \t]+\d+\.\d{3}s$", "", RegexOptions.Multiline)),
    };
}
