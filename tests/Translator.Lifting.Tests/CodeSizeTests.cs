using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Translator.Lifting;
using Translator.Pipeline;

namespace Translator.Lifting.Tests;

/// <summary>
/// Golden code size per instruction form (like FEX's InstructionCountCI): every form of CodeSize/forms.txt becomes
/// one guest function (the form, then ret) of one small ELF per guest, translated once at -O2 with --dump=asm; the
/// AArch64 instructions of each function, minus those of an empty function (just ret), are written to
/// CodeSize/x64.txt and CodeSize/i386.txt. A change that grows an instruction's code shows up as a diff there.
/// XLATE_UPDATE_GOLDEN=1 rewrites the files; otherwise the test fails listing every form whose count changed.
/// XLATE_CODESIZE_KEEP=1 keeps the generated source and the asm dumps in $TMPDIR/xlate-lifting-tests/codesize-*.
/// </summary>
public partial class CodeSizeTests
{
    private sealed record Form(string Section, string Text)
    {
        public bool IsX87 => Section.StartsWith("x87", StringComparison.Ordinal);
    }

    private sealed record Measured(Form Form, int Count, string? Unsupported);

    private const string EmptySymbol = "f_empty";

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void GoldenFile_IsUpToDate(Arch arch)
    {
        var forms = Forms(arch);
        var duplicates = forms.GroupBy(f => (f.Section, f.Text)).Where(g => g.Count() > 1).Select(g => g.Key.Text).ToList();
        Assert.True(duplicates.Count == 0, "forms.txt lists a form twice in one section: " + string.Join(", ", duplicates));

        var measured = Measure(arch, forms, X87Precision.Exact);
        var x87 = forms.Where(f => f.IsX87).Select(f => f with { Section = f.Section + " (--x87=fast)" }).ToList();
        if (x87.Count > 0) measured.AddRange(Measure(arch, x87, X87Precision.Fast));

        string golden = Render(arch, measured);
        string path = Path.Combine(CodeSizeDir(), arch == Arch.X64 ? "x64.txt" : "i386.txt");
        if (Environment.GetEnvironmentVariable("XLATE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, golden);
            return;
        }
        string current = File.Exists(path) ? File.ReadAllText(path) : "";
        if (current == golden) return;
        throw new Xunit.Sdk.XunitException($"{path} is stale; rerun with XLATE_UPDATE_GOLDEN=1 and review the diff:\n" +
                                           string.Join("\n", Differences(current, golden)));
    }

    [Fact]
    public void InstructionCount_SkipsLabelsDirectivesAndComments()
    {
        const string asm = "\t.globl\tf0$401000\n\t.p2align\t2\nf0$401000:\n\tldr\tx9, [x0, #32]\n.LBB1_2:\n\t// comment\n" +
                           "\tadd\tw10, w11, w10\n\tret\n.Lfunc_end1:\n\t.size\tf0$401000, .Lfunc_end1-f0$401000\n" +
                           "\"f1$401004\":\n\tret\n\t.size\tf1$401004, 4\n";
        var counts = CountInstructions(asm);
        Assert.Equal(3, counts[("f0", 0x401000UL)]);
        Assert.Equal(1, counts[("f1", 0x401004UL)]);
    }

    // ---- forms ----

    /// <summary>The forms of one guest. In forms.txt: "## section", then one form per line (instructions separated
    /// by ';'); a "x64:" or "i386:" prefix keeps a form to one guest; %Wxx is the guest's word-size register
    /// (%rxx or %exx).</summary>
    private static List<Form> Forms(Arch arch)
    {
        string path = Path.Combine(CodeSizeDir(), "forms.txt");
        var forms = new List<Form>();
        string section = "";
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith("## ", StringComparison.Ordinal)) { section = line[3..].Trim(); continue; }
            if (line.StartsWith('#')) continue;
            if (section.Length == 0) throw new InvalidOperationException($"{path}:{lineNumber}: form before the first ## section");
            var guest = GuestPrefix().Match(line);
            if (guest.Success)
            {
                if ((guest.Groups[1].Value == "x64") != (arch == Arch.X64)) continue;
                line = line[guest.Length..].Trim();
            }
            string word = arch == Arch.X64 ? "%r" : "%e";
            forms.Add(new Form(section, WordRegister().Replace(line, m => word + m.Groups[1].Value)));
        }
        return forms;
    }

    [GeneratedRegex(@"^(x64|i386):")]
    private static partial Regex GuestPrefix();

    [GeneratedRegex(@"%W(ax|cx|dx|bx|sp|bp|si|di)\b")]
    private static partial Regex WordRegister();

    private static string Symbol(int index) => $"f{index}";

    private static string Source(Arch arch, IReadOnlyList<Form> forms)
    {
        var sb = new StringBuilder("    .text\n    .globl _start\n    .type _start, @function\n_start:\n");
        sb.AppendLine(arch == Arch.X64 ? "    mov $60, %eax\n    xor %edi, %edi\n    syscall"
                                       : "    mov $1, %eax\n    xor %ebx, %ebx\n    int $0x80");
        sb.AppendLine("    hlt\n    .size _start, . - _start");
        void Function(string name, string body)
        {
            sb.AppendLine($"    # {body}");
            sb.AppendLine($"    .globl {name}\n    .type {name}, @function\n{name}:");
            foreach (var insn in body.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                sb.AppendLine("    " + insn);
            sb.AppendLine($"    ret\n    .size {name}, . - {name}");
        }
        Function(EmptySymbol, "");
        for (int i = 0; i < forms.Count; i++)
            Function(Symbol(i), forms[i].Text);
        sb.AppendLine("    .data\n    .balign 64\n    .globl data\ndata:\n    .space 64");
        return sb.ToString();
    }

    // ---- measuring ----

    private static List<Measured> Measure(Arch arch, IReadOnlyList<Form> forms, X87Precision x87)
    {
        // XLATE_CODESIZE_KEEP=1 keeps the source, binary and asm dumps, to look at the code behind a count.
        bool keep = Environment.GetEnvironmentVariable("XLATE_CODESIZE_KEEP") == "1";
        string dir = Path.Combine(Path.GetTempPath(), "xlate-lifting-tests",
            keep ? $"codesize-{arch}-{x87}".ToLowerInvariant() : "codesize-" + Guid.NewGuid().ToString("N"));
        if (keep && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        try
        {
            string source = Path.Combine(dir, "forms.S"), binary = Path.Combine(dir, "forms"), dumps = Path.Combine(dir, "asm");
            string text = Source(arch, forms);
            File.WriteAllText(source, text);
            Assemble(arch, source, binary, text.Split('\n'));
            var diagnostics = Translation.TranslateFile(binary, binary + ".arm64", new TranslateOptions
            {
                OptLevel = 2,
                AllFunctions = true,
                // Fixed, so that which functions share a module (and could be inlined into each other) never moves.
                FunctionsPerModule = 100,
                MemoryModel = MemoryModel.Relaxed,
                X87 = x87,
                Dump = DumpKinds.Asm,
                DumpDirectory = dumps,
            });
            var counts = new Dictionary<(string Name, ulong Address), int>();
            foreach (var file in Directory.GetFiles(dumps, "part*.s"))
                foreach (var (key, count) in CountInstructions(File.ReadAllText(file)))
                    counts[key] = count;
            var byName = counts.ToDictionary(c => c.Key.Name, c => (c.Key.Address, Count: c.Value));
            if (!byName.TryGetValue(EmptySymbol, out var empty))
                throw new InvalidOperationException($"code size: {EmptySymbol} is missing from the --dump=asm output in {dumps}");
            var starts = byName.OrderBy(c => c.Value.Address).Select(c => (c.Value.Address, c.Key)).ToList();
            var unsupported = new Dictionary<string, string>();
            foreach (var (address, what, _) in diagnostics.Unsupported)
            {
                string owner = starts.LastOrDefault(s => s.Address <= address).Key ?? "?";
                unsupported[owner] = unsupported.TryGetValue(owner, out var before) ? before + "; " + what : what;
            }
            var result = new List<Measured>();
            for (int i = 0; i < forms.Count; i++)
            {
                string name = Symbol(i);
                if (!byName.TryGetValue(name, out var found))
                    throw new InvalidOperationException($"code size: no translated function for form '{forms[i].Text}' ({name})");
                result.Add(new Measured(forms[i], found.Count - empty.Count, unsupported.GetValueOrDefault(name)));
            }
            return result;
        }
        finally
        {
            if (!keep) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>AArch64 instructions per function in a module's assembly: the lines between a function's label
    /// (name$guestaddress) and its .size directive, without labels, directives and comments.</summary>
    private static Dictionary<(string Name, ulong Address), int> CountInstructions(string asm)
    {
        var counts = new Dictionary<(string, ulong), int>();
        (string Name, ulong Address)? current = null;
        int count = 0;
        foreach (var line in asm.Split('\n'))
        {
            var label = FunctionLabel().Match(line);
            if (label.Success)
            {
                current = (label.Groups[1].Value, ulong.Parse(label.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                count = 0;
                continue;
            }
            if (current == null) continue;
            if (line.StartsWith("\t.size", StringComparison.Ordinal))
            {
                counts[current.Value] = count;
                current = null;
                continue;
            }
            string trimmed = line.Trim();
            if (line.StartsWith('\t') && trimmed.Length > 0 && !trimmed.StartsWith('.') && !trimmed.StartsWith("//", StringComparison.Ordinal))
                count++;
        }
        return counts;
    }

    [GeneratedRegex(@"^""?([A-Za-z_][A-Za-z0-9_.]*)\$([0-9a-f]+)""?:")]
    private static partial Regex FunctionLabel();

    // ---- golden file ----

    private static string Render(Arch arch, IReadOnlyList<Measured> measured)
    {
        var sb = new StringBuilder();
        string file = arch == Arch.X64 ? "x64.txt" : "i386.txt";
        sb.AppendLine($"# GENERATED by tests/Translator.Lifting.Tests/CodeSizeTests.cs from forms.txt: do not edit by hand.");
        sb.AppendLine($"# Regenerate: XLATE_UPDATE_GOLDEN=1 dotnet test tests/Translator.Lifting.Tests/Translator.Lifting.Tests.csproj -c Release --filter CodeSize");
        sb.AppendLine($"# {file}: {(arch == Arch.X64 ? "x86-64" : "i386")} guest, -O2, --memory-model=relaxed, --x87=exact unless the section says otherwise.");
        sb.AppendLine("# Each form is a guest function `form; ret`; the count is its AArch64 instructions minus those of an empty");
        sb.AppendLine("# function (`ret` alone), so it includes loading the registers the form reads from the guest state and storing");
        sb.AppendLine("# those it writes. It is static: every path counts, cold ones too (traps, runtime lookup). Flags die at ret, so");
        sb.AppendLine("# a form alone costs its result; a consumer after it (setcc, jcc, pushf) adds the flags it reads. A runtime");
        sb.AppendLine("# helper the code calls counts as one `bl`. XLATE_CODESIZE_KEEP=1 keeps the asm to look at.");
        string? section = null;
        foreach (var m in measured)
        {
            if (m.Form.Section != section)
            {
                section = m.Form.Section;
                sb.AppendLine().AppendLine($"## {section}");
            }
            string count = m.Unsupported == null ? m.Count.ToString(CultureInfo.InvariantCulture) : "-";
            sb.Append(count.PadLeft(5)).Append("  ").Append(m.Form.Text);
            if (m.Unsupported != null) sb.Append("    # unsupported: ").Append(m.Unsupported);
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>Per form (section and text): "count  form" lines of a golden file.</summary>
    private static Dictionary<string, string> Entries(string golden)
    {
        var entries = new Dictionary<string, string>();
        string section = "";
        foreach (var line in golden.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) { section = line[3..]; continue; }
            var entry = GoldenEntry().Match(line);
            if (entry.Success) entries[$"[{section}] {entry.Groups[2].Value}"] = entry.Groups[1].Value;
        }
        return entries;
    }

    [GeneratedRegex(@"^\s*(-?\d+|-)  (.*?)(    # unsupported: .*)?$")]
    private static partial Regex GoldenEntry();

    private static List<string> Differences(string current, string golden)
    {
        var before = Entries(current);
        var after = Entries(golden);
        var lines = new List<string>();
        foreach (var (form, count) in after)
        {
            if (!before.TryGetValue(form, out var old)) lines.Add($"  new      {form}: {count}");
            else if (old != count) lines.Add($"  changed  {form}: {old} → {count}");
        }
        foreach (var form in before.Keys.Where(f => !after.ContainsKey(f)))
            lines.Add($"  removed  {form}");
        if (lines.Count == 0) lines.Add("  (no count changed: the header, order or unsupported notes differ)");
        return lines;
    }

    // ---- helpers ----

    /// <summary>Builds the forms' ELF; an assembler error names the forms.txt line it comes from.</summary>
    private static void Assemble(Arch arch, string source, string binary, string[] sourceLines)
    {
        string compiler = arch == Arch.X64 ? "gcc" : "i686-linux-gnu-gcc";
        var psi = new ProcessStartInfo(compiler) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-static", "-nostdlib", "-no-pie", "-o", binary, source }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        output.Wait();
        if (p.ExitCode == 0) return;
        var rejected = AssemblerError().Matches(err)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1)
            .Where(line => line < sourceLines.Length)
            .Select(line => $"  '{sourceLines[line].Trim()}': {err.Split('\n').First(l => l.Contains($".S:{line + 1}:"))}")
            .Distinct();
        throw new InvalidOperationException($"code size: {compiler} rejects forms in CodeSize/forms.txt:\n" +
                                            string.Join("\n", rejected.DefaultIfEmpty(err)));
    }

    [GeneratedRegex(@"\.S:(\d+): Error")]
    private static partial Regex AssemblerError();

    private static string CodeSizeDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Translator.sln")))
                return Path.Combine(d.FullName, "tests", "Translator.Lifting.Tests", "CodeSize");
        throw new InvalidOperationException("cannot find the repository root (Translator.sln) above " + AppContext.BaseDirectory);
    }
}
