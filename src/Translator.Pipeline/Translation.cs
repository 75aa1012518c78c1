using System.Diagnostics;
using Translator.Backend;
using Translator.Cfg;
using Translator.Elf;
using Translator.Lifting;
using Translator.X86;

namespace Translator.Pipeline;

/// <summary>Options of one translation.</summary>
public sealed record TranslateOptions
{
    public int OptLevel { get; init; } = 2;
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public int FunctionsPerModule { get; init; } = 150;
    /// <summary>Translate every discovered function, not only those reachable from the entry point.</summary>
    public bool AllFunctions { get; init; }
    /// <summary>x87 model: exact 80-bit (default) or fast doubles (docs/x87.md).</summary>
    public X87Precision X87 { get; init; } = X87Precision.Exact;
    /// <summary>Ordering of guest loads and stores (docs/memory-model.md); null: TSO when the program can start
    /// threads, else relaxed.</summary>
    public MemoryModel? MemoryModel { get; init; }
    /// <summary>Where translated code checks for waiting signals (docs/signals.md).</summary>
    public SignalChecks SignalChecks { get; init; } = SignalChecks.Syscalls;
    /// <summary>What a fault handler sees and may change (docs/signals.md).</summary>
    public FaultModel Faults { get; init; } = FaultModel.Fast;
    /// <summary>Receives "stage: time" lines when set (--verbose).</summary>
    public Action<string>? Log { get; init; }
    /// <summary>Receives (stage, done, total) as stages advance, for a progress display.</summary>
    public Action<string, int, int>? Progress { get; init; }
    /// <summary>What to write to <see cref="DumpDirectory"/> (--dump).</summary>
    public DumpKinds Dump { get; init; }
    public string? DumpDirectory { get; init; }
    /// <summary>Restricts dumps to one function, by symbol name or guest address (null: every function).</summary>
    public string? DumpFunction { get; init; }
}

/// <summary>Intermediate forms `--dump` can write: the recovered control-flow graph (Graphviz), LLVM IR before and
/// after optimisation, AArch64 assembly.</summary>
[Flags]
public enum DumpKinds { None = 0, Cfg = 1, Ir = 2, Asm = 4 }

/// <summary>Thrown for a problem with the user's input or environment; Message is one line for the user.</summary>
public sealed class TranslationException(string message) : Exception(message);

/// <summary>
/// The translation pipeline, every stage in order:
///   1. load      read and validate the x86 ELF
///   2. discover  find functions, blocks and jump tables (Translator.Cfg)
///      reachability keep the functions a run can reach (all with --all-functions)
///      fault entries with --faults=precise, every memory access starts a block the runtime can enter
///   3. partition group functions into LLVM modules
///   4. compile   lift to LLVM IR, optimise, emit AArch64 objects, modules in parallel (Translator.Lifting/Backend)
///   5. tables    the runtime's entry table and guest image facts
///   6. image     the guest's segments as an object placed at their own addresses
///   7. link      runtime + translated code + guest image → static AArch64 ELF
/// </summary>
public static class Translation
{
    public static GuestProgram Discover(string inputPath, Action<string>? log = null)
    {
        var elf = Stage(log, "load", () =>
        {
            var file = ElfFile.Load(inputPath);
            // A static-pie links at 0 and relocates itself wherever it is loaded; translated code has the guest's
            // absolute addresses built in, so the translator views (and the runtime maps) it at a fixed base.
            return file.IsStaticPie ? file.LoadedAt(StaticPieLoadBase) : file;
        });
        return Stage(log, "discover", () => CodeDiscovery.Discover(elf));
    }

    /// <summary>Where a static-pie guest image is placed: below 4 GiB (i386 reach), away from the runtime's own
    /// code at 4 GiB (runtime/link.ld.in) and from anything the runtime maps.</summary>
    public const ulong StaticPieLoadBase = 0x1000_0000;

    public static LiftDiagnostics TranslateFile(string inputPath, string outputPath, TranslateOptions? options = null)
    {
        options ??= new TranslateOptions();
        var log = options.Log;
        try
        {
            var runtime = RuntimeFiles.Locate();
            string key = TranslationCache.Key(File.ReadAllBytes(inputPath), options, runtime.Object);
            if (options.Dump == DumpKinds.None && TranslationCache.TryFetch(key, outputPath))
            {
                log?.Invoke("cache: hit");
                return new LiftDiagnostics();
            }
            var program = Discover(inputPath, log);
            var dumps = new Dumps(options, program);
            if (!options.AllFunctions) Stage(log, "reachability", () => KeepReachable(program));
            if (options.Faults == FaultModel.Precise) Stage(log, "fault entries", () => FaultResumeEntries.Apply(program));
            dumps.SelectFunction(program);
            dumps.WriteCfg(program);
            var memoryModel = options.MemoryModel ?? (ThreadStartEntries.MayCreateThreads(program) ? MemoryModel.Tso : MemoryModel.Relaxed);
            log?.Invoke($"memory model: {memoryModel.ToString().ToLowerInvariant()}{(options.MemoryModel == null ? " (auto)" : "")}");
            var groups = Stage(log, "partition", () => ModuleCompiler.Partition(program, options.FunctionsPerModule));
            var codegen = new CodegenOptions
            {
                OptLevel = options.OptLevel,
                Lift = new LiftOptions { X87 = options.X87, Memory = memoryModel, SignalChecks = options.SignalChecks,
                    Faults = options.Faults },
            };
            var diagnostics = new LiftDiagnostics();
            var objects = new byte[groups.Count][];
            int done = 0;
            options.Progress?.Invoke("compile", 0, groups.Count);
            Stage(log, $"compile ({program.Functions.Count} functions, {groups.Count} modules)", () =>
                Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs) },
                    i =>
                    {
                        var watch = Stopwatch.StartNew();
                        objects[i] = ModuleCompiler.CompileGroup(program, groups[i], dumps.For(groups[i], codegen, $"part{i}"),
                            diagnostics, $"part{i}");
                        log?.Invoke($"  part{i}: {groups[i].Count} functions from 0x{groups[i][0].Entry:x}, " +
                                    $"{watch.Elapsed.TotalSeconds:F2} s");
                        options.Progress?.Invoke("compile", Interlocked.Increment(ref done), groups.Count);
                    }));
            var tables = Stage(log, "tables", () => ModuleCompiler.CompileTables(program, codegen));
            var (image, sections) = Stage(log, "image", () => GuestImage.Build(program.Elf));
            options.Progress?.Invoke("link", 0, 1);
            Stage(log, "link", () => LinkAll(runtime, objects, tables, image, sections, outputPath));
            options.Progress?.Invoke("link", 1, 1);
            if (options.Dump == DumpKinds.None) TranslationCache.Store(key, outputPath);
            return diagnostics;
        }
        catch (Exception ex) when (ex is ElfFormatException or UnsupportedBinaryException or ToolException or IOException
                                       or UnauthorizedAccessException)
        {
            // Tool failures (the linker) do not know which input they were working for.
            throw new TranslationException(ex is ToolException ? $"{inputPath}: {ex.Message}" : ex.Message);
        }
    }

    private static void KeepReachable(GuestProgram program)
    {
        var reached = Reachability.Compute(program);
        foreach (var entry in program.Functions.Keys.Where(k => !reached.Contains(k)).ToList())
            program.Functions.Remove(entry);
    }

    private static void LinkAll(RuntimeFiles runtime, byte[][] objects, byte[] tables, byte[] image, string sections,
        string outputPath)
    {
        string temp = Directory.CreateTempSubdirectory("xlate-").FullName;
        try
        {
            var paths = new List<string>();
            void Add(string name, byte[] bytes)
            {
                string p = Path.Combine(temp, name);
                File.WriteAllBytes(p, bytes);
                paths.Add(p);
            }
            for (int i = 0; i < objects.Length; i++) Add($"part{i}.o", objects[i]);
            Add("tables.o", tables);
            Add("guest.o", image);
            Linker.Link(runtime, paths, sections, outputPath);
            File.SetUnixFileMode(outputPath, File.GetUnixFileMode(outputPath) | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static T Stage<T>(Action<string>? log, string name, Func<T> run)
    {
        var watch = Stopwatch.StartNew();
        var result = run();
        log?.Invoke($"{name}: {watch.Elapsed.TotalSeconds:F2} s");
        return result;
    }

    private static void Stage(Action<string>? log, string name, Action run) => Stage(log, name, () => { run(); return 0; });
}
