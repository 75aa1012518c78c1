using System.Diagnostics;
using System.Globalization;
using System.Text;
using Translator.Pipeline;

namespace Translator.Lifting.Tests;

public enum Arch { I386, X64 }

/// <summary>One input state: every GPR (except the stack pointer) and EFLAGS. A register can instead point into the
/// scratch area (at an offset), which the harness resolves at link time.</summary>
public sealed class Input
{
    public readonly ulong[] Gpr = new ulong[16];
    public readonly int?[] ScratchOffset = new int?[16];
    /// <summary>EFLAGS loaded with popf (only CF, PF, AF, ZF, SF, OF and DF are taken).</summary>
    public ulong Flags = 0x2;
    /// <summary>Overrides the case's defined-flags mask for this input (e.g. OF only defined for count 1).</summary>
    public ulong? FlagMask;
    /// <summary>Bits of each register that are compared (null: all).</summary>
    public ulong[]? RegisterMask;

    public Input Set(string reg, ulong value)
    {
        int i = InstructionHarness.RegIndex(reg);
        Gpr[i] = value;
        ScratchOffset[i] = null;
        return this;
    }

    public Input Ptr(string reg, int scratchOffset)
    {
        ScratchOffset[InstructionHarness.RegIndex(reg)] = scratchOffset;
        return this;
    }

    public Input WithFlags(ulong flags) { Flags = flags; return this; }

    public Input WithFlagMask(ulong mask) { FlagMask = mask; return this; }

    public Input IgnoreRegisterBits(string reg, ulong bits)
    {
        RegisterMask ??= Enumerable.Repeat(ulong.MaxValue, 16).ToArray();
        RegisterMask[InstructionHarness.RegIndex(reg)] &= ~bits;
        return this;
    }

    public string Describe(Arch arch)
    {
        var sb = new StringBuilder();
        int n = arch == Arch.X64 ? 16 : 8;
        for (int i = 0; i < n; i++)
        {
            if (i == 4) continue;
            sb.Append(InstructionHarness.RegName(arch, i)).Append('=');
            sb.Append(ScratchOffset[i] is { } off ? $"scratch+{off}" : $"0x{Gpr[i]:x}").Append(' ');
        }
        sb.Append($"flags=0x{Flags:x}");
        return sb.ToString();
    }
}

/// <summary>A snippet with its inputs and the EFLAGS bits the instruction defines.</summary>
public sealed record Case(string Name, string Snippet, IReadOnlyList<Input> Inputs, ulong FlagMask);

/// <summary>
/// Differential testing of instruction semantics: a snippet of GNU as (AT&amp;T) code is run natively on x86 and,
/// translated, under qemu-aarch64, for many input states; all GPRs, EFLAGS and a scratch memory area are
/// compared after each run. Several cases go into one binary to keep the number of translations small.
/// </summary>
public static class InstructionHarness
{
    public const ulong CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;
    public const ulong Arith = CF | PF | AF | ZF | SF | OF;
    public const int ScratchSize = 512;

    private static readonly string[] Names64 =
        { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
    private static readonly string[] Names32 = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

    public static int RegIndex(string name)
    {
        int i = Array.IndexOf(Names64, name);
        if (i < 0) i = Array.IndexOf(Names32, name);
        if (i < 0) throw new ArgumentException($"unknown register {name}");
        return i;
    }

    public static string RegName(Arch arch, int i) => arch == Arch.X64 ? Names64[i] : Names32[i];

    /// <summary>Random inputs: every register random (mixed with edge values), random arithmetic flags.</summary>
    public static Input RandomInput(Random rng, Arch arch)
    {
        var input = new Input();
        for (int i = 0; i < 16; i++) input.Gpr[i] = RandomValue(rng, arch);
        input.Flags = RandomFlags(rng);
        return input;
    }

    public static ulong RandomFlags(Random rng) => 0x2 | ((ulong)rng.NextInt64() & Arith);

    private static readonly ulong[] Edges =
    {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
        0x7fffffffffffffff, 0x8000000000000000, ulong.MaxValue, ulong.MaxValue - 1,
    };

    public static ulong RandomValue(Random rng, Arch arch)
    {
        ulong v = rng.Next(4) switch
        {
            0 => Edges[rng.Next(Edges.Length)],
            1 => (ulong)rng.Next(256),
            _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63),
        };
        return arch == Arch.X64 ? v : v & 0xffffffff;
    }

    /// <summary>Builds the cases into one binary, runs it natively and translated and fails on any difference.</summary>
    public static void Check(Arch arch, params Case[] cases)
    {
        var result = Run(arch, new[] { ("cases", cases) });
        if (result["cases"].Count > 0)
            throw new Xunit.Sdk.XunitException($"{result["cases"].Count} mismatches:\n" + string.Join("\n", result["cases"].Take(40)));
    }

    /// <summary>Runs groups of cases in one binary (one translation and one qemu start, which is slow here) and
    /// returns the problems found per group.</summary>
    public static Dictionary<string, List<string>> Run(Arch arch, IReadOnlyList<(string Group, Case[] Cases)> groups)
    {
        var cases = groups.SelectMany(g => g.Cases).ToArray();
        var owner = groups.SelectMany(g => g.Cases.Select(_ => g.Group)).ToArray();
        var problems = groups.ToDictionary(g => g.Group, _ => new List<string>());
        string dir = Path.Combine(Path.GetTempPath(), "xlate-lifting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        bool keep = false;
        try
        {
            var watch = Stopwatch.StartNew();
            var times = new List<string>();
            void Mark(string what) { times.Add($"{what} {watch.Elapsed.TotalSeconds:F2}"); }
            string source = Path.Combine(dir, "snippet.S");
            string native = Path.Combine(dir, arch == Arch.X64 ? "x64bin" : "i386bin");
            string translated = native + ".arm64";
            File.WriteAllText(source, Generate(arch, cases));
            var compiler = arch == Arch.X64 ? "gcc" : "i686-linux-gnu-gcc";
            var build = Run(compiler, new[] { "-static", "-nostdlib", "-no-pie", "-o", native, source }, dir);
            if (build.Exit != 0) throw new InvalidOperationException($"{compiler} failed:\n{build.Stderr}");
            Mark("build");
            var expected = Run(native, Array.Empty<string>(), dir);
            if (expected.Exit != 0) throw new InvalidOperationException($"native run exited {expected.Exit}: {expected.Stderr}");
            Mark("native");
            var diagnostics = Translation.TranslateFile(native, translated, new TranslateOptions { Jobs = 1 });
            Mark("translate");
            var actual = Run("qemu-aarch64", new[] { translated }, dir);
            Mark("qemu");
            if (Environment.GetEnvironmentVariable("XLATE_HARNESS_TIMES") is { Length: > 0 } log)
                File.AppendAllText(log, $"{arch} {cases.Length} cases: {string.Join(", ", times)}\n");

            var found = Compare(arch, cases, expected.Stdout, actual.Stdout);
            var general = new List<string>();
            if (diagnostics.Unsupported.Count > 0)
                general.Add("unsupported instructions: " + string.Join("; ",
                    diagnostics.Unsupported.Select(u => $"0x{u.Address:x} {u.What} [{u.Bytes}]")));
            if (actual.Exit != 0) general.Add($"translated run exited {actual.Exit}: {actual.Stderr.Trim()}");
            foreach (var (caseIndex, message) in found)
            {
                var list = caseIndex < 0 ? general : problems[owner[caseIndex]];
                list.Add(message);
            }
            foreach (var list in problems.Values)
                if (list.Count > 0)
                {
                    keep = true;
                    list.InsertRange(0, general);
                    list.Add($"(files in {dir})");
                }
            return problems;
        }
        finally
        {
            if (!keep) Directory.Delete(dir, recursive: true);
        }
    }

    private static int RegCount(Arch arch) => arch == Arch.X64 ? 16 : 8;
    private static int Word(Arch arch) => arch == Arch.X64 ? 8 : 4;
    private static int InputSize(Arch arch) => (RegCount(arch) + 1) * Word(arch);
    private static int OutputSize(Arch arch) => InputSize(arch) + ScratchSize;

    private static List<(int Case, string Message)> Compare(Arch arch, Case[] cases, byte[] expected, byte[] actual)
    {
        var problems = new List<(int, string)>();
        int ci = -1;
        int total = cases.Sum(c => c.Inputs.Count) * OutputSize(arch);
        if (expected.Length != total) throw new InvalidOperationException($"native output is {expected.Length} bytes, expected {total}");
        if (actual.Length != total) problems.Add((-1, $"translated output is {actual.Length} bytes, expected {total}"));
        int w = Word(arch);
        ulong Get(byte[] buf, int at) => at + w > buf.Length ? 0xdeadUL << 48
            : w == 8 ? BitConverter.ToUInt64(buf, at) : BitConverter.ToUInt32(buf, at);
        int offset = 0;
        foreach (var c in cases)
        {
            ci++;
            for (int k = 0; k < c.Inputs.Count; k++, offset += OutputSize(arch))
            {
                if (offset >= actual.Length) { problems.Add((ci, $"{c.Name} #{k}: no output")); continue; }
                var input = c.Inputs[k];
                string where = $"{c.Name} #{k} [{input.Describe(arch)}]";
                for (int r = 0; r < RegCount(arch); r++)
                {
                    if (r == 4) continue;
                    ulong mask = input.RegisterMask?[r] ?? ulong.MaxValue;
                    ulong e = Get(expected, offset + r * w) & mask, a = Get(actual, offset + r * w) & mask;
                    if (e != a) problems.Add((ci, $"{where}: {RegName(arch, r)} expected 0x{e:x} got 0x{a:x}"));
                }
                ulong flagMask = input.FlagMask ?? c.FlagMask;
                ulong ef = Get(expected, offset + RegCount(arch) * w) & flagMask;
                ulong af = Get(actual, offset + RegCount(arch) * w) & flagMask;
                if (ef != af) problems.Add((ci, $"{where}: flags expected {FlagString(ef)} got {FlagString(af)} (differ: {FlagString(ef ^ af)})"));
                int s = offset + InputSize(arch);
                for (int i = 0; i < ScratchSize; i++)
                {
                    if (s + i >= actual.Length) break;
                    if (expected[s + i] != actual[s + i])
                    {
                        problems.Add((ci, $"{where}: scratch[{i}] expected 0x{expected[s + i]:x2} got 0x{actual[s + i]:x2}"));
                        break;
                    }
                }
            }
        }
        return problems;
    }

    public static string FlagString(ulong f)
    {
        var parts = new List<string>();
        foreach (var (bit, name) in new[] { (CF, "CF"), (PF, "PF"), (AF, "AF"), (ZF, "ZF"), (SF, "SF"), (DF, "DF"), (OF, "OF") })
            if ((f & bit) != 0) parts.Add(name);
        return parts.Count == 0 ? "{}" : "{" + string.Join(",", parts) + "}";
    }

    // ---- assembly generation ----

    public static string Generate(Arch arch, Case[] cases)
    {
        var sb = new StringBuilder();
        bool x64 = arch == Arch.X64;
        int w = Word(arch), n = RegCount(arch);
        string sfx = x64 ? "q" : "l";
        string A(string sym) => x64 ? $"{sym}(%rip)" : sym;
        string R(int i) => "%" + RegName(arch, i);
        string ax = R(0), cx = R(1), si = R(6), di = R(7);
        sb.AppendLine("    .text\n    .globl _start\n_start:");
        for (int k = 0; k < cases.Length; k++)
            if (cases[k].Inputs.Count > 0) sb.AppendLine($"    call case{k}");
        if (x64) sb.AppendLine("    mov $60, %eax\n    xor %edi, %edi\n    syscall\n    hlt");
        else sb.AppendLine("    mov $1, %eax\n    xor %ebx, %ebx\n    int $0x80\n    hlt");
        int totalInputs = 0;
        for (int k = 0; k < cases.Length; k++)
        {
            var c = cases[k];
            if (c.Inputs.Count == 0) continue;
            // One function per case: small functions translate quickly, and each case writes its own results so
            // a crash is easy to place.
            int start = totalInputs * OutputSize(arch);
            totalInputs += c.Inputs.Count;
            sb.AppendLine($"    # case {c.Name}\ncase{k}:");
            sb.AppendLine($"    mov{sfx} $in{k}, {A("cur_in")}");
            sb.AppendLine($"    mov{sfx} ${c.Inputs.Count}, {A("remaining")}");
            sb.AppendLine($".Lcase{k}:");
            Copy(sb, arch, "pristine", "scratch", 0, $"r{k}");
            sb.AppendLine($"    mov{sfx} {A("cur_in")}, {ax}");
            sb.AppendLine($"    push{sfx} {n * w}({ax})");
            sb.AppendLine($"    popf{sfx}");
            for (int r = 1; r < n; r++)
                if (r != 4) sb.AppendLine($"    mov{sfx} {r * w}({ax}), {R(r)}");
            sb.AppendLine($"    mov{sfx} 0({ax}), {ax}");
            sb.AppendLine($"    # snippet\n{c.Snippet}\n    # end of snippet");
            sb.AppendLine($"    mov{sfx} {ax}, {A("save_ax")}");
            sb.AppendLine($"    pushf{sfx}");
            sb.AppendLine($"    pop{sfx} {A("save_flags")}");
            sb.AppendLine($"    mov{sfx} {A("cur_out")}, {ax}");
            for (int r = 1; r < n; r++)
                sb.AppendLine(r == 4 ? $"    mov{sfx} $0, {r * w}({ax})" : $"    mov{sfx} {R(r)}, {r * w}({ax})");
            sb.AppendLine($"    mov{sfx} {A("save_ax")}, {cx}\n    mov{sfx} {cx}, 0({ax})");
            sb.AppendLine($"    mov{sfx} {A("save_flags")}, {cx}\n    mov{sfx} {cx}, {n * w}({ax})");
            Copy(sb, arch, "scratch", null, InputSize(arch), $"d{k}");
            sb.AppendLine($"    add{sfx} ${OutputSize(arch)}, {A("cur_out")}");
            sb.AppendLine($"    add{sfx} ${InputSize(arch)}, {A("cur_in")}");
            sb.AppendLine($"    sub{sfx} $1, {A("remaining")}");
            sb.AppendLine($"    jnz .Lcase{k}");
            int len = c.Inputs.Count * OutputSize(arch);
            if (x64)
                sb.AppendLine($"    mov $1, %eax\n    mov $1, %edi\n    lea outbuf+{start}(%rip), %rsi\n    mov ${len}, %edx\n    syscall");
            else
                sb.AppendLine($"    mov $4, %eax\n    mov $1, %ebx\n    mov $outbuf+{start}, %ecx\n    mov ${len}, %edx\n    int $0x80");
            sb.AppendLine("    ret");
        }
        int total = totalInputs * OutputSize(arch);
        sb.AppendLine("    .data\n    .balign 16");
        string word = x64 ? ".quad" : ".long";
        sb.AppendLine($"cur_in: {word} 0\ncur_out: {word} outbuf\nremaining: {word} 0\nsave_ax: {word} 0\nsave_flags: {word} 0");
        var rng = new Random(12345);
        sb.AppendLine("    .balign 16\npristine:");
        for (int i = 0; i < ScratchSize; i += 16)
            sb.AppendLine("    .byte " + string.Join(",", Enumerable.Range(0, 16).Select(_ => rng.Next(256).ToString(CultureInfo.InvariantCulture))));
        sb.AppendLine("    .balign 64\nscratch:\n" + $"    .space {ScratchSize}");
        // A guard area after the scratch so small overruns stay inside our data.
        sb.AppendLine("    .space 256");
        for (int k = 0; k < cases.Length; k++)
        {
            sb.AppendLine($"    .balign 8\nin{k}:");
            foreach (var input in cases[k].Inputs)
            {
                var values = new List<string>();
                for (int r = 0; r < n; r++)
                {
                    if (input.ScratchOffset[r] is { } off) values.Add($"scratch+{off}");
                    else values.Add("0x" + (x64 ? input.Gpr[r] : input.Gpr[r] & 0xffffffff).ToString("x"));
                }
                values.Add("0x" + ((input.Flags & (Arith | DF)) | 0x2).ToString("x"));
                sb.AppendLine($"    {word} " + string.Join(",", values));
            }
        }
        sb.AppendLine($"    .bss\n    .balign 16\noutbuf:\n    .space {Math.Max(total, 16)}");
        return sb.ToString();
    }

    /// <summary>Copies the scratch area with plain moves: from <paramref name="from"/> to the symbol
    /// <paramref name="to"/>, or (to == null) to cur_out + <paramref name="outOffset"/>.</summary>
    private static void Copy(StringBuilder sb, Arch arch, string from, string? to, int outOffset, string label)
    {
        bool x64 = arch == Arch.X64;
        string sfx = x64 ? "q" : "l";
        string A(string sym) => x64 ? $"{sym}(%rip)" : sym;
        string ax = x64 ? "%rax" : "%eax", cx = x64 ? "%rcx" : "%ecx", si = x64 ? "%rsi" : "%esi", di = x64 ? "%rdi" : "%edi";
        int w = Word(arch);
        sb.AppendLine(x64 ? $"    lea {from}(%rip), %rsi" : $"    mov ${from}, %esi");
        if (to != null) sb.AppendLine(x64 ? $"    lea {to}(%rip), %rdi" : $"    mov ${to}, %edi");
        else sb.AppendLine($"    mov{sfx} {A("cur_out")}, {di}\n    add{sfx} ${outOffset}, {di}");
        sb.AppendLine($"    mov{sfx} ${ScratchSize / w}, {cx}");
        sb.AppendLine($".L{label}:\n    mov{sfx} ({si}), {ax}\n    mov{sfx} {ax}, ({di})\n    add{sfx} ${w}, {si}\n    add{sfx} ${w}, {di}" +
                      $"\n    sub{sfx} $1, {cx}\n    jnz .L{label}");
    }

    private sealed record ProcResult(int Exit, byte[] Stdout, string Stderr);

    private static ProcResult Run(string file, string[] args, string dir)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = new MemoryStream();
        var outTask = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var errTask = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        outTask.Wait();
        return new ProcResult(p.ExitCode, stdout.ToArray(), errTask.Result);
    }
}
