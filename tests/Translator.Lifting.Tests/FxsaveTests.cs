using Translator.Lifting.Tests.Sse;
using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>fxsave/fxrstor images: x87 registers in stack order, control/status/abridged tag words, MXCSR and the
/// XMM registers; fxrstor of an edited image followed by fxsave must give the same normalised image.</summary>
public static class FxsaveTests
{
    /// <summary>Rows of eight 80-bit values (10 bytes each, 16-byte aligned slots) followed by 16 bytes for XMM.</summary>
    private static List<byte[]> Rows()
    {
        var rng = new Random(31337);
        (ushort, ulong)[] specials =
        {
            (0x3fff, 0x8000000000000000), (0xbfff, 0xc000000000000000), (0, 0), (0x8000, 0), (0x7fff, 0x8000000000000000),
            (0xffff, 0xc000000000000000), (0x0000, 0x0000000000000123), (0x4000, 0xc90fdaa22168c235), (0x7fff, 0xa000000000000000),
        };
        var rows = new List<byte[]>();
        for (int r = 0; r < 16; r++)
        {
            var row = new byte[256];
            for (int i = 0; i < 8; i++)
            {
                var (se, sig) = rng.Next(2) == 0 ? specials[rng.Next(specials.Length)]
                    : ((ushort)(rng.Next(0x3f00, 0x4100) | (rng.Next(2) << 15)), (ulong)rng.NextInt64() | 0x8000000000000000);
                BitConverter.GetBytes(sig).CopyTo(row, 16 * i);
                BitConverter.GetBytes(se).CopyTo(row, 16 * i + 8);
            }
            rng.NextBytes(row.AsSpan(128, 128));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Clears the fields we do not model (FOP, FIP, FDP) and sets MXCSR_MASK to the Intel value; the host
    /// may be an AMD CPU, which reports 0x2ffff.</summary>
    private static string Normalise(string image) =>
        $"    movw $0, 6+{image}\n    movl $0, 8+{image}\n    movl $0, 12+{image}\n    movl $0, 16+{image}\n    movl $0, 20+{image}\n" +
        $"    movl $0xffff, 28+{image}\n";

    public static IEnumerable<Case> Cases(Arch arch)
    {
        var rows = Rows();
        string bp = VectorSuite.R(arch, "bp"), si = VectorSuite.R(arch, "si"), di = VectorSuite.R(arch, "di");
        string image = $"-64({si})";
        string loadX87 = "    fninit\n" + string.Concat(Enumerable.Range(0, 8).Select(i => $"    fldt {16 * i}({bp})\n"));
        string loadXmm = string.Concat(Enumerable.Range(0, 8).Select(i => $"    movdqu {128 + 16 * (i % 8)}({bp}), %xmm{i}\n")) +
            (arch == Arch.X64 ? string.Concat(Enumerable.Range(8, 8).Select(i => $"    movdqu {16 * (i - 8)}({bp}), %xmm{i}\n")) : "");
        string restore = $"    fninit\n    movl $0x1f80, 8({di})\n    ldmxcsr 8({di})\n";
        int seed = 9000;
        List<Input> In(int n) => Inputs(arch, seed++, n, (input, k, rng) => input.Gpr[3] = (ulong)rng.Next(16));

        // Full stack, some registers popped or freed, a control word with PC/RC bits, an MXCSR from eax.
        yield return new Case("fxsave", VectorSuite.Table(arch, rows, 256) + loadX87 + loadXmm +
            "    fstp %st(0)\n    ffree %st(3)\n    fstp %st(0)\n" +
            $"    movw $0x0e7f, 8({di})\n    fldcw 8({di})\n    and $0xffbf, %eax\n    or $0x1f80, %eax\n    mov %eax, 8({di})\n    ldmxcsr 8({di})\n" +
            $"    fxsave {image}\n" + Normalise(image) + restore, In(16), 0);
        // fxrstor of an image whose tag byte, TOP, control word and MXCSR were replaced, then fxsave again.
        yield return new Case("fxrstor", VectorSuite.Table(arch, rows, 256) + loadX87 + loadXmm +
            $"    fxsave {image}\n    movb %cl, 4+{image}\n    and $0x3f3f, %edx\n    movw %dx, 2+{image}\n" +
            $"    movw $0x037f, 0+{image}\n    and $0xffbf, %eax\n    or $0x1f80, %eax\n    movl %eax, 24+{image}\n" +
            "    fninit\n    pxor %xmm0, %xmm0\n    pxor %xmm5, %xmm5\n" +
            $"    fxrstor {image}\n    fxsave {image}\n" + Normalise(image) + $"    fnstsw %ax\n    fnstenv 0({di})\n    movl $0, 12({di})\n    movl $0, 16({di})\n    movl $0, 20({di})\n    movl $0, 24({di})\n" + restore,
            In(16), 0);
        if (arch == Arch.X64)
            yield return new Case("fxsave64/fxrstor64", VectorSuite.Table(arch, rows, 256) + loadX87 + loadXmm +
                $"    fxsave64 {image}\n    movb %cl, 4+{image}\n    fninit\n    fxrstor64 {image}\n    fxsave64 {image}\n" + Normalise(image) + restore,
                In(8), 0);
        _ = Both;
    }
}
