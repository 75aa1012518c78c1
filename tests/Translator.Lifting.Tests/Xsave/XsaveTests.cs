using Translator.Lifting.Tests.Sse;

namespace Translator.Lifting.Tests.Xsave;

/// <summary>The XSAVE feature set end to end: xsave.c (xgetbv; xsave/xsaveopt/xsavec and their REX.W forms with
/// every feature mask from five starting states into marker-filled areas; xrstor of standard and compacted areas
/// with every XSTATE_BV/XCOMP_BV and mask, the registers and XINUSE printed afterwards; the #GP cases in forked
/// children) is built for x86-64 and i386, run natively and translated; stdout and exit status must match.</summary>
public class XsaveTests
{
    private static string SourceFile => Path.Combine(Path.GetDirectoryName(SseProgram.SourceDir)!, "Xsave", "xsave.c");

    [Theory]
    [InlineData("gcc", "x64")]
    [InlineData("i686-linux-gnu-gcc", "i386")]
    public void XsaveProgramMatchesNative(string compiler, string arch)
    {
        string name = "xsave-" + arch;
        string dir = SseProgram.NewWorkDir(name);
        string exe = Path.Combine(dir, name);
        // -mgeneral-regs-only: compiled code never touches x87/SSE/AVX registers between the asm blocks.
        SseProgram.Compile(compiler, SourceFile, exe, ["-static", "-nostdlib", "-fno-pie", "-no-pie", "-O2", "-mgeneral-regs-only"]);
        var native = SseProgram.Run(exe, [], TimeSpan.FromMinutes(1));
        native.AssertExit(0, "native " + name);
        Assert.Contains("xcr0 & 7: 7", native.Stdout);
        Assert.Contains("fault xrstor misaligned: signal 0b", native.Stdout);
        var translated = SseProgram.RunTranslated(exe, optLevel: 2, TimeSpan.FromMinutes(5));
        SseProgram.AssertSameOutput(native, translated, name);
        SseProgram.DeleteWorkDir(dir);
    }
}
