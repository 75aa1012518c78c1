using Translator.Lifting.Tests.Sse;
using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>MMX instructions (register and memory forms) and their effect on the x87 state: every case ends by
/// storing the x87 environment (fnstenv: TOP and the tag word that the MMX register values produce).</summary>
public static class MmxTests
{
    /// <summary>Rows of four qwords mixing edge lanes and random bits.</summary>
    private static List<byte[]> IntRows()
    {
        var rng = new Random(99);
        ulong[] edges = { 0, ulong.MaxValue, 0x7fff7fff7fff7fff, 0x8000800080008000, 0x7f7f7f7f80808080, 0x00ff00ff00ff00ff,
            0x7fffffff80000000, 0x0001000200030004, 0xfffefffdfffcfffb, 0x8000000000000000 };
        var rows = new List<byte[]>();
        for (int r = 0; r < 32; r++)
        {
            var row = new byte[32];
            for (int q = 0; q < 4; q++)
            {
                ulong v = rng.Next(3) == 0 ? edges[rng.Next(edges.Length)] : (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63);
                if (rng.Next(4) == 0) v = (v & 0x00ff00ff00ff00ff) * (ulong)rng.Next(1, 3); // small lanes
                BitConverter.GetBytes(v).CopyTo(row, 8 * q);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Rows of floats (qwords 0-1: four floats) and doubles (qwords 2-3) around the int32 limits and
    /// the rounding halfway points.</summary>
    private static List<byte[]> FloatRows()
    {
        var rng = new Random(77);
        float[] f = { 0.5f, 1.5f, 2.5f, -2.5f, -0.5f, 2147483520f, 2147483648f, -2147483648f, -2147483904f, float.NaN,
            float.PositiveInfinity, float.NegativeInfinity, -0f, 1e-40f, 123456.7f, -98765.4f };
        double[] d = { 0.5, 1.5, -2.5, 2147483647.5, 2147483647.4, -2147483648.5, -2147483648.4, double.NaN,
            double.PositiveInfinity, -0.0, 4e9, -1e300, 3.999999, -7.5 };
        var rows = new List<byte[]>();
        for (int r = 0; r < 32; r++)
        {
            var row = new byte[32];
            for (int k = 0; k < 4; k++)
                BitConverter.GetBytes(rng.Next(3) == 0 ? (float)(rng.NextDouble() * 1e6 - 5e5) : f[rng.Next(f.Length)]).CopyTo(row, 4 * k);
            for (int k = 0; k < 2; k++)
                BitConverter.GetBytes(rng.Next(3) == 0 ? rng.NextDouble() * 1e4 - 5e3 : d[rng.Next(d.Length)]).CopyTo(row, 16 + 8 * k);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>x87 environment after the snippet (FIP/FDP/opcode fields zeroed: they are not modelled).</summary>
    private static string Env(Arch arch)
    {
        string di = VectorSuite.R(arch, "di");
        return $"    fnstenv 96({di})\n    movl $0, 108({di})\n    movl $0, 112({di})\n    movl $0, 116({di})\n    movl $0, 120({di})\n    fninit\n";
    }

    private static List<Input> RowInputs(Arch arch, int seed, int count = 8) =>
        Inputs(arch, seed, count, (input, k, rng) => input.Gpr[3] = (ulong)rng.Next(32));

    private static readonly string[] BinaryOps =
    {
        "paddb", "paddw", "paddd", "paddq", "paddsb", "paddsw", "paddusb", "paddusw",
        "psubb", "psubw", "psubd", "psubq", "psubsb", "psubsw", "psubusb", "psubusw",
        "pmullw", "pmulhw", "pmulhuw", "pmuludq", "pmaddwd", "pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpgtb", "pcmpgtw", "pcmpgtd",
        "pand", "pandn", "por", "pxor", "packsswb", "packssdw", "packuswb",
        "punpcklbw", "punpcklwd", "punpckldq", "punpckhbw", "punpckhwd", "punpckhdq",
        "pavgb", "pavgw", "pminub", "pmaxub", "pminsw", "pmaxsw", "psadbw",
        "psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad",
        // SSSE3 MMX forms
        "pshufb", "phaddw", "phaddd", "phsubw", "phsubsw", "pmaddubsw", "pmulhrsw", "psignb", "psignw", "psignd", "pabsb", "pabsw", "pabsd",
    };

    public static IEnumerable<Case> ArithmeticCases(Arch arch)
    {
        var rows = IntRows();
        string di = VectorSuite.R(arch, "di"), bp = VectorSuite.R(arch, "bp");
        int seed = 8000;
        foreach (var op in BinaryOps)
        {
            string snippet = "    fninit\n    fldpi\n    fld1\n" + VectorSuite.Table(arch, rows, 32) +
                $"    movq ({bp}), %mm0\n    movq 8({bp}), %mm7\n    movq 16({bp}), %mm3\n" +
                $"    {op} %mm7, %mm0\n    movq %mm0, 0({di})\n" +
                $"    {op} 24({bp}), %mm3\n    movq %mm3, 8({di})\n    movq %mm7, 16({di})\n" + Env(arch);
            yield return new Case(op, snippet, RowInputs(arch, seed++), 0);
        }
        foreach (var op in new[] { "psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad" })
            foreach (int count in new[] { 0, 1, 7, 15, 16, 31, 32, 63, 64, 200 })
            {
                string snippet = VectorSuite.Table(arch, rows, 32) + $"    movq ({bp}), %mm5\n    {op} ${count}, %mm5\n    movq %mm5, 0({di})\n" +
                    $"    movd %ecx, %mm2\n    movq 8({bp}), %mm4\n    {op} %mm2, %mm4\n    movq %mm4, 8({di})\n" + Env(arch);
                yield return new Case($"{op} ${count}", snippet, Inputs(arch, seed++, 4, (input, k, rng) =>
                {
                    input.Gpr[3] = (ulong)rng.Next(32);
                    input.Gpr[1] = (ulong)(rng.Next(3) == 0 ? rng.Next() : rng.Next(70));
                }), 0);
            }
        yield return new Case("palignr", VectorSuite.Table(arch, rows, 32) +
            $"    movq ({bp}), %mm1\n    movq 8({bp}), %mm2\n    palignr $3, %mm2, %mm1\n    movq %mm1, 0({di})\n" +
            $"    palignr $11, 16({bp}), %mm2\n    movq %mm2, 8({di})\n" + Env(arch), RowInputs(arch, seed++), 0);
    }

    public static IEnumerable<Case> MoveCases(Arch arch)
    {
        var rows = IntRows();
        var floats = FloatRows();
        string di = VectorSuite.R(arch, "di"), bp = VectorSuite.R(arch, "bp"), ax = VectorSuite.R(arch, "ax");
        int seed = 8500;
        Case C(string name, string body, List<byte[]>? table = null) =>
            new(name, VectorSuite.Table(arch, table ?? rows, 32) + body + Env(arch), RowInputs(arch, seed++), 0);

        yield return C("movd/movq", $"    movd %eax, %mm1\n    movd 4({bp}), %mm2\n    movq 8({bp}), %mm3\n    movq %mm3, %mm4\n" +
            $"    movd %mm2, %ecx\n    movd %mm3, 0({di})\n    movq %mm1, 8({di})\n    movq %mm4, 16({di})\n    movntq %mm2, 24({di})\n" +
            (arch == Arch.X64 ? "    movq %rdx, %mm5\n    movq %mm3, %rdx\n    movq %mm5, 32(%rdi)\n" : ""));
        yield return C("emms", "    fldpi\n    movq (%s), %mm1\n    emms\n".Replace("%s", bp));
        yield return C("x87 then mmx", $"    fninit\n    fldpi\n    fld1\n    fldz\n    movq ({bp}), %mm6\n    movq %mm7, 0({di})\n    movq %mm5, 8({di})\n");
        for (int imm = 0; imm < 256; imm += 37)
            yield return C($"pshufw ${imm}", $"    movq ({bp}), %mm0\n    pshufw ${imm}, %mm0, %mm1\n    pshufw ${255 - imm}, 8({bp}), %mm2\n" +
                $"    movq %mm1, 0({di})\n    movq %mm2, 8({di})\n");
        for (int lane = 0; lane < 5; lane++)
            yield return C($"pinsrw/pextrw {lane}", $"    movq ({bp}), %mm0\n    pinsrw ${lane}, %ecx, %mm0\n    pinsrw ${lane + 1}, 8({bp}), %mm0\n" +
                $"    pextrw ${lane + 2}, %mm0, %edx\n    pextrw ${lane}, %mm0, %ecx\n    movq %mm0, 0({di})\n");
        yield return C("pmovmskb", $"    movq ({bp}), %mm0\n    pmovmskb %mm0, %ecx\n    movq 8({bp}), %mm1\n    pmovmskb %mm1, %edx\n");
        yield return C("maskmovq", $"    movq ({bp}), %mm0\n    movq 8({bp}), %mm1\n    maskmovq %mm1, %mm0\n");
        yield return C("maskmovdqu", $"    movdqu ({bp}), %xmm0\n    movdqu 16({bp}), %xmm1\n    maskmovdqu %xmm1, %xmm0\n");
        yield return C("movq2dq/movdq2q", $"    movdqu ({bp}), %xmm3\n    movq 16({bp}), %mm2\n    movq2dq %mm2, %xmm3\n    movdqu %xmm3, 0({di})\n" +
            $"    movdqu 8({bp}), %xmm4\n    movdq2q %xmm4, %mm6\n    movq %mm6, 16({di})\n");
        yield return C("cvtpi2ps", $"    movdqu ({bp}), %xmm1\n    movq 16({bp}), %mm2\n    cvtpi2ps %mm2, %xmm1\n    movdqu %xmm1, 0({di})\n" +
            $"    movdqu 16({bp}), %xmm2\n    cvtpi2ps 8({bp}), %xmm2\n    movdqu %xmm2, 16({di})\n");
        yield return C("cvtpi2pd", $"    movq 16({bp}), %mm2\n    cvtpi2pd %mm2, %xmm1\n    movdqu %xmm1, 0({di})\n" +
            $"    cvtpi2pd 8({bp}), %xmm2\n    movdqu %xmm2, 16({di})\n");
        for (int rc = 0; rc < 4; rc++)
        {
            string mx = $"    movl ${0x1f80 | (rc << 13)}, 64({di})\n    ldmxcsr 64({di})\n";
            string reset = $"    movl $0x1f80, 64({di})\n    ldmxcsr 64({di})\n";
            yield return C($"cvt(t)ps2pi rc={rc}", mx + $"    movdqu ({bp}), %xmm1\n    cvtps2pi %xmm1, %mm0\n    cvttps2pi %xmm1, %mm1\n" +
                $"    cvtps2pi 8({bp}), %mm2\n    cvttps2pi 8({bp}), %mm3\n    movq %mm0, 0({di})\n    movq %mm1, 8({di})\n" +
                $"    movq %mm2, 16({di})\n    movq %mm3, 24({di})\n" + reset, floats);
            yield return C($"cvt(t)pd2pi rc={rc}", mx + $"    movdqu 16({bp}), %xmm1\n    cvtpd2pi %xmm1, %mm0\n    cvttpd2pi %xmm1, %mm1\n" +
                $"    cvtpd2pi 16({bp}), %mm2\n    cvttpd2pi 16({bp}), %mm3\n    movq %mm0, 0({di})\n    movq %mm1, 8({di})\n" +
                $"    movq %mm2, 16({di})\n    movq %mm3, 24({di})\n" + reset, floats);
        }
        _ = ax;
    }
}
