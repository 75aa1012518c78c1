using Translator.Lifting.Tests.Sse;
using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>MXCSR: rounding control, FTZ/DAZ and the sticky exception flags, compared with the CPU. Instruction
/// snippets (ldmxcsr, one SSE operation, stmxcsr) over every rounding mode and FTZ+DAZ, translated at -O2; and
/// Sse/mxcsr.c, which goes through glibc's fenv functions and libm, for both guests.</summary>
public class MxcsrTests
{
    private static readonly double[] Values =
    {
        1.0, 3.0, -1.0, 1.1102230246251565e-16, 2.5, -2.5, 1e10, double.MaxValue,
        2.2250738585072014e-308, 0.0, -0.0, double.PositiveInfinity, double.NaN, 1.0 / 3, -7.5, 0.5,
    };

    /// <summary>RC nearest/down/up/zero, FTZ+DAZ with nearest and with toward zero; some start with IE|PE set.</summary>
    private static readonly uint[] Controls = { 0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x9fc0, 0xffc0 };

    /// <summary>Rows of 64 bytes: doubles (a, b) and (b, a), singles (a, b, 1, 1) and (b, a, 2, 3) (no denormals:
    /// x86 would set DE for them, which AArch64 does not report).</summary>
    private static List<byte[]> Rows()
    {
        var rows = new List<byte[]>();
        for (int i = 0; i < Values.Length; i++)
        {
            double a = Values[i], b = Values[(i * 7 + 3) % Values.Length];
            static float Single(double d) => d == double.MaxValue ? float.MaxValue
                : d == 2.2250738585072014e-308 ? 1.17549435e-38f : (float)d;
            var row = new byte[64];
            BitConverter.GetBytes(a).CopyTo(row, 0);
            BitConverter.GetBytes(b).CopyTo(row, 8);
            BitConverter.GetBytes(b).CopyTo(row, 16);
            BitConverter.GetBytes(a).CopyTo(row, 24);
            float[] singles = { Single(a), Single(b), 1, 1, Single(b), Single(a), 2, 3 };
            for (int k = 0; k < 8; k++) BitConverter.GetBytes(singles[k]).CopyTo(row, 32 + 4 * k);
            rows.Add(row);
        }
        return rows;
    }

    private static readonly string[] DoubleOps =
    {
        "addsd %xmm1, %xmm0", "subsd %xmm1, %xmm0", "mulsd %xmm1, %xmm0", "divsd %xmm1, %xmm0", "sqrtsd %xmm0, %xmm0",
        "addpd %xmm1, %xmm0", "divpd %xmm1, %xmm0", "sqrtpd %xmm0, %xmm0", "cvtsd2ss %xmm0, %xmm0", "cvtpd2ps %xmm0, %xmm0",
        "cvtsd2si %xmm0, %ecx", "cvttsd2si %xmm0, %ecx", "cvtpd2dq %xmm0, %xmm0", "cvttpd2dq %xmm0, %xmm0",
        "roundsd $4, %xmm0, %xmm0", "roundsd $12, %xmm0, %xmm0", "roundsd $1, %xmm0, %xmm0", "roundpd $4, %xmm0, %xmm0",
        "cvtsi2sd %ecx, %xmm0", "minsd %xmm1, %xmm0", "maxpd %xmm1, %xmm0", "comisd %xmm1, %xmm0\n    sbb %ecx, %ecx",
        "ucomisd %xmm1, %xmm0\n    sbb %ecx, %ecx", "cmpltsd %xmm1, %xmm0", "cmpeqpd %xmm1, %xmm0", "cmpnlepd %xmm1, %xmm0",
        // Constant operands: the translation must not fold these away with their exceptions (glibc's feraiseexcept).
        "pxor %xmm1, %xmm1\n    divsd %xmm1, %xmm0", "pxor %xmm0, %xmm0\n    divss %xmm0, %xmm0",
    };

    private static readonly string[] SingleOps =
    {
        "addss %xmm1, %xmm0", "mulss %xmm1, %xmm0", "divss %xmm1, %xmm0", "sqrtss %xmm0, %xmm0", "divps %xmm1, %xmm0",
        "cvtss2sd %xmm0, %xmm0", "cvtss2si %xmm0, %ecx", "cvttss2si %xmm0, %ecx", "cvtps2dq %xmm0, %xmm0",
        "cvttps2dq %xmm0, %xmm0", "roundss $4, %xmm0, %xmm0", "roundps $2, %xmm0, %xmm0", "cvtsi2ss %ecx, %xmm0",
        "cvtdq2ps %xmm1, %xmm0",
    };

    private static readonly string[] X64Ops =
    {
        "cvtsd2si %xmm0, %rcx", "cvttsd2si %xmm0, %rcx", "cvtss2si %xmm0, %rcx", "cvtsi2sd %rcx, %xmm0",
        "cvtsi2ss %rcx, %xmm0",
    };

    public static IEnumerable<Case> SnippetCases(Arch arch)
    {
        var rows = Rows();
        string bp = VectorSuite.R(arch, "bp"), di = VectorSuite.R(arch, "di");
        int seed = 7100;
        IEnumerable<(string Op, bool Single)> ops = DoubleOps.Select(o => (o, false)).Concat(SingleOps.Select(o => (o, true)));
        if (arch == Arch.X64) ops = ops.Concat(X64Ops.Select(o => (o, o.Contains("ss"))));
        foreach (var (op, single) in ops)
        {
            string load = single ? $"    movups 32({bp}), %xmm0\n    movups 48({bp}), %xmm1\n"
                : $"    movupd 0({bp}), %xmm0\n    movupd 16({bp}), %xmm1\n";
            string snippet = VectorSuite.Table(arch, rows, 64) +
                $"    mov %eax, 8({di})\n    ldmxcsr 8({di})\n" + load + $"    {op}\n" +
                $"    movupd %xmm0, 16({di})\n    stmxcsr 8({di})\n    mov 8({di}), %eax\n" +
                $"    movl $0x1f80, 12({di})\n    ldmxcsr 12({di})\n";
            var inputs = Inputs(arch, seed++, rows.Count * Controls.Length, (input, k, rng) =>
            {
                input.Gpr[3] = (ulong)(k % rows.Count);
                input.Gpr[0] = Controls[k / rows.Count] | (k % 3 == 0 ? 0x21u : 0u);
            });
            yield return new Case(op.Replace("\n    ", "; "), snippet, inputs, 0);
        }
    }

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void InstructionsHonourMxcsr(Arch arch) => Check(arch, SnippetCases(arch).ToArray());

    /// <summary>Static glibc: fesetround/fetestexcept/feclearexcept/feraiseexcept/fegetenv, libm's rint/nearbyint/
    /// lrint and compiled SSE code. -O0 for both guests (a glibc translation at -O2 costs about a minute).</summary>
    [Theory]
    [InlineData(Arch.X64, 0)]
    [InlineData(Arch.I386, 0)]
    public void GlibcFenvProgramMatchesNative(Arch arch, int optLevel)
    {
        string dir = SseProgram.NewWorkDir("mxcsr");
        string exe = Path.Combine(dir, "mxcsr");
        string compiler = arch == Arch.X64 ? "gcc" : "i686-linux-gnu-gcc";
        SseProgram.Compile(compiler, "mxcsr.c", exe, ["-static", "-O2", "-msse4.1", "-mfpmath=sse"], "-lm");
        var native = SseProgram.Run(exe, [], TimeSpan.FromMinutes(1));
        native.AssertExit(0, "native mxcsr");
        var translated = SseProgram.RunTranslated(exe, optLevel, TimeSpan.FromMinutes(5));
        SseProgram.AssertSameOutput(native, translated, $"mxcsr.c {arch}");
        SseProgram.DeleteWorkDir(dir);
    }
}
