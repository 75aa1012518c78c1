using Translator.Lifting.Tests.Sse;

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
        string dir = SseProgram.NewWorkDir("crypto" + gccOpt);
        string exe = Path.Combine(dir, "crypto");
        SseProgram.Compile("gcc", "crypto.c", exe, ["-static", "-nostdlib", gccOpt, "-maes", "-mpclmul", "-msha"]);

        var native = SseProgram.Run(exe, [], TimeSpan.FromMinutes(1));
        Assert.True(native.ExitCode == 0, "the native run fails a known answer:\n" +
            string.Join("\n", native.Stdout.Split('\n').Where(l => l.StartsWith("FAIL", StringComparison.Ordinal))));
        Assert.Equal(7, native.Stdout.Split('\n').Count(l => l.StartsWith("ok   ", StringComparison.Ordinal)));

        var translated = SseProgram.RunTranslated(exe, optLevel: 2, TimeSpan.FromMinutes(3));
        SseProgram.AssertSameOutput(native, translated, $"crypto.c {gccOpt}");
        SseProgram.DeleteWorkDir(dir);
    }
}
