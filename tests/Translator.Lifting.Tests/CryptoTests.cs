using System.Diagnostics;
using Translator.Pipeline;

namespace Translator.Lifting.Tests;

/// <summary>AES-NI, PCLMULQDQ and SHA (Semantics/Crypto.cs, runtime/src/crypto.c): Sse/crypto.c runs every
/// instruction over edge and pseudo-random vectors, register and memory sources, every pclmulqdq selector, and
/// checks known answers from the specifications (FIPS-197 AES-128, SHA-1/SHA-256 of "abc", carry-less products).
/// It is compiled with gcc for x86-64 (the guest that advertises these extensions; docs/cpuid.md), run natively
/// and translated under qemu-aarch64: stdout and exit status must match, and the native run must pass the known
/// answers.</summary>
public class CryptoTests
{
    [Theory]
    [InlineData("-O2")]
    [InlineData("-O0")]
    public void CryptoProgramMatchesNativeAndKnownAnswers(string gccOpt)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xlate-crypto-tests", "crypto" + gccOpt + "-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(dir);
        string exe = Path.Combine(dir, "crypto");
        var gcc = Run("gcc", ["-static", "-nostdlib", gccOpt, "-maes", "-mpclmul", "-msha", "-o", exe,
            Path.Combine(SourceDir, "crypto.c")]);
        Assert.True(gcc.ExitCode == 0, "gcc failed:\n" + gcc.Stderr);

        var native = Run(exe, []);
        Assert.True(native.ExitCode == 0, "the native run fails a known answer:\n" +
            string.Join("\n", native.Stdout.Split('\n').Where(l => l.StartsWith("FAIL", StringComparison.Ordinal))));
        Assert.Equal(7, native.Stdout.Split('\n').Count(l => l.StartsWith("ok   ", StringComparison.Ordinal)));

        string translated = exe + ".arm";
        Translation.TranslateFile(exe, translated, new TranslateOptions { OptLevel = 2 });
        var emulated = Run("qemu-aarch64", [translated]);
        if (emulated.Stdout != native.Stdout)
        {
            var a = native.Stdout.Split('\n');
            var b = emulated.Stdout.Split('\n');
            int i = 0;
            while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
            Assert.Fail($"crypto.c {gccOpt}: translated output differs at line {i + 1}\n native: {(i < a.Length ? a[i] : "<eof>")}\n" +
                        $" xlate:  {(i < b.Length ? b[i] : "<eof>")}\nstderr: {emulated.Stderr}");
        }
        Assert.Equal(native.ExitCode, emulated.ExitCode);
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private static string SourceDir { get; } = FindSourceDir();

    private static string FindSourceDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "Translator.Lifting.Tests", "Sse");
            if (File.Exists(Path.Combine(candidate, "crypto.c"))) return candidate;
        }
        throw new InvalidOperationException("tests/Translator.Lifting.Tests/Sse/crypto.c not found above " + AppContext.BaseDirectory);
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static Result Run(string file, string[] args)
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
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            throw new Xunit.Sdk.XunitException($"{file} timed out after 3 minutes");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
