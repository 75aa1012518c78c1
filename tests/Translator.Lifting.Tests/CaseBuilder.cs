using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>Helpers that build the cases of the instruction tests.</summary>
public static class CaseBuilder
{
    public static readonly ulong[] Counts = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 0xff, 0x41 };

    public static string Suffix(int bits) => bits switch { 8 => "b", 16 => "w", 32 => "l", _ => "q" };

    /// <summary>Names of register number <paramref name="index"/> at a width (AT&amp;T, with %).</summary>
    public static string Reg(int index, int bits)
    {
        string[] r8 = { "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil" };
        string[] r16 = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di" };
        string[] r32 = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
        string[] r64 = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi" };
        if (index >= 8)
            return "%r" + index + bits switch { 8 => "b", 16 => "w", 32 => "d", _ => "" };
        return "%" + (bits switch { 8 => r8, 16 => r16, 32 => r32, _ => r64 })[index];
    }

    public static Arch[] Both => new[] { Arch.X64, Arch.I386 };

    public static IEnumerable<int> Widths(Arch arch) => arch == Arch.X64 ? new[] { 8, 16, 32, 64 } : new[] { 8, 16, 32 };

    /// <summary>Random inputs (the first ones on edge values) with scratch pointers in rsi/rdi (and rbx for i386
    /// memory forms).</summary>
    public static List<Input> Inputs(Arch arch, int seed, int count, Action<Input, int, Random>? customize = null)
    {
        var rng = new Random(seed);
        var list = new List<Input>();
        for (int k = 0; k < count; k++)
        {
            var input = RandomInput(rng, arch);
            input.Ptr("rsi", 64).Ptr("rdi", 256);
            customize?.Invoke(input, k, rng);
            list.Add(input);
        }
        return list;
    }

    /// <summary>Inputs for an instruction with a count in cl: counts from <see cref="Counts"/> then random.
    /// The flag mask is chosen from the masked count.</summary>
    public static List<Input> CountInputs(Arch arch, int seed, int bits, ulong maskCount0, ulong maskCount1,
        ulong maskOther, int extra = 12)
    {
        return Inputs(arch, seed, Counts.Length + extra, (input, k, rng) =>
        {
            ulong count = k < Counts.Length ? Counts[k] : (ulong)rng.Next(256);
            input.Gpr[1] = (input.Gpr[1] & ~0xffUL) | count;
            ulong masked = count & (bits == 64 ? 63UL : 31UL);
            input.FlagMask = masked == 0 ? maskCount0 : masked == 1 ? maskCount1 : maskOther;
        });
    }
}
