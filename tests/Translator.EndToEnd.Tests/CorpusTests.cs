namespace Translator.EndToEnd.Tests;

/// <summary>Every corpus program in every variant: the translated binary under qemu must behave exactly like the native one.</summary>
public class CorpusTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var program in TestArtifacts.ProgramNames())
            foreach (var variant in TestArtifacts.Variants)
                data.Add(program, variant);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corpus(string program, string variant)
    {
        var x86 = TestArtifacts.CorpusBinary(program, variant);
        var args = TestArtifacts.ProgramArgs(program);
        var stdin = TestArtifacts.ProgramStdin(program);

        var native = TestArtifacts.RunGuest(x86, underQemu: false, args, stdin);
        Assert.False(native.TimedOut, $"native {program}.{variant} timed out");

        var aarch64 = TestArtifacts.Translate(x86, $"{program}.{variant}");
        var translated = TestArtifacts.RunGuest(aarch64, underQemu: true, args, stdin);

        OutputAssert.SameBehaviour(native, translated, $"{program}.{variant}");
    }
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
