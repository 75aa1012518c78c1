using Translator.Lifting.Tests.Sse;
using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>pcmpestri/pcmpestrm/pcmpistri/pcmpistrm over every imm8 (bits 0-6) and crc32 at every width.</summary>
public static class Sse42Tests
{
    /// <summary>Pairs (a | b, 32 bytes) of strings over small alphabets so that matches, ranges, substrings and
    /// terminating zeros are frequent; the second half uses 16-bit elements.</summary>
    private static List<byte[]> StringPairs()
    {
        var rng = new Random(4242);
        byte[] bytes = { 0x61, 0x62, 0x63, 0x80, 0xff, 0x7f, 0x01, 0x61, 0x62, 0x00 };
        ushort[] words = { 0x0061, 0x0062, 0x8000, 0xffff, 0x7fff, 0x0161, 0x0061, 0x0000 };
        var rows = new List<byte[]>();
        for (int r = 0; r < 64; r++)
        {
            var row = new byte[32];
            bool wordRow = r >= 32;
            int zeroChance = r % 4 == 0 ? 0 : r % 4 == 1 ? 3 : 12;
            for (int half = 0; half < 2; half++)
                for (int i = 0; i < (wordRow ? 8 : 16); i++)
                {
                    int v = wordRow ? words[rng.Next(words.Length - 1)] : bytes[rng.Next(bytes.Length - 1)];
                    if (zeroChance > 0 && rng.Next(zeroChance * (wordRow ? 1 : 2)) == 0) v = 0;
                    if (wordRow) { row[half * 16 + 2 * i] = (byte)v; row[half * 16 + 2 * i + 1] = (byte)(v >> 8); }
                    else row[half * 16 + i] = (byte)v;
                }
            if (r % 3 == 0)
            {
                // b contains a prefix of a (equal ordered finds it), possibly running off b's end.
                int len = rng.Next(1, 8) * (wordRow ? 2 : 1), at = rng.Next(0, 16) & (wordRow ? ~1 : ~0);
                for (int k = 0; k < len && at + k < 16; k++) row[16 + at + k] = row[k];
            }
            if (r % 5 == 0)
                for (int i = 0; i < 16; i++) row[i] = 0;
            rows.Add(row);
        }
        return rows;
    }

    private static readonly long[] Lengths = { 0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 100, -1, -3, -8, -16, -17, int.MinValue, int.MaxValue };

    private static List<Input> StringInputs(Arch arch, int seed) => Inputs(arch, seed, 10, (input, k, rng) =>
    {
        input.Gpr[3] = (ulong)rng.Next(64);
        input.Gpr[0] = (ulong)Lengths[rng.Next(Lengths.Length)];
        input.Gpr[2] = (ulong)Lengths[rng.Next(Lengths.Length)];
        if (arch == Arch.I386) { input.Gpr[0] &= 0xffffffff; input.Gpr[2] &= 0xffffffff; }
        else if (rng.Next(4) == 0) input.Gpr[0] ^= 1UL << 40; // upper half only seen by the REX.W forms
    });

    public static IEnumerable<Case> StringCompareCases(Arch arch)
    {
        var rows = StringPairs();
        string di = VectorSuite.R(arch, "di"), bp = VectorSuite.R(arch, "bp");
        int seed = 7000;
        foreach (bool isExplicit in new[] { true, false })
            for (int imm = 0; imm < 128; imm++)
            {
                string kind = isExplicit ? "pcmpestr" : "pcmpistr";
                // Alternate register and memory sources; on x86-64 every third explicit case uses REX.W lengths.
                string src = imm % 2 == 0 ? "%xmm2" : $"16({bp})";
                string w = isExplicit && arch == Arch.X64 && imm % 3 == 0 ? "q" : "";
                string snippet = VectorSuite.Table(arch, rows, 32) +
                    $"    movdqu ({bp}), %xmm1\n    movdqu 16({bp}), %xmm2\n    pcmpeqb %xmm0, %xmm0\n" +
                    $"    {kind}i{w} ${imm}, {src}, %xmm1\n" +
                    $"    setc 0({di})\n    setz 1({di})\n    sets 2({di})\n    seto 3({di})\n    setp 4({di})\n" +
                    $"    movdqu %xmm0, 16({di})\n" +
                    $"    {kind}m{w} ${imm}, {src}, %xmm1\n    movdqu %xmm0, 32({di})\n";
                yield return new Case($"{kind}i/m{w} ${imm:x}", snippet, StringInputs(arch, seed++), Arith);
            }
    }

    public static IEnumerable<Case> Crc32Cases(Arch arch)
    {
        int seed = 7500;
        string si = VectorSuite.R(arch, "si"), cx = VectorSuite.R(arch, "cx");
        foreach (int bits in Widths(arch))
        {
            string s = Suffix(bits);
            string dst = bits == 64 ? "%rax" : "%eax";
            yield return new Case($"crc32{s} reg", $"    crc32{s} {Reg(3, bits)}, {dst}", Inputs(arch, seed++, 24), 0);
            yield return new Case($"crc32{s} mem", $"    crc32{s} 8({si}), {dst}", Inputs(arch, seed++, 8), 0);
            if (arch == Arch.X64 && bits == 8)
                yield return new Case($"crc32{s} r64", $"    crc32{s} {Reg(3, bits)}, %rdx", Inputs(arch, seed++, 16), 0);
        }
        // A chain: checksums of the pristine scratch bytes, as a CRC loop would compute them.
        yield return new Case("crc32 loop", $"    mov $31, %ecx\n1:\n    crc32l ({si},{cx},4), %eax\n    crc32b 3({si},{cx},2), %eax\n    dec %ecx\n    jns 1b",
            Inputs(arch, seed++, 4), Arith);
    }
}
