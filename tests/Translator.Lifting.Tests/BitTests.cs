using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

public class BitTests
{
    private static string Si(Arch arch) => arch == Arch.X64 ? "%rsi" : "%esi";

    /// <summary>A signed bit offset in rcx that stays inside the scratch area from scratch+128.</summary>
    private static void BitOffset(Input input, Random rng, int bits)
    {
        long offset = rng.Next(-1000, 2000);
        if (bits == 16) offset = rng.Next(-1000, 2000);
        input.Gpr[1] = (ulong)offset;
    }

    public static IEnumerable<Case> BitTestCases(Arch arch)
    {
        int seed = 1000;
        foreach (int bits in Widths(arch))
        {
            if (bits == 8) continue;
            string s = Suffix(bits), cx = Reg(1, bits), dx = Reg(2, bits);
            foreach (var op in new[] { "bt", "bts", "btr", "btc" })
            {
                yield return new Case($"{op}{s} reg,reg", $"    {op}{s} {cx}, {dx}", Inputs(arch, seed++, 16), CF | ZF);
                yield return new Case($"{op}{s} imm,reg", $"    {op}{s} ${bits - 3}, {dx}", Inputs(arch, seed++, 4), CF | ZF);
                yield return new Case($"{op}{s} reg,mem", $"    {op}{s} {cx}, 64({Si(arch)})",
                    Inputs(arch, seed++, 16, (i, k, rng) => BitOffset(i, rng, bits)), CF | ZF);
                yield return new Case($"{op}{s} imm,mem", $"    {op}{s} $13, 8({Si(arch)})", Inputs(arch, seed++, 4), CF | ZF);
            }
            yield return new Case($"lock bts{s}", $"    lock bts{s} {cx}, 64({Si(arch)})",
                Inputs(arch, seed++, 8, (i, k, rng) => BitOffset(i, rng, bits)), CF | ZF);
            yield return new Case($"lock btr{s}", $"    lock btr{s} {cx}, 64({Si(arch)})",
                Inputs(arch, seed++, 8, (i, k, rng) => BitOffset(i, rng, bits)), CF | ZF);
        }
    }

    public static IEnumerable<Case> ScanCases(Arch arch)
    {
        int seed = 1200;
        foreach (int bits in Widths(arch))
        {
            if (bits == 8) continue;
            string s = Suffix(bits), cx = Reg(1, bits), dx = Reg(2, bits);
            void Zeros(Input i, int k, Random rng)
            {
                if (k % 4 == 0) i.Gpr[1] = 0;
                else if (k % 4 == 1) i.Gpr[1] = 1UL << rng.Next(bits);
            }
            yield return new Case($"bsf{s}", $"    bsf{s} {cx}, {dx}", Inputs(arch, seed++, 16, Zeros), ZF);
            yield return new Case($"bsr{s}", $"    bsr{s} {cx}, {dx}", Inputs(arch, seed++, 16, Zeros), ZF);
            yield return new Case($"tzcnt{s}", $"    tzcnt{s} {cx}, {dx}", Inputs(arch, seed++, 16, Zeros), CF | ZF);
            yield return new Case($"lzcnt{s}", $"    lzcnt{s} {cx}, {dx}", Inputs(arch, seed++, 16, Zeros), CF | ZF);
            yield return new Case($"popcnt{s}", $"    popcnt{s} {cx}, {dx}", Inputs(arch, seed++, 16, Zeros), Arith);
            yield return new Case($"bsf{s} mem", $"    bsf{s} 8({Si(arch)}), {dx}", Inputs(arch, seed++, 2), ZF);
        }
    }

    public static IEnumerable<Case> BmiCases(Arch arch)
    {
        int seed = 1400;
        foreach (int bits in arch == Arch.X64 ? new[] { 32, 64 } : new[] { 32 })
        {
            string ax = Reg(0, bits), bx = Reg(3, bits), cx = Reg(1, bits), dx = Reg(2, bits);
            const ulong Bmi = CF | ZF | SF | OF;
            void Small(Input i, int k, Random rng) => i.Gpr[1] = (ulong)rng.Next(0, 80) | ((ulong)rng.Next(0, 80) << 8);
            void Zeros(Input i, int k, Random rng) { if (k % 5 == 0) i.Gpr[2] = 0; }
            yield return new Case($"andn {bits}", $"    andn {cx}, {dx}, {ax}", Inputs(arch, seed++, 16, Zeros), Bmi);
            yield return new Case($"bextr {bits}", $"    bextr {cx}, {dx}, {ax}", Inputs(arch, seed++, 24, Small), CF | ZF | OF);
            yield return new Case($"blsi {bits}", $"    blsi {dx}, {ax}", Inputs(arch, seed++, 16, Zeros), Bmi);
            yield return new Case($"blsmsk {bits}", $"    blsmsk {dx}, {ax}", Inputs(arch, seed++, 16, Zeros), Bmi);
            yield return new Case($"blsr {bits}", $"    blsr {dx}, {ax}", Inputs(arch, seed++, 16, Zeros), Bmi);
            yield return new Case($"bzhi {bits}", $"    bzhi {cx}, {dx}, {ax}", Inputs(arch, seed++, 24, Small), Bmi);
            yield return new Case($"pdep {bits}", $"    pdep {cx}, {dx}, {ax}", Inputs(arch, seed++, 24), Arith);
            yield return new Case($"pext {bits}", $"    pext {cx}, {dx}, {ax}", Inputs(arch, seed++, 24), Arith);
            yield return new Case($"mulx {bits}", $"    mulx {cx}, {bx}, {ax}", Inputs(arch, seed++, 16), Arith);
            yield return new Case($"mulx {bits} same", $"    mulx {cx}, {ax}, {ax}", Inputs(arch, seed++, 8), Arith);
            yield return new Case($"adcx {bits}", $"    adcx {cx}, {dx}", Inputs(arch, seed++, 16), Arith);
            yield return new Case($"adox {bits}", $"    adox {cx}, {dx}", Inputs(arch, seed++, 16), Arith);
            yield return new Case($"blsr {bits} mem", $"    blsr 8({Si(arch)}), {ax}", Inputs(arch, seed++, 2), Bmi);
        }
    }

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void BitTestInstructions(Arch arch) => Suite.Assert(arch, "bit tests");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void BitScans(Arch arch) => Suite.Assert(arch, "bit scans");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void Bmi(Arch arch) => Suite.Assert(arch, "bmi");
}
