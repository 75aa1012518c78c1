using Iced.Intel;
using Translator.Lifting.Semantics;

namespace Translator.Lifting.Tests.Sse;

/// <summary>AVX/AVX2 256-bit integer and data-movement semantics checked end to end: avx2_int.c (every AVX2 integer
/// form over edge-value ymm vectors whose two halves differ, 256-bit loads and stores, masked loads/stores and
/// gathers including masked-off elements on an inaccessible page) is built with -mavx2, run natively and
/// translated, and the outputs must match exactly.</summary>
public class AvxIntegerProgramTests
{
    [Theory]
    [InlineData("-O2")]
    [InlineData("-O0")]
    public void Avx2IntegerProgramMatchesNative(string opt)
    {
        const string name = "avx2_int";
        string dir = SseProgram.NewWorkDir(name);
        string exe = Path.Combine(dir, name);
        SseProgram.Compile("gcc", name + ".c", exe, ["-static", "-nostdlib", opt, "-mavx2"]);
        var native = SseProgram.Run(exe, [], TimeSpan.FromMinutes(1));
        native.AssertExit(0, "native " + name);
        Assert.Contains("page vpgatherdd", native.Stdout);
        var translated = SseProgram.RunTranslated(exe, optLevel: 2, TimeSpan.FromMinutes(5));
        SseProgram.AssertSameOutput(native, translated, name);
        SseProgram.DeleteWorkDir(dir);
    }

    /// <summary>Every AVX and AVX2 form (Iced Codes needing no other CPUID feature) has a dedicated handler or an
    /// SSE twin with a handler, so none of them traps as unsupported.</summary>
    [Fact]
    public void EveryAvxAndAvx2FormIsLifted()
    {
        var table = SemanticsTable.Default;
        var dedicated = new HashSet<Code>(Avx.DedicatedCodes);
        var missing = Enum.GetValues<Code>().Distinct()
            .Where(c => c.ToString().StartsWith("VEX_", StringComparison.Ordinal))
            .Where(c => c.CpuidFeatures().All(f => f is CpuidFeature.AVX or CpuidFeature.AVX2))
            .Where(c => !dedicated.Contains(c) && (NarrowsYmm(c)
                        || !(Avx.Twins.TryGetValue(c, out var legacy) && table.TryGet(legacy.Mnemonic(), out _))))
            .ToList();
        Assert.True(missing.Count == 0, "AVX/AVX2 forms without a handler: " + string.Join(", ", missing));
    }

    /// <summary>An xmm destination computed from a ymm source: its lanes cross the halves, so the per-half twin
    /// path refuses it and it needs a handler of its own.</summary>
    private static bool NarrowsYmm(Code code)
    {
        var op = code.ToOpCode();
        var kinds = Enumerable.Range(0, op.OpCount).Select(op.GetOpKind).ToList();
        static bool Ymm(OpCodeOperandKind k) => k is OpCodeOperandKind.ymm_or_mem or OpCodeOperandKind.ymm_reg
            or OpCodeOperandKind.ymm_rm or OpCodeOperandKind.ymm_vvvv or OpCodeOperandKind.ymm_is4;
        return kinds.Count > 0 && kinds[0] != OpCodeOperandKind.mem && !Ymm(kinds[0]) && kinds.Skip(1).Any(Ymm);
    }
}
