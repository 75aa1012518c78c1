using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>Differential tests of handlers from other categories (arithmetic, logic, exchanges, conditions).</summary>
public class ExistingHandlerTests
{
    private static string Si(Arch arch) => arch == Arch.X64 ? "%rsi" : "%esi";

    public static IEnumerable<Case> ArithmeticCases(Arch arch)
    {
        int seed = 3000;
        foreach (int bits in Widths(arch))
        {
            string s = Suffix(bits), cx = Reg(1, bits), dx = Reg(2, bits), bx = Reg(3, bits);
            foreach (var op in new[] { "add", "adc", "sub", "sbb", "cmp" })
            {
                yield return new Case($"{op}{s}", $"    {op}{s} {cx}, {dx}", Inputs(arch, seed++, 24), Arith);
                yield return new Case($"{op}{s} imm", $"    {op}{s} $0x7f, {dx}", Inputs(arch, seed++, 6), Arith);
                yield return new Case($"{op}{s} mem", $"    {op}{s} {cx}, 8({Si(arch)})", Inputs(arch, seed++, 4), Arith);
            }
            foreach (var op in new[] { "inc", "dec", "neg" })
                yield return new Case($"{op}{s}", $"    {op}{s} {dx}", Inputs(arch, seed++, 16), Arith);
            yield return new Case($"mul{s}", $"    mul{s} {cx}", Inputs(arch, seed++, 16), CF | OF);
            yield return new Case($"imul{s}", $"    imul{s} {cx}", Inputs(arch, seed++, 16), CF | OF);
            if (bits > 8)
            {
                yield return new Case($"imul{s} 2op", $"    imul{s} {cx}, {dx}", Inputs(arch, seed++, 16), CF | OF);
                yield return new Case($"imul{s} 3op", $"    imul{s} $-77, {cx}, {dx}", Inputs(arch, seed++, 16), CF | OF);
            }
            // Division without #DE: divisor non-zero and the high half below it (unsigned), or a sign-extended
            // dividend for idiv.
            ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
            yield return new Case($"div{s}", $"    div{s} {bx}", Inputs(arch, seed++, 16, (i, k, rng) =>
            {
                ulong d = i.Gpr[3] & mask;
                if (d == 0) i.Gpr[3] |= d = 7;
                if (bits == 8) i.Gpr[0] = (i.Gpr[0] & ~0xff00UL) | ((ulong)rng.Next((int)d) << 8);
                else i.Gpr[2] = (i.Gpr[2] & ~mask) | ((i.Gpr[2] & mask) % d);
            }), 0);
            string ext = bits switch { 8 => "cbtw", 16 => "cwtd", 32 => "cltd", _ => "cqto" };
            yield return new Case($"idiv{s}", $"    {ext}\n    idiv{s} {bx}", Inputs(arch, seed++, 16, (i, k, rng) =>
            {
                if ((i.Gpr[3] & mask) == 0 || (i.Gpr[3] & mask) == mask) i.Gpr[3] = (i.Gpr[3] & ~mask) | 3;
                if (bits == 8) i.Gpr[0] &= ~0xffUL | 0x7f; // keep the quotient of ax/bl in range
            }), 0);
        }
    }

    public static IEnumerable<Case> LogicCases(Arch arch)
    {
        int seed = 4000;
        foreach (int bits in Widths(arch))
        {
            string s = Suffix(bits), ax = Reg(0, bits), cx = Reg(1, bits), dx = Reg(2, bits);
            foreach (var op in new[] { "and", "or", "xor", "test" })
                yield return new Case($"{op}{s}", $"    {op}{s} {cx}, {dx}", Inputs(arch, seed++, 12), Arith & ~AF);
            yield return new Case($"not{s}", $"    not{s} {dx}", Inputs(arch, seed++, 6), Arith);
            yield return new Case($"cmpxchg{s}", $"    cmpxchg{s} {cx}, {dx}", Inputs(arch, seed++, 16, (i, k, rng) =>
            {
                if (k % 2 == 0) i.Gpr[0] = i.Gpr[2];
            }), Arith);
            yield return new Case($"cmpxchg{s} mem", $"    lock cmpxchg{s} {cx}, 8({Si(arch)})", Inputs(arch, seed++, 4), Arith);
            yield return new Case($"xadd{s}", $"    xadd{s} {cx}, {dx}", Inputs(arch, seed++, 12), Arith);
            yield return new Case($"xadd{s} mem", $"    lock xadd{s} {cx}, 8({Si(arch)})", Inputs(arch, seed++, 4), Arith);
            if (bits >= 32) yield return new Case($"bswap{s}", $"    bswap {dx}", Inputs(arch, seed++, 6), Arith);
            if (bits > 8) yield return new Case($"cmovs {bits}", string.Join("\n", Conditions.Select((c, n) =>
                $"    cmov{c} {Reg(n % 2 == 0 ? 1 : 3, bits)}, {Reg(n % 3 + (n % 3 >= 1 ? 1 : 0) == 1 ? 2 : 0, bits)}")),
                Inputs(arch, seed++, 24), Arith);
        }
        // setcc: every condition into a different byte of memory.
        yield return new Case("setcc", string.Join("\n", Conditions.Select((c, n) => $"    set{c} {n}({Si(arch)})")),
            Inputs(arch, seed++, 40), Arith);
    }

    private static readonly string[] Conditions =
        { "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g" };

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void Arithmetic(Arch arch) => Suite.Assert(arch, "arithmetic");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void LogicAndMoves(Arch arch) => Suite.Assert(arch, "logic and moves");
}
