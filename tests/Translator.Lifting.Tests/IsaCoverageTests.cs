using System.Diagnostics;
using System.Text;
using Iced.Intel;
using Translator.Lifting.Semantics;

namespace Translator.Lifting.Tests;

/// <summary>
/// docs/isa-coverage.md: for every mnemonic of the general-purpose set (issue 3), whether the lifter has semantics
/// for it and whether a differential case (<see cref="Suite"/>) runs it, per guest. "Tested" is measured, not
/// declared: every snippet is assembled and decoded with Iced. XLATE_UPDATE_GOLDEN=1 rewrites the file; otherwise
/// the test fails when the checked-in file is stale.
/// </summary>
public class IsaCoverageTests
{
    [Flags]
    private enum Guests { X64 = 1, I386 = 2, Both = 3 }

    private static readonly (string Category, Guests Where, Mnemonic[] Mnemonics)[] GeneralPurpose =
    {
        ("arithmetic", Guests.Both, new[]
        {
            Mnemonic.Add, Mnemonic.Adc, Mnemonic.Sub, Mnemonic.Sbb, Mnemonic.Cmp, Mnemonic.Inc, Mnemonic.Dec,
            Mnemonic.Neg, Mnemonic.Mul, Mnemonic.Imul, Mnemonic.Div, Mnemonic.Idiv,
        }),
        ("logic", Guests.Both, new[] { Mnemonic.And, Mnemonic.Or, Mnemonic.Xor, Mnemonic.Not, Mnemonic.Test }),
        ("shifts and rotates", Guests.Both, new[]
        {
            Mnemonic.Shl, Mnemonic.Sal, Mnemonic.Shr, Mnemonic.Sar, Mnemonic.Rol, Mnemonic.Ror, Mnemonic.Rcl,
            Mnemonic.Rcr, Mnemonic.Shld, Mnemonic.Shrd,
        }),
        ("bits and counts", Guests.Both, new[]
        {
            Mnemonic.Bt, Mnemonic.Bts, Mnemonic.Btr, Mnemonic.Btc, Mnemonic.Bsf, Mnemonic.Bsr, Mnemonic.Lzcnt,
            Mnemonic.Tzcnt, Mnemonic.Popcnt,
        }),
        ("BMI1/BMI2/ADX", Guests.Both, new[]
        {
            Mnemonic.Andn, Mnemonic.Bextr, Mnemonic.Blsi, Mnemonic.Blsmsk, Mnemonic.Blsr, Mnemonic.Bzhi, Mnemonic.Mulx,
            Mnemonic.Pdep, Mnemonic.Pext, Mnemonic.Rorx, Mnemonic.Sarx, Mnemonic.Shlx, Mnemonic.Shrx, Mnemonic.Adcx,
            Mnemonic.Adox,
        }),
        ("byte order", Guests.Both, new[] { Mnemonic.Bswap, Mnemonic.Movbe }),
        ("exchanges", Guests.Both, new[] { Mnemonic.Xchg, Mnemonic.Xadd, Mnemonic.Cmpxchg, Mnemonic.Cmpxchg8b }),
        ("exchanges", Guests.X64, new[] { Mnemonic.Cmpxchg16b }),
        ("conditions", Guests.Both, new[]
        {
            Mnemonic.Seto, Mnemonic.Setno, Mnemonic.Setb, Mnemonic.Setae, Mnemonic.Sete, Mnemonic.Setne, Mnemonic.Setbe,
            Mnemonic.Seta, Mnemonic.Sets, Mnemonic.Setns, Mnemonic.Setp, Mnemonic.Setnp, Mnemonic.Setl, Mnemonic.Setge,
            Mnemonic.Setle, Mnemonic.Setg,
            Mnemonic.Cmovo, Mnemonic.Cmovno, Mnemonic.Cmovb, Mnemonic.Cmovae, Mnemonic.Cmove, Mnemonic.Cmovne,
            Mnemonic.Cmovbe, Mnemonic.Cmova, Mnemonic.Cmovs, Mnemonic.Cmovns, Mnemonic.Cmovp, Mnemonic.Cmovnp,
            Mnemonic.Cmovl, Mnemonic.Cmovge, Mnemonic.Cmovle, Mnemonic.Cmovg,
        }),
        ("branches", Guests.Both, new[]
        {
            Mnemonic.Jo, Mnemonic.Jno, Mnemonic.Jb, Mnemonic.Jae, Mnemonic.Je, Mnemonic.Jne, Mnemonic.Jbe, Mnemonic.Ja,
            Mnemonic.Js, Mnemonic.Jns, Mnemonic.Jp, Mnemonic.Jnp, Mnemonic.Jl, Mnemonic.Jge, Mnemonic.Jle, Mnemonic.Jg,
            Mnemonic.Jmp, Mnemonic.Call, Mnemonic.Ret, Mnemonic.Loop, Mnemonic.Loope, Mnemonic.Loopne, Mnemonic.Jecxz,
        }),
        ("branches", Guests.X64, new[] { Mnemonic.Jrcxz }),
        ("branches", Guests.I386, new[] { Mnemonic.Jcxz }),
        ("flags", Guests.Both, new[]
        {
            Mnemonic.Lahf, Mnemonic.Sahf, Mnemonic.Pushf, Mnemonic.Popf, Mnemonic.Clc, Mnemonic.Stc, Mnemonic.Cmc,
            Mnemonic.Cld, Mnemonic.Std,
        }),
        ("flags", Guests.I386, new[] { Mnemonic.Pushfd, Mnemonic.Popfd }),
        ("flags", Guests.X64, new[] { Mnemonic.Pushfq, Mnemonic.Popfq }),
        ("conversions", Guests.Both, new[]
        {
            Mnemonic.Cbw, Mnemonic.Cwde, Mnemonic.Cwd, Mnemonic.Cdq, Mnemonic.Movsx, Mnemonic.Movzx,
        }),
        ("conversions", Guests.X64, new[] { Mnemonic.Cdqe, Mnemonic.Cqo, Mnemonic.Movsxd }),
        ("moves and stack", Guests.Both, new[]
        {
            Mnemonic.Mov, Mnemonic.Lea, Mnemonic.Push, Mnemonic.Pop, Mnemonic.Enter, Mnemonic.Leave, Mnemonic.Xlatb,
        }),
        ("strings", Guests.Both, new[]
        {
            Mnemonic.Movsb, Mnemonic.Movsw, Mnemonic.Movsd, Mnemonic.Stosb, Mnemonic.Stosw, Mnemonic.Stosd,
            Mnemonic.Lodsb, Mnemonic.Lodsw, Mnemonic.Lodsd, Mnemonic.Scasb, Mnemonic.Scasw, Mnemonic.Scasd,
            Mnemonic.Cmpsb, Mnemonic.Cmpsw, Mnemonic.Cmpsd,
        }),
        ("strings", Guests.X64, new[] { Mnemonic.Movsq, Mnemonic.Stosq, Mnemonic.Lodsq, Mnemonic.Scasq, Mnemonic.Cmpsq }),
        ("i386 only", Guests.I386, new[]
        {
            Mnemonic.Pusha, Mnemonic.Pushad, Mnemonic.Popa, Mnemonic.Popad, Mnemonic.Aaa, Mnemonic.Aas, Mnemonic.Aam,
            Mnemonic.Aad, Mnemonic.Daa, Mnemonic.Das, Mnemonic.Bound, Mnemonic.Into,
        }),
        ("system and hints", Guests.Both, new[]
        {
            Mnemonic.Cpuid, Mnemonic.Rdtsc, Mnemonic.Rdtscp, Mnemonic.Rdrand, Mnemonic.Rdseed, Mnemonic.Pause,
            Mnemonic.Ud2, Mnemonic.Int3, Mnemonic.Hlt, Mnemonic.Nop, Mnemonic.Endbr32, Mnemonic.Endbr64,
        }),
    };

    /// <summary>Branches, calls and returns are lifted by the function lifter, not through the table.</summary>
    private static readonly HashSet<Mnemonic> LiftedByFunctionLifter = new()
    {
        Mnemonic.Jo, Mnemonic.Jno, Mnemonic.Jb, Mnemonic.Jae, Mnemonic.Je, Mnemonic.Jne, Mnemonic.Jbe, Mnemonic.Ja,
        Mnemonic.Js, Mnemonic.Jns, Mnemonic.Jp, Mnemonic.Jnp, Mnemonic.Jl, Mnemonic.Jge, Mnemonic.Jle, Mnemonic.Jg,
        Mnemonic.Jmp, Mnemonic.Call, Mnemonic.Ret, Mnemonic.Loop, Mnemonic.Loope, Mnemonic.Loopne, Mnemonic.Jcxz,
        Mnemonic.Jecxz, Mnemonic.Jrcxz,
    };

    /// <summary>Why a mnemonic has no differential case (shown under the table).</summary>
    private static readonly (Mnemonic Mnemonic, string Why)[] NotDifferential =
    {
        (Mnemonic.Rdseed, "this host CPU has no RDSEED, so there is no native run to compare with (lifted like rdrand)"),
        (Mnemonic.Ud2, "ends the process: tests/Translator.EndToEnd.Tests/RuntimeFailureTests.cs checks the SIGILL"),
        (Mnemonic.Int3, "ends the process: RuntimeFailureTests.cs checks the SIGTRAP"),
        (Mnemonic.Hlt, "ends the process (SIGSEGV in user mode)"),
    };

    [Fact]
    public void CoverageReport_IsUpToDate()
    {
        string report = Report(TestedMnemonics(Arch.X64), TestedMnemonics(Arch.I386));
        string path = Path.Combine(RepoRoot(), "docs", "isa-coverage.md");
        if (Environment.GetEnvironmentVariable("XLATE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, report);
            return;
        }
        string current = File.Exists(path) ? File.ReadAllText(path) : "";
        Assert.True(current == report,
            $"{path} is stale: run this test with XLATE_UPDATE_GOLDEN=1 and commit the file");
    }

    [Fact]
    public void EveryListedMnemonicIsListedOnce()
    {
        var all = GeneralPurpose.SelectMany(g => g.Mnemonics).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    private static bool HasHandler(Mnemonic m) =>
        LiftedByFunctionLifter.Contains(m) || SemanticsTable.Default.TryGet(m, out _);

    private static string Report(HashSet<Mnemonic> x64, HashSet<Mnemonic> i386)
    {
        var sb = new StringBuilder();
        int total = 0, handled = 0, tested = 0, testedEverywhere = 0;
        var rows = new StringBuilder();
        foreach (var (category, where, mnemonics) in GeneralPurpose)
            foreach (var m in mnemonics)
            {
                bool handler = HasHandler(m);
                bool inX64 = where.HasFlag(Guests.X64) && x64.Contains(m), inI386 = where.HasFlag(Guests.I386) && i386.Contains(m);
                string Cell(Guests g, bool hit) => !where.HasFlag(g) ? "—" : hit ? "yes" : "**no**";
                total++;
                if (handler) handled++;
                if (inX64 || inI386) tested++;
                if ((!where.HasFlag(Guests.X64) || inX64) && (!where.HasFlag(Guests.I386) || inI386)) testedEverywhere++;
                rows.AppendLine($"| {category} | {m.ToString().ToLowerInvariant()} | {(handler ? "yes" : "**no**")} | " +
                                $"{Cell(Guests.X64, inX64)} | {Cell(Guests.I386, inI386)} |");
            }
        string Percent(int n) => $"{n}/{total} ({100.0 * n / total:F0} %)";
        sb.AppendLine("# General-purpose x86 coverage");
        sb.AppendLine();
        sb.AppendLine("Generated by tests/Translator.Lifting.Tests/IsaCoverageTests.cs (`XLATE_UPDATE_GOLDEN=1` rewrites it; the");
        sb.AppendLine("test fails while this file is stale). The list is the general-purpose set of issue 3, as Iced mnemonics.");
        sb.AppendLine("*Handler*: the lifter has semantics (the semantics table, or the function lifter for branches, calls and");
        sb.AppendLine("returns); an instruction without one is reported at translation time and raises SIGILL when reached.");
        sb.AppendLine("*x86-64* / *i386*: a differential case (tests/Translator.Lifting.Tests, Suite) executes the mnemonic in that");
        sb.AppendLine("guest and compares registers, flags and memory with the CPU; measured by assembling every case's snippet");
        sb.AppendLine("and decoding it. — : the instruction does not exist in that mode.");
        sb.AppendLine();
        sb.AppendLine($"* handler: {Percent(handled)}");
        sb.AppendLine($"* differentially tested in at least one guest: {Percent(tested)}");
        sb.AppendLine($"* differentially tested in every guest it exists in: {Percent(testedEverywhere)}");
        sb.AppendLine();
        sb.AppendLine("| category | mnemonic | handler | x86-64 | i386 |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.Append(rows);
        sb.AppendLine();
        sb.AppendLine("Without a differential case:");
        sb.AppendLine();
        foreach (var (m, why) in NotDifferential)
            sb.AppendLine($"* {m.ToString().ToLowerInvariant()}: {why}");
        sb.AppendLine("* bound and into are compared only where they do not trap (a trap ends the harness process).");
        return sb.ToString();
    }

    /// <summary>Mnemonics the differential cases of one guest execute: all snippets assembled and decoded.</summary>
    private static HashSet<Mnemonic> TestedMnemonics(Arch arch)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xlate-lifting-tests", "coverage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var source = new StringBuilder("    .text\n");
            foreach (var (_, cases) in Suite.Groups(arch))
                foreach (var c in cases)
                    source.AppendLine(c.Snippet);
            string s = Path.Combine(dir, "snippets.S"), o = Path.Combine(dir, "snippets.o"), bin = Path.Combine(dir, "snippets.bin");
            File.WriteAllText(s, source.ToString());
            string compiler = arch == Arch.X64 ? "gcc" : "i686-linux-gnu-gcc";
            RunTool(compiler, "-c", "-o", o, s);
            RunTool("objcopy", "-O", "binary", "-j", ".text", o, bin);
            var code = File.ReadAllBytes(bin);
            var decoder = Iced.Intel.Decoder.Create(arch == Arch.X64 ? 64 : 32, new ByteArrayCodeReader(code));
            var found = new HashSet<Mnemonic>();
            while (decoder.IP < (ulong)code.Length)
            {
                decoder.Decode(out var insn);
                found.Add(insn.Mnemonic);
            }
            return found;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void RunTool(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {err}");
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Translator.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root (Translator.sln) above " + AppContext.BaseDirectory);
    }
}
