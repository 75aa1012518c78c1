using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

public class ShiftTests
{
    private const ulong ShiftDefined1 = Arith & ~AF;
    private const ulong ShiftDefinedN = Arith & ~AF & ~OF;

    public static IEnumerable<Case> ShiftCases(Arch arch)
    {
        int seed = 100;
        foreach (int bits in Widths(arch))
        {
            string s = Suffix(bits), dx = Reg(2, bits);
            foreach (var op in new[] { "shl", "shr", "sar" })
            {
                yield return new Case($"{op}{s} cl", $"    {op}{s} %cl, {dx}",
                    CountInputs(arch, seed++, bits, Arith, ShiftDefined1, ShiftDefinedN), 0);
                foreach (int imm in new[] { 1, 5, bits - 1 })
                    yield return new Case($"{op}{s} ${imm}", $"    {op}{s} ${imm}, {dx}",
                        Inputs(arch, seed++, 10), imm == 1 ? ShiftDefined1 : ShiftDefinedN);
            }
            foreach (var op in new[] { "rol", "ror" })
            {
                yield return new Case($"{op}{s} cl", $"    {op}{s} %cl, {dx}",
                    CountInputs(arch, seed++, bits, Arith, Arith, Arith & ~OF), 0);
                yield return new Case($"{op}{s} $1", $"    {op}{s} $1, {dx}", Inputs(arch, seed++, 10), Arith);
                yield return new Case($"{op}{s} $3", $"    {op}{s} $3, {dx}", Inputs(arch, seed++, 10), Arith & ~OF);
            }
            foreach (var op in new[] { "rcl", "rcr" })
            {
                yield return new Case($"{op}{s} cl", $"    {op}{s} %cl, {dx}",
                    CountInputs(arch, seed++, bits, Arith, Arith, Arith & ~OF), 0);
                yield return new Case($"{op}{s} $1", $"    {op}{s} $1, {dx}", Inputs(arch, seed++, 10), Arith);
            }
            // Memory destinations.
            string si = arch == Arch.X64 ? "%rsi" : "%esi";
            yield return new Case($"shl{s} cl mem", $"    shl{s} %cl, 8({si})",
                CountInputs(arch, seed++, bits, Arith, ShiftDefined1, ShiftDefinedN, 2), 0);
            yield return new Case($"rcr{s} cl mem", $"    rcr{s} %cl, 8({si})",
                CountInputs(arch, seed++, bits, Arith, Arith, Arith & ~OF, 2), 0);
        }
    }

    public static IEnumerable<Case> DoubleShiftCases(Arch arch)
    {
        int seed = 500;
        foreach (int bits in Widths(arch))
        {
            if (bits == 8) continue;
            string s = Suffix(bits), dx = Reg(2, bits), bx = Reg(3, bits);
            foreach (var op in new[] { "shld", "shrd" })
            {
                var inputs = CountInputs(arch, seed++, bits, Arith, ShiftDefined1, ShiftDefinedN);
                if (bits == 16)
                    foreach (var input in inputs)
                        if ((input.Gpr[1] & 31) > 16)
                        {
                            // Counts above the operand size: the result and flags are undefined (Intel and AMD
                            // differ); only check that nothing else changes.
                            input.IgnoreRegisterBits("rdx", 0xffff);
                            input.FlagMask = 0;
                        }
                yield return new Case($"{op}{s} cl", $"    {op}{s} %cl, {bx}, {dx}", inputs, 0);
                yield return new Case($"{op}{s} $1", $"    {op}{s} $1, {bx}, {dx}", Inputs(arch, seed++, 8), ShiftDefined1);
                yield return new Case($"{op}{s} $7", $"    {op}{s} $7, {bx}, {dx}", Inputs(arch, seed++, 8), ShiftDefinedN);
            }
            string si = arch == Arch.X64 ? "%rsi" : "%esi";
            yield return new Case($"shld{s} mem", $"    shld{s} %cl, {bx}, 4({si})",
                CountInputs(arch, seed++, bits, Arith, ShiftDefined1, ShiftDefinedN, 2).Where(i => (i.Gpr[1] & 31) <= 16 || bits != 16).ToList(), 0);
        }
    }

    public static IEnumerable<Case> BmiShiftCases(Arch arch)
    {
        int seed = 700;
        foreach (int bits in arch == Arch.X64 ? new[] { 32, 64 } : new[] { 32 })
        {
            string ax = Reg(0, bits), cx = Reg(1, bits), dx = Reg(2, bits);
            foreach (var op in new[] { "shlx", "shrx", "sarx" })
                yield return new Case($"{op} {bits}", $"    {op} {cx}, {dx}, {ax}", CountInputs(arch, seed++, bits, Arith, Arith, Arith), Arith);
            yield return new Case($"rorx {bits}", $"    rorx $5, {dx}, {ax}", Inputs(arch, seed++, 8), Arith);
            yield return new Case($"rorx {bits} big", $"    rorx ${bits - 1}, {dx}, {ax}", Inputs(arch, seed++, 8), Arith);
        }
    }

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void Shifts(Arch arch) => Suite.Assert(arch, "shifts");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void DoubleShifts(Arch arch) => Suite.Assert(arch, "double shifts");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void BmiShifts(Arch arch) => Suite.Assert(arch, "bmi shifts");
}
