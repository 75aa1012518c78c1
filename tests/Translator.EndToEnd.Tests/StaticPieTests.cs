namespace Translator.EndToEnd.Tests;

/// <summary>Static-pie executables (linked at 0, self-relocating) are translated at a fixed load base and must
/// behave like the native run.</summary>
public class StaticPieTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "hello", "x64" }, { "hello", "i386" }, { "qsort_fptr", "x64" }, { "qsort_fptr", "i386" },
    };

    private static string Build(string program, string arch)
    {
        var dir = Path.Combine(RepoPaths.BuildDir, "static-pie");
        Directory.CreateDirectory(dir);
        var output = Path.Combine(dir, $"{program}.{arch}");
        var source = Path.Combine(RepoPaths.Corpus, program, "main.c");
        string gcc = arch == "x64" ? "gcc" : "i686-linux-gnu-gcc";
        ProcessRunner.RunChecked(gcc, ["-static-pie", "-O2", "-o", output, source], dir, TimeSpan.FromMinutes(2));
        return output;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StaticPie(string program, string arch)
    {
        var x86 = Build(program, arch);
        var args = TestArtifacts.ProgramArgs(program);
        var stdin = TestArtifacts.ProgramStdin(program);

        var native = TestArtifacts.RunGuest(x86, underQemu: false, args, stdin);
        Assert.False(native.TimedOut, $"native static-pie {program}.{arch} timed out");

        var aarch64 = TestArtifacts.Translate(x86, $"{program}.{arch}.static-pie", optLevel: 0);
        var translated = TestArtifacts.RunGuest(aarch64, underQemu: true, args, stdin);
        OutputAssert.SameBehaviour(native, translated, $"static-pie {program}.{arch}");
    }
}
