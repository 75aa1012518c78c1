using System.CommandLine;
using Translator.Cfg;
using Translator.Lifting;
using Translator.Lifting.Semantics;
using Translator.Pipeline;

namespace Translator.Cli;

/// <summary>The command line: a thin host over Translator.Pipeline.</summary>
public static class Commands
{
    /// <summary>Exit codes: 0 success, 1 bad input or failed translation, 2 usage error (System.CommandLine's own
    /// parse errors also end with 1; Program maps them to 2).</summary>
    public const int Ok = 0, Failed = 1, Usage = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("xlate - translate x86 Linux ELF programs into native AArch64 Linux programs\n\n" +
            "Exit status: 0 success; 1 bad input (one line on stderr says what and where) or a failed translation; " +
            "2 bad command line.");
        root.Subcommands.Add(TranslateCommand());
        root.Subcommands.Add(InspectCommand());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    private static Command TranslateCommand()
    {
        var input = new Argument<string>("input") { Description = "x86 (i386 or x86-64) static ELF executable" };
        var output = new Option<string>("--output", "-o") { Description = "AArch64 ELF to write", Required = true };
        var opt = new Option<int>("--opt-level", "-O") { Description = "LLVM optimisation level 0-3", DefaultValueFactory = _ => 2 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "modules compiled in parallel", DefaultValueFactory = _ => Environment.ProcessorCount };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "print the time of every pipeline stage and every untranslatable instruction" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "print nothing but errors" };
        var dump = new Option<string[]>("--dump")
        {
            Description = "write intermediate forms: cfg (Graphviz), ir (LLVM IR before/after optimisation), asm (AArch64); comma-separated or repeated",
            HelpName = "cfg|ir|asm|all",
        };
        var dumpDir = new Option<string?>("--dump-dir") { HelpName = "dir", Description = "where --dump writes (default: OUTPUT.dump/)" };
        var dumpFunction = new Option<string?>("--dump-function") { HelpName = "name|0xaddr", Description = "dump only this function: symbol name or guest address (0x401000)" };
        var all = new Option<bool>("--all-functions") { Description = "translate every function found, not only those reachable from the entry point" };
        var x87 = new Option<string>("--x87") { Description = "x87 model: exact (80-bit, bit-identical) or fast (doubles)", DefaultValueFactory = _ => "exact" };
        x87.AcceptOnlyFromAmong("exact", "fast");
        var memoryModel = new Option<string>("--memory-model")
        {
            Description = "guest memory ordering: auto (tso if the program can start threads, else relaxed), relaxed (plain ARM loads/stores) or tso (x86 total store order kept with barriers; docs/memory-model.md)",
            DefaultValueFactory = _ => "auto",
        };
        memoryModel.AcceptOnlyFromAmong("auto", "relaxed", "tso");
        var signalChecks = new Option<string>("--signal-checks")
        {
            Description = "where waiting signals reach the guest: syscalls (fastest) or loops (also every backward branch, so a busy loop sees them; docs/signals.md)",
            DefaultValueFactory = _ => "syscalls",
        };
        signalChecks.AcceptOnlyFromAmong("syscalls", "loops");
        var faults = new Option<string>("--faults")
        {
            Description = "what a SIGSEGV/SIGBUS handler sees: fast (exact rip; free) or precise (every register exact at every memory access, and the handler may edit them, retry or skip the instruction; slower; docs/signals.md)",
            DefaultValueFactory = _ => "fast",
        };
        faults.AcceptOnlyFromAmong("fast", "precise");
        var cmd = new Command("translate", "translate one x86 ELF executable into an AArch64 ELF executable")
            { input, output, opt, jobs, verbose, quiet, dump, dumpDir, dumpFunction, all, x87, memoryModel, signalChecks, faults };
        cmd.SetAction(r => Run(() =>
        {
            bool v = r.GetValue(verbose), q = r.GetValue(quiet);
            string outputPath = r.GetValue(output)!;
            var kinds = ParseDumpKinds(r.GetValue(dump) ?? []);
            var options = new TranslateOptions
            {
                OptLevel = r.GetValue(opt),
                Jobs = r.GetValue(jobs),
                Log = v && !q ? line => Console.Error.WriteLine("xlate: " + line) : null,
                Dump = kinds,
                DumpDirectory = kinds == DumpKinds.None ? null : r.GetValue(dumpDir) ?? outputPath + ".dump",
                DumpFunction = r.GetValue(dumpFunction),
                AllFunctions = r.GetValue(all),
                X87 = r.GetValue(x87) == "fast" ? X87Precision.Fast : X87Precision.Exact,
                MemoryModel = r.GetValue(memoryModel) switch { "tso" => MemoryModel.Tso, "relaxed" => MemoryModel.Relaxed, _ => null },
                SignalChecks = r.GetValue(signalChecks) == "loops" ? SignalChecks.Loops : SignalChecks.Syscalls,
                Faults = r.GetValue(faults) == "precise" ? FaultModel.Precise : FaultModel.Fast,
            };
            if (options.DumpFunction != null && kinds == DumpKinds.None)
                throw new TranslationException("--dump-function needs --dump=cfg|ir|asm");
            var diagnostics = ProgressDisplay.Wanted(quiet: q || v)
                ? ProgressDisplay.Run(progress => Translation.TranslateFile(r.GetValue(input)!, outputPath, options with { Progress = progress }))
                : Translation.TranslateFile(r.GetValue(input)!, outputPath, options);
            if (diagnostics.Unsupported.Count > 0 && !q)
            {
                Console.Error.WriteLine($"xlate: note: {diagnostics.Unsupported.Count} instructions have no translation and trap " +
                    "if reached (--verbose lists them; `xlate inspect` shows coverage)");
                if (v)
                    foreach (var u in diagnostics.Unsupported.DistinctBy(u => u.What).OrderBy(u => u.Address))
                        Console.Error.WriteLine($"xlate:   0x{u.Address:x}: {u.What} [{u.Bytes}]");
            }
            if (kinds != DumpKinds.None && !q) Console.Error.WriteLine($"xlate: dumps written to {options.DumpDirectory}");
        }));
        return cmd;
    }

    private static DumpKinds ParseDumpKinds(IEnumerable<string> values)
    {
        var kinds = DumpKinds.None;
        foreach (var word in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            kinds |= word switch
            {
                "cfg" => DumpKinds.Cfg,
                "ir" => DumpKinds.Ir,
                "asm" => DumpKinds.Asm,
                "all" => DumpKinds.Cfg | DumpKinds.Ir | DumpKinds.Asm,
                _ => throw new TranslationException($"--dump: unknown form '{word}' (expected cfg, ir, asm or all)"),
            };
        return kinds;
    }

    private static Command InspectCommand()
    {
        var input = new Argument<string>("input") { Description = "x86 ELF executable" };
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var cmd = new Command("inspect", "show what the translator finds in an x86 executable") { input, json };
        cmd.SetAction(r => Run(() =>
        {
            var program = Translation.Discover(r.GetValue(input)!);
            InspectReport.Write(program, Console.Out, insn => SemanticsTable.Default.IsSupported(insn), r.GetValue(json));
        }));
        return cmd;
    }

    /// <summary>Runs a command body; user-facing failures become one line on stderr and exit code 1.</summary>
    private static int Run(Action body)
    {
        try
        {
            body();
            return Ok;
        }
        catch (TranslationException ex)
        {
            Console.Error.WriteLine("xlate: " + ex.Message);
            return Failed;
        }
        catch (Exception ex) when (ex is Translator.Elf.ElfFormatException or Translator.X86.UnsupportedBinaryException
                                       or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("xlate: " + ex.Message);
            return Failed;
        }
    }
}
