using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

public class StringTests
{
    /// <summary>rsi/rdi inside the scratch area, a small count in rcx, DF random.</summary>
    private static List<Input> StringInputs(Arch arch, int seed, int count, int srcOffset = 160, int dstOffset = 352,
        bool allowDf = true, Action<Input, int, Random>? more = null) =>
        Inputs(arch, seed, count, (i, k, rng) =>
        {
            i.Ptr("rsi", srcOffset).Ptr("rdi", dstOffset);
            i.Gpr[1] = k == 0 ? 0 : (ulong)rng.Next(0, 17);
            if (allowDf && rng.Next(2) == 0) i.Flags |= DF;
            more?.Invoke(i, k, rng);
        });

    public static IEnumerable<Case> StringCases(Arch arch)
    {
        int seed = 2000;
        const ulong Keep = Arith | DF;
        foreach (int bits in Widths(arch))
        {
            string s = Suffix(bits);
            foreach (var op in new[] { "movs", "stos", "lods", "scas", "cmps" })
            {
                yield return new Case($"{op}{s}", $"    {op}{s}", StringInputs(arch, seed++, 6), Keep);
                string prefix = op is "scas" or "cmps" ? "repe" : "rep";
                yield return new Case($"{prefix} {op}{s}", $"    {prefix} {op}{s}", StringInputs(arch, seed++, 10), Keep);
                if (op is "scas" or "cmps")
                    yield return new Case($"repne {op}{s}", $"    repne {op}{s}", StringInputs(arch, seed++, 10), Keep);
            }
            // Equal data: cmps runs to the end; scas after a fill finds equal elements.
            yield return new Case($"repe cmps{s} same", $"    repe cmps{s}", StringInputs(arch, seed++, 6, 200, 200), Keep);
            string rdi = arch == Arch.X64 ? "%rdi" : "%edi", rcx = arch == Arch.X64 ? "%rcx" : "%ecx";
            string rbx = arch == Arch.X64 ? "%rbx" : "%ebx", rdx = arch == Arch.X64 ? "%rdx" : "%edx";
            yield return new Case($"stos then repe scas{s}",
                $"    mov {rdi}, {rbx}\n    mov {rcx}, {rdx}\n    rep stos{s}\n    mov {rbx}, {rdi}\n    mov {rdx}, {rcx}\n" +
                $"    add $2, {rcx}\n    repe scas{s}", StringInputs(arch, seed++, 8, allowDf: false), Keep);
            yield return new Case($"stos then repne scas{s}",
                $"    mov {rdi}, {rbx}\n    mov {rcx}, {rdx}\n    rep stos{s}\n    mov {rbx}, {rdi}\n    mov {rdx}, {rcx}\n" +
                $"    add $2, {rcx}\n    repne scas{s}", StringInputs(arch, seed++, 8, allowDf: false), Keep);
        }
        // Overlapping forward copies: dst = src + 1 is a pattern fill, dst < src is a plain move.
        foreach (var (name, src, dst) in new[] { ("dst=src+1", 160, 161), ("dst=src-3", 160, 157), ("dst=src+5", 160, 165), ("dst=src", 160, 160) })
        {
            yield return new Case($"rep movsb {name}", "    rep movsb", StringInputs(arch, seed++, 6, src, dst, allowDf: false), Keep);
            yield return new Case($"rep movsl {name}", "    rep movsl", StringInputs(arch, seed++, 6, src, dst, allowDf: false), Keep);
        }
        yield return new Case("rep movsb long", "    mov $300, %ecx\n    rep movsb", StringInputs(arch, seed++, 2, 0, 200, allowDf: false), Keep);
        yield return new Case("rep stosb long", "    mov $300, %ecx\n    rep stosb", StringInputs(arch, seed++, 2, 0, 100, allowDf: false), Keep);
        if (arch == Arch.X64)
        {
            // 32-bit address size: esi/edi/ecx (the scratch area is below 4 GiB in these static binaries).
            yield return new Case("addr32 rep movsb", "    addr32 rep movsb", StringInputs(arch, seed++, 6, allowDf: false), Keep);
            yield return new Case("addr32 lodsw", "    addr32 lodsw", StringInputs(arch, seed++, 6), Keep);
        }
    }

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void StringInstructions(Arch arch) => Suite.Assert(arch, "strings");
}
