using System.CommandLine;
using Translator.Cfg;
using Translator.Lifting.Semantics;
using Translator.Pipeline;

namespace Translator.Cli;

/// <summary>The command line: a thin host over Translator.Pipeline.</summary>
public static class Commands
{
    /// <summary>Exit codes: 0 success, 1 bad input or failed translation, 2 usage error.</summary>
    public const int Ok = 0, Failed = 1;

    public static RootCommand Build()
    {
        var root = new RootCommand("xlate - translate x86 Linux ELF programs into native AArch64 Linux programs");
        root.Subcommands.Add(TranslateCommand());
        root.Subcommands.Add(InspectCommand());
        return root;
    }

    private static Command TranslateCommand()
    {
        var input = new Argument<string>("input") { Description = "x86 (i386 or x86-64) static ELF executable" };
        var output = new Option<string>("--output", "-o") { Description = "AArch64 ELF to write", Required = true };
        var opt = new Option<int>("--opt-level", "-O") { Description = "LLVM optimisation level 0-3", DefaultValueFactory = _ => 2 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "modules compiled in parallel", DefaultValueFactory = _ => Environment.ProcessorCount };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "print the time of every pipeline stage" };
        var dump = new Option<string?>("--dump-ir") { Description = "directory to write each module's LLVM IR to" };
        var all = new Option<bool>("--all-functions") { Description = "translate every function found, not only those reachable from the entry point" };
        var x87 = new Option<string>("--x87") { Description = "x87 model: exact (80-bit, bit-identical) or fast (doubles)", DefaultValueFactory = _ => "exact" };
        x87.AcceptOnlyFromAmong("exact", "fast");
        var cmd = new Command("translate", "translate one x86 ELF executable into an AArch64 ELF executable")
            { input, output, opt, jobs, verbose, dump, all, x87 };
        cmd.SetAction(r => Run(() =>
        {
            bool v = r.GetValue(verbose);
            var options = new TranslateOptions
            {
                OptLevel = r.GetValue(opt),
                Jobs = r.GetValue(jobs),
                Log = v ? line => Console.Error.WriteLine("xlate: " + line) : null,
                DumpDirectory = r.GetValue(dump),
                AllFunctions = r.GetValue(all),
                X87 = r.GetValue(x87) == "fast" ? Translator.Lifting.X87Precision.Fast : Translator.Lifting.X87Precision.Exact,
            };
            if (options.DumpDirectory != null) Directory.CreateDirectory(options.DumpDirectory);
            var diagnostics = Translation.TranslateFile(r.GetValue(input)!, r.GetValue(output)!, options);
            if (diagnostics.Unsupported.Count > 0)
            {
                Console.Error.WriteLine($"xlate: note: {diagnostics.Unsupported.Count} instructions have no translation and trap " +
                    "if reached (--verbose lists them; `xlate inspect` shows coverage)");
                if (v)
                    foreach (var u in diagnostics.Unsupported.DistinctBy(u => u.What).OrderBy(u => u.Address))
                        Console.Error.WriteLine($"xlate:   0x{u.Address:x}: {u.What} [{u.Bytes}]");
            }
        }));
        return cmd;
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
