using System.Text.RegularExpressions;

namespace Translator.EndToEnd.Tests;

/// <summary>
/// The translate command's options as a user meets them: dumps of one function or all, --quiet, usage errors,
/// guest function names in the output's symbol table, and the code --memory-model asks for (a golden check of the
/// emitted AArch64 for a function whose memory accesses are known one by one).
/// </summary>
public class CliTests
{
    /// <summary>x86-64, no libc: `work` makes two 32-bit loads from memory, one 32-bit store, one byte store and
    /// one stack store; _start calls it and exits with the byte it stored plus the loaded sum.</summary>
    private const string Source = """
        .text
        .globl work
        .type work, @function
        work:
            mov  (%rdi), %eax
            add  %eax, (%rsi)
            movb $7, (%rdx)
            mov  %rax, -8(%rsp)
            ret
        .size work, . - work
        .globl _start
        .type _start, @function
        _start:
            lea  a(%rip), %rdi
            lea  b(%rip), %rsi
            lea  c(%rip), %rdx
            call work
            mov  b(%rip), %edi
            movzbl c(%rip), %eax
            add  %eax, %edi
            mov  $60, %eax
            syscall
            hlt
        .size _start, . - _start
        .data
        a: .long 30
        b: .long 5
        c: .byte 0
        """;

    private static readonly Lazy<string> Program = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    static CliTests() => Directory.CreateDirectory(RepoPaths.BuildDir);

    private static string Build() => GuestPrograms.Assemble("cli", "work.x64", "gcc", Source);

    private static RunResult Xlate(params string[] args) =>
        ProcessRunner.Run(Cli.DotnetHost, [Cli.XlateDll, .. args], RepoPaths.BuildDir,
            environment: new Dictionary<string, string>(ProcessRunner.GuestEnvironment) { ["XLATE_CACHE_DIR"] = "off" }, stdin: null,
            timeout: TimeSpan.FromMinutes(3));

    private static string Output(string name)
    {
        var dir = RepoPaths.NewTempDir("cli");
        return Path.Combine(dir, name);
    }

    [Fact]
    public void DumpOfOneFunction_WritesItsCfgIrAndAssembly()
    {
        string output = Output("work.aarch64");
        var r = Xlate("translate", Program.Value, "-o", output, "-O1", "--dump=cfg,ir", "--dump", "asm", "--dump-function", "work");
        Assert.True(r.ExitCode == 0, r.StderrText);
        var dump = output + ".dump";
        var files = Directory.GetFiles(dump).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["work$401000.dot", "work$401000.ll", "work$401000.opt.ll", "work$401000.s"], files);
        Assert.Contains("add     %eax,(%rsi)", File.ReadAllText(Path.Combine(dump, "work$401000.dot")));
        Assert.StartsWith("define ", File.ReadAllText(Path.Combine(dump, "work$401000.opt.ll")));
        var asm = File.ReadAllText(Path.Combine(dump, "work$401000.s"));
        Assert.Matches(@"(?m)^""?work\$401000""?:$", asm);
        Assert.DoesNotMatch(@"(?m)^""?_start\$", asm); // only the one function (.cfi_startproc is no label)
        var run = TestArtifacts.RunGuest(output, underQemu: true, [], []);
        Assert.Equal(5 + 30 + 7, run.ExitCode);
    }

    [Fact]
    public void DumpOfEveryFunction_WritesPerModuleFiles()
    {
        string output = Output("all.aarch64");
        var r = Xlate("translate", Program.Value, "-o", output, "-O0", "--dump=all", "--dump-dir", output + ".d", "-q");
        Assert.True(r.ExitCode == 0, r.StderrText);
        Assert.Equal("", r.StderrText);
        foreach (var name in new[] { "cfg.dot", "part0.ll", "part0.opt.ll", "part0.s" })
            Assert.True(File.Exists(Path.Combine(output + ".d", name)), name);
        var cfg = File.ReadAllText(Path.Combine(output + ".d", "cfg.dot"));
        Assert.Contains("label=\"work 0x401000\"", cfg);
        Assert.Contains("label=\"_start 0x", cfg);
    }

    [Theory]
    [InlineData(new[] { "translate", "in" }, "Option '--output' is required")]
    [InlineData(new[] { "translate", "in", "-o", "out", "--x87=slow" }, "--x87")]
    [InlineData(new[] { "translate", "in", "-o", "out", "--frobnicate" }, "--frobnicate")]
    public void UsageErrors_ExitWithStatus2AndNameTheProblem(string[] args, string fragment)
    {
        var r = Xlate(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(fragment, r.StderrText);
        Assert.All(r.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("xlate: ", l));
    }

    [Fact]
    public void UnknownDumpFunction_IsOneLineError()
    {
        var r = Xlate("translate", Program.Value, "-o", Output("x"), "--dump=ir", "--dump-function", "nosuch");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("xlate: --dump-function: no function 'nosuch' in the input (`xlate inspect` lists the functions found)\n",
            r.StderrText);
    }

    [Fact]
    public void TranslatedOutput_NamesGuestFunctionsInItsSymbolTable()
    {
        string output = Output("syms.aarch64");
        Assert.Equal(0, Xlate("translate", Program.Value, "-o", output, "-O0", "-q").ExitCode);
        var symbols = ProcessRunner.RunChecked("llvm-nm-19", [output], RepoPaths.BuildDir, TimeSpan.FromMinutes(1)).StdoutText;
        Assert.Matches(@"(?m)^0*1[0-9a-f]+ T work\$401000$", symbols);
        Assert.Matches(@"(?m) T _start\$401[0-9a-f]+$", symbols);
    }

    /// <summary>Golden: in TSO mode the two wide loads are each followed by DMB ISHLD, the wide store follows a
    /// DMB ISH, the byte store is STLRB, the stack store is plain; relaxed mode has no ordering at all.</summary>
    [Theory]
    [InlineData("tso", 2, 1, 1)]
    [InlineData("relaxed", 0, 0, 0)]
    [InlineData("auto", 0, 0, 0)] // the program cannot start threads
    public void MemoryModel_OrdersEveryNonStackAccess(string model, int loadBarriers, int storeBarriers, int releaseBytes)
    {
        string output = Output($"mm-{model}.aarch64");
        var r = Xlate("translate", Program.Value, "-o", output, "-O2", "--memory-model", model,
            "--dump=asm", "--dump-function", "work");
        Assert.True(r.ExitCode == 0, r.StderrText);
        var asm = File.ReadAllText(output + ".dump/work$401000.s");
        int Count(string pattern) => Regex.Matches(asm, pattern, RegexOptions.Multiline).Count;
        Assert.Equal(loadBarriers, Count(@"^\s+dmb\s+ishld$"));
        Assert.Equal(storeBarriers, Count(@"^\s+dmb\s+ish$"));
        Assert.Equal(releaseBytes, Count(@"^\s+stlrb\s"));
        Assert.Equal(0, Count(@"^\s+(ldar|ldapr|stlr)[hw ]?\s")); // no wide acquire/release: they fault when misaligned
        var run = TestArtifacts.RunGuest(output, underQemu: true, [], []);
        Assert.Equal(5 + 30 + 7, run.ExitCode);
    }
}
