using System.Diagnostics;
using Translator.Pipeline;

namespace Translator.Lifting.Tests.Sse;

/// <summary>What the C-program tests of this folder share: compile with gcc, run natively, translate, run under
/// qemu-aarch64, and compare the two runs line by line.</summary>
internal static class SseProgram
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, bool TimedOut)
    {
        public void AssertExit(int expected, string what) =>
            Assert.True(ExitCode == expected, $"{what} exited {ExitCode}\n{Stderr}{Stdout}");
    }

    /// <summary>tests/Translator.Lifting.Tests/Sse, found above the test binaries.</summary>
    public static string SourceDir { get; } = FindSourceDir();

    private static string FindSourceDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "Translator.Lifting.Tests", "Sse");
            if (File.Exists(Path.Combine(candidate, "mini.h"))) return candidate;
        }
        throw new InvalidOperationException("tests/Translator.Lifting.Tests/Sse not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A new scratch directory for one test's files.</summary>
    public static string NewWorkDir(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xlate-sse-tests", name + "-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void DeleteWorkDir(string dir)
    {
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    /// <summary>Compiles <paramref name="source"/> (a file of this folder) into <paramref name="exe"/>.</summary>
    public static void Compile(string compiler, string source, string exe, IEnumerable<string> flags, params string[] libs) =>
        Run(compiler, [.. flags, "-o", exe, Path.Combine(SourceDir, source), .. libs], TimeSpan.FromMinutes(2))
            .AssertExit(0, compiler);

    /// <summary>Translates <paramref name="exe"/> at <paramref name="optLevel"/> and runs it under qemu-aarch64.</summary>
    public static Result RunTranslated(string exe, int optLevel, TimeSpan timeout)
    {
        string translated = exe + ".arm";
        Translation.TranslateFile(exe, translated, new TranslateOptions { OptLevel = optLevel });
        return Run("qemu-aarch64", [translated], timeout);
    }

    /// <summary>Same exit status and stdout; a difference is reported at its first line.</summary>
    public static void AssertSameOutput(Result native, Result translated, string name)
    {
        Assert.False(translated.TimedOut, $"{name}: translated program timed out");
        Assert.Equal(native.ExitCode, translated.ExitCode);
        if (native.Stdout == translated.Stdout) return;
        var a = native.Stdout.Split('\n');
        var b = translated.Stdout.Split('\n');
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        Assert.Fail($"{name}: output differs at line {i + 1}\n native: {a.ElementAtOrDefault(i) ?? "<eof>"}\n" +
                    $" xlate:  {b.ElementAtOrDefault(i) ?? "<eof>"}\nstderr: {translated.Stderr}");
    }

    public static Result Run(string file, string[] args, TimeSpan timeout)
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
