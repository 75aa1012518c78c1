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
    // the same programs with -mavx2: gcc emits the VEX.128 forms (three operands, upper half zeroed)
    [InlineData("sse2_int", "-mavx2", "-O2")]
    [InlineData("sse2_float", "-mavx2", "-O2")]
    [InlineData("sse41", "-mavx2", "-O2")]
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
        string dir = SseProgram.NewWorkDir(name);
        string exe = Path.Combine(dir, name);
        SseProgram.Compile("gcc", name + ".c", exe, flags, libs);
        var native = SseProgram.Run(exe, [], TimeSpan.FromMinutes(1));
        var translated = SseProgram.RunTranslated(exe, optLevel, TimeSpan.FromMinutes(5));
        SseProgram.AssertSameOutput(native, translated, name);
        SseProgram.DeleteWorkDir(dir);
    }
}
