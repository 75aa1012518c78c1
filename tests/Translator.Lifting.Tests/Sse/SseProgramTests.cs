using System.Diagnostics;
using Translator.Pipeline;

namespace Translator.Lifting.Tests.Sse;

/// <summary>SSE semantics checked end to end: C programs in this folder (SSE intrinsics over edge values, glibc's
/// SSE2 string routines, float formatting) are compiled with gcc at test time, run natively and translated
/// (under qemu-aarch64); their stdout and exit status must match exactly.</summary>
public class SseProgramTests
{
    /// <summary>Freestanding programs (mini.h, -nostdlib): translate in about a second.</summary>
    [Theory]
    [InlineData("sse2_int", "-msse2", "-O2")]
    [InlineData("sse2_float", "-msse2", "-O2")]
    [InlineData("sse41", "-msse4.1", "-O2")]
    [InlineData("sse2_int", "-msse2", "-O0")]
    [InlineData("sse2_float", "-msse2", "-O0")]
    [InlineData("sse41", "-msse4.1", "-O0")]
    public void FreestandingProgramMatchesNative(string name, string isa, string opt) =>
        CompareWithNative(name, ["-static", "-nostdlib", opt, isa]);

    /// <summary>Static glibc program: memcpy/memmove/memset/memcmp/str* (SSE2 variants) and printf of floats.</summary>
    [Fact]
    public void GlibcStringsAndFloatFormattingMatchNative() =>
        CompareWithNative("glibc_strings", ["-static", "-O2", "-msse2"], optLevel: 0, "-lm");

    private static void CompareWithNative(string name, string[] flags, params string[] libs) =>
        CompareWithNative(name, flags, optLevel: 2, libs);

    /// <summary>Static glibc binaries are translated at -O0 (about 10x cheaper than -O2): this checks the
    /// semantics of glibc's SSE2 routines; the small programs above check the optimised lowering.</summary>
    private static void CompareWithNative(string name, string[] flags, int optLevel, params string[] libs)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xlate-sse-tests", name + "-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(dir);
        string exe = Path.Combine(dir, name);
        string source = Path.Combine(SourceDir, name + ".c");
        Run("gcc", [.. flags, "-o", exe, source, .. libs], TimeSpan.FromMinutes(2)).AssertExit(0, "gcc");

        var native = Run(exe, [], TimeSpan.FromMinutes(1));
        string translated = exe + ".arm";
        Translation.TranslateFile(exe, translated, new TranslateOptions { OptLevel = optLevel });
        var emulated = Run("qemu-aarch64", [translated], TimeSpan.FromMinutes(5));

        Assert.False(emulated.TimedOut, "translated program timed out");
        Assert.Equal(native.ExitCode, emulated.ExitCode);
        if (native.Stdout != emulated.Stdout)
        {
            var a = native.Stdout.Split('\n');
            var b = emulated.Stdout.Split('\n');
            int i = 0;
            while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
            Assert.Fail($"{name}: output differs at line {i + 1}\n native: {(i < a.Length ? a[i] : "<eof>")}\n" +
                        $" xlate:  {(i < b.Length ? b[i] : "<eof>")}\nstderr: {emulated.Stderr}");
        }
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private static string SourceDir { get; } = FindSourceDir();

    private static string FindSourceDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "Translator.Lifting.Tests", "Sse");
            if (File.Exists(Path.Combine(candidate, "mini.h"))) return candidate;
        }
        throw new InvalidOperationException("tests/Translator.Lifting.Tests/Sse not found above " + AppContext.BaseDirectory);
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr, bool TimedOut)
    {
        public void AssertExit(int expected, string what) =>
            Assert.True(ExitCode == expected, $"{what} exited {ExitCode}\n{Stderr}{Stdout}");
    }

    private static Result Run(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        bool exited = p.WaitForExit(timeout);
        if (!exited)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
        }
        return new Result(exited ? p.ExitCode : -1, stdout.Result, stderr.Result, !exited);
    }
}
