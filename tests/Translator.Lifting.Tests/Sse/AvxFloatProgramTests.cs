namespace Translator.Lifting.Tests.Sse;

/// <summary>AVX floating point, FMA3 and F16C end to end: avx_float.c (256-bit arithmetic, all 32 compare predicates,
/// rounding, width-changing conversions, every FMA3 form, half conversions in every rounding mode, MXCSR flags after
/// each group) is compiled with gcc, run natively and translated; stdout and exit status must match.</summary>
public class AvxFloatProgramTests
{
    [Theory]
    [InlineData("-O2")]
    [InlineData("-O0")]   // intrinsics through memory: the m256/m128/m64 operand forms
    public void AvxFloatProgramMatchesNative(string opt)
    {
        const string name = "avx_float";
        string dir = SseProgram.NewWorkDir(name);
        string exe = Path.Combine(dir, name);
        SseProgram.Compile("gcc", name + ".c", exe, ["-static", "-nostdlib", opt, "-mavx2", "-mfma", "-mf16c"]);
        var native = SseProgram.Run(exe, [], TimeSpan.FromMinutes(1));
        native.AssertExit(0, "native " + name);
        var translated = SseProgram.RunTranslated(exe, optLevel: 2, TimeSpan.FromMinutes(5));
        SseProgram.AssertSameOutput(native, translated, name);
        SseProgram.DeleteWorkDir(dir);
    }
}
