using System.Runtime.InteropServices;
using Translator.Lifting.Tests.Sse;
using Xunit;
using Xunit.Abstractions;

namespace Translator.Lifting.Tests.X87;

/// <summary>x87_transcendental.c (fsin, fcos, fsincos, fptan, fpatan, fyl2x, fyl2xp1, f2xm1 over a few hundred 80-bit
/// operands each) is run natively and translated, for i386 and x86-64. Special operands (±0, ±∞, NaN, denormal,
/// |x| ≥ 2^63, unsupported encodings: lines marked S) must give the native results and status word exactly. The
/// hardware is not correctly rounded, so for finite operands (R) at least 75% per instruction (other CPU models round differently) must be bit-exact and
/// every other result within one ulp with the same status word except C1 (measured on an AMD EPYC: 90-99% per
/// instruction, see runtime/src/x87_transcendental.c). Lines marked U (outside the documented domain) are not compared.</summary>
public class X87TranscendentalTests(ITestOutputHelper output)
{
    private static string SourceFile
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(d.FullName, "Translator.sln"))) d = d.Parent!;
            return Path.Combine(d.FullName, "tests", "Translator.Lifting.Tests", "X87", "x87_transcendental.c");
        }
    }

    [Theory]
    [InlineData("gcc")]
    [InlineData("i686-linux-gnu-gcc")]
    public void MatchesNativeX87(string compiler)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return;   // the native run is the oracle
        string dir = SseProgram.NewWorkDir("x87_transcendental");
        string exe = Path.Combine(dir, "x87_transcendental");
        SseProgram.Compile(compiler, SourceFile, exe, ["-static", "-nostdlib", "-O2", "-fno-pic", "-fno-stack-protector"]);
        var native = SseProgram.Run(exe, [], TimeSpan.FromMinutes(1));
        native.AssertExit(0, "native run");
        var translated = SseProgram.RunTranslated(exe, optLevel: 2, TimeSpan.FromMinutes(5));
        translated.AssertExit(0, "translated run");
        Compare(native.Stdout, translated.Stdout);
        SseProgram.DeleteWorkDir(dir);
    }

    private void Compare(string nativeOut, string translatedOut)
    {
        var expected = nativeOut.TrimEnd('\n').Split('\n');
        var actual = translatedOut.TrimEnd('\n').Split('\n');
        Assert.Equal(expected.Length, actual.Length);
        var total = new SortedDictionary<string, int>();
        var exact = new SortedDictionary<string, int>();
        var failures = new List<string>();
        for (int i = 0; i < expected.Length; i++)
        {
            string[] e = expected[i].Split(' '), a = actual[i].Split(' ');
            int colon = Array.IndexOf(e, ":");
            Assert.True(colon > 0 && e[..colon].SequenceEqual(a[..Math.Min(colon, a.Length)]),
                $"line {i + 1}: operands differ\n native: {expected[i]}\n xlate:  {actual[i]}");
            if (e[1] == "U") continue;
            string key = e[0] + " " + e[1];
            total[key] = total.GetValueOrDefault(key) + 1;
            if (expected[i] == actual[i]) { exact[key] = exact.GetValueOrDefault(key) + 1; continue; }
            if (e[1] == "S" || !WithinOneUlp(e, a, colon))
                failures.Add($" native: {expected[i]}\n xlate:  {actual[i]}");
        }
        foreach (var (key, n) in total) output.WriteLine($"{key}: {exact.GetValueOrDefault(key)}/{n} bit-exact");
        Assert.True(failures.Count == 0, $"{failures.Count} results differ beyond the allowed rounding:\n" +
                                         string.Join("\n", failures.Take(10)));
        foreach (var (key, n) in total)
            Assert.True(exact.GetValueOrDefault(key) >= n * 0.75, $"{key}: only {exact.GetValueOrDefault(key)}/{n} bit-exact");
    }

    /// <summary>Same sign and exponent, significands at most one apart, same status word apart from C1.</summary>
    private static bool WithinOneUlp(string[] e, string[] a, int colon)
    {
        if (e.Length != a.Length) return false;
        for (int k = colon + 1; k < e.Length - 1; k++)
        {
            string[] x = e[k].Split(':'), y = a[k].Split(':');
            if (x[0] != y[0]) return false;
            ulong mx = Convert.ToUInt64(x[1], 16), my = Convert.ToUInt64(y[1], 16);
            if ((mx > my ? mx - my : my - mx) > 1) return false;
        }
        int swE = Convert.ToInt32(e[^1], 16), swA = Convert.ToInt32(a[^1], 16);
        return (swE & ~0x200) == (swA & ~0x200);
    }
}
