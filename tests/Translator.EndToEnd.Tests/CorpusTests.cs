namespace Translator.EndToEnd.Tests;

/// <summary>Every corpus program in every variant: the translated binary under qemu must behave exactly like the
/// native one. One class per variant, so xunit runs the variants in parallel.</summary>
public abstract class CorpusTests
{
    protected abstract string Variant { get; }

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var program in TestArtifacts.ProgramNames()) data.Add(program);
        return data;
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var program in TestArtifacts.ProgramNames())
            foreach (var variant in TestArtifacts.Variants)
                data.Add(program, variant);
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Corpus(string program) => Check(program, Variant, optLevel: null);

    internal static void Check(string program, string variant, int? optLevel)
    {
        var x86 = TestArtifacts.CorpusBinary(program, variant);
        var args = TestArtifacts.ProgramArgs(program);
        var stdin = TestArtifacts.ProgramStdin(program);

        var native = TestArtifacts.RunGuest(x86, underQemu: false, args, stdin);
        Assert.False(native.TimedOut, $"native {program}.{variant} timed out");

        var aarch64 = TestArtifacts.Translate(x86, $"{program}.{variant}" + (optLevel is { } o ? $".xO{o}" : ""), optLevel);
        var translated = TestArtifacts.RunGuest(aarch64, underQemu: true, args, stdin);

        OutputAssert.SameBehaviour(native, translated, $"{program}.{variant}");
    }
}

public class CorpusI386O0 : CorpusTests { protected override string Variant => "i386.O0"; }
public class CorpusI386O2 : CorpusTests { protected override string Variant => "i386.O2"; }
public class CorpusX64O0 : CorpusTests { protected override string Variant => "x64.O0"; }
public class CorpusX64O2 : CorpusTests { protected override string Variant => "x64.O2"; }
/// <summary>gcc -O3 -mavx2 -mfma: loops vectorised with 256-bit AVX2, FMA contraction (issue 4's whole programs).</summary>
public class CorpusX64Avx2 : CorpusTests { protected override string Variant => "x64.avx2"; }

/// <summary>A subset translated with the full optimisation pipeline (-O2), where LLVM's freedom to exploit
/// undefined behaviour in the lifted IR would show up.</summary>
public class CorpusOptimizedTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "compute", "x64.O2" }, { "compute", "i386.O2" }, { "switch_jump", "x64.O2" }, { "int64_arith", "i386.O2" },
        { "setjmp_longjmp", "x64.O2" }, { "strings", "i386.O2" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CorpusOptimized(string program, string variant) => CorpusTests.Check(program, variant, optLevel: 2);
}

/// <summary>Sanity checks of the oracle (the native runs); needs no translator.</summary>
public class CorpusNativeTests
{
    /// <summary>
    /// Checks the oracle itself (no translation involved): each variant runs natively, deterministically,
    /// quickly, and with the exit status the program intends (corpus/&lt;name&gt;/exit_code.txt, default 0).
    /// </summary>
    [Theory]
    [MemberData(nameof(CorpusTests.Cases), MemberType = typeof(CorpusTests))]
    public void CorpusNative(string program, string variant)
    {
        var x86 = TestArtifacts.CorpusBinary(program, variant);
        var args = TestArtifacts.ProgramArgs(program);
        var stdin = TestArtifacts.ProgramStdin(program);

        var first = TestArtifacts.RunGuest(x86, underQemu: false, args, stdin);
        var second = TestArtifacts.RunGuest(x86, underQemu: false, args, stdin);

        Assert.False(first.TimedOut, "native run timed out");
        Assert.Equal(TestArtifacts.ExpectedExitCode(program), first.ExitCode);
        Assert.True(first.Stdout.Length > 0, "native run printed nothing on stdout");
        Assert.Null(OutputAssert.Describe("stdout", first.Stdout, second.Stdout));
        Assert.Null(OutputAssert.Describe("stderr", first.Stderr, second.Stderr));
        Assert.Equal(first.ExitCode, second.ExitCode);
    }
}
