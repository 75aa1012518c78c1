using System.Globalization;
using System.Text;

namespace Translator.Lifting.Tests.Sse;

/// <summary>
/// Differential cases for vector state (SSE4.2 string compares and crc32, MMX, fxsave/fxrstor), all in one binary
/// per architecture like <see cref="Suite"/>. The harness compares GPRs, flags and the scratch area, so snippets
/// store XMM/MMX/x87 results into the scratch area. Vector inputs come from a table embedded in the snippet
/// (<see cref="Table"/>), with a GPR picking the row per input.
/// </summary>
public static class VectorSuite
{
    public static IEnumerable<(string Group, Case[] Cases)> Groups(Arch arch)
    {
        yield return ("sse4.2 string compare", Sse42Tests.StringCompareCases(arch).ToArray());
        yield return ("sse4.2 crc32", Sse42Tests.Crc32Cases(arch).ToArray());
        yield return ("mmx arithmetic", MmxTests.ArithmeticCases(arch).ToArray());
        yield return ("mmx moves and conversions", MmxTests.MoveCases(arch).ToArray());
        yield return ("fxsave", FxsaveTests.Cases(arch).ToArray());
    }

    private static readonly SuiteRun Results = new(Groups);

    public static void Assert(Arch arch, string group) => Results.Assert(arch, group);

    private static int _labels;

    /// <summary>Assembly that puts <paramref name="rows"/> (each <paramref name="rowBytes"/> bytes, a power of two)
    /// into .rodata and points the base register (rbp/ebp) at row (rbx mod rows.Count); rbx becomes the row
    /// offset.</summary>
    public static string Table(Arch arch, IReadOnlyList<byte[]> rows, int rowBytes)
    {
        string label = "vtab" + Interlocked.Increment(ref _labels).ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine("    .pushsection .rodata\n    .balign 16");
        sb.AppendLine(label + ":");
        foreach (var row in rows)
            sb.AppendLine("    .byte " + string.Join(",", row.Select(b => b.ToString(CultureInfo.InvariantCulture))));
        sb.AppendLine("    .popsection");
        int shift = System.Numerics.BitOperations.Log2((uint)rowBytes);
        sb.AppendLine($"    and ${rows.Count - 1}, %ebx\n    shl ${shift}, %ebx");
        sb.AppendLine(arch == Arch.X64 ? $"    lea {label}(%rip), %rbp\n    add %rbx, %rbp" : $"    lea {label}(%ebx), %ebp");
        return sb.ToString();
    }

    /// <summary>Register name for the architecture: "ax" → %rax / %eax.</summary>
    public static string R(Arch arch, string name) => arch == Arch.X64 ? "%r" + name : "%e" + name;
}

public class VectorTests
{
    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void Sse42StringCompare(Arch arch) => VectorSuite.Assert(arch, "sse4.2 string compare");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void Sse42Crc32(Arch arch) => VectorSuite.Assert(arch, "sse4.2 crc32");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void MmxArithmetic(Arch arch) => VectorSuite.Assert(arch, "mmx arithmetic");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void MmxMovesAndConversions(Arch arch) => VectorSuite.Assert(arch, "mmx moves and conversions");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void FxsaveFxrstor(Arch arch) => VectorSuite.Assert(arch, "fxsave");
}
