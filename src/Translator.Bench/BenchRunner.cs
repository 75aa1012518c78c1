using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace Translator.Bench;

public sealed record BenchOptions
{
    public required IReadOnlyList<Workload> Workloads { get; init; }
    /// <summary>Translate without the translation cache, so every translation time is measured now.</summary>
    public bool NoTranslationCache { get; init; }
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public Action<string>? Log { get; init; }
    /// <summary>Called with the report so far after each workload (to write partial reports).</summary>
    public Action<BenchReport>? WorkloadFinished { get; init; }
}

/// <summary>Builds the workloads, translates the x86 builds, runs every (workload, column) cell under
/// qemu-aarch64 with the instruction-count plugin and checks each run's stdout against the reference.</summary>
public sealed class BenchRunner(BenchEnvironment env, BenchOptions options)
{
    private readonly Action<string> _log = options.Log ?? (_ => { });

    public BenchReport Run()
    {
        string plugin = env.EnsurePlugin();
        BuildWorkloads();
        var (qemuX64, qemuI386, qemuWhy) = env.EnsureQemuX86();
        if (qemuWhy != null) _log("qemu x86 emulators: " + qemuWhy);
        var (box64, box64Why) = BenchEnvironment.FindBox64();

        var references = new ConcurrentDictionary<(string, GuestBuild), string?>();
        Directory.CreateDirectory(env.RunDirectory);
        var done = new List<WorkloadResult>();
        string host = $"{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}, " +
                      $"{Environment.ProcessorCount} cores";
        // One workload at a time, so an interrupted bench still has a report of the workloads finished so far.
        foreach (var w in options.Workloads)
        {
            var x64 = Translate(w, GuestBuild.X64);
            var i386 = Translate(w, GuestBuild.I386);
            var cells = new ConcurrentDictionary<string, CellResult>();
            Parallel.ForEach(BenchColumn.All, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, column =>
            {
                string? emulator = null, unavailable = null;
                if (column == BenchColumn.QemuX64) (emulator, unavailable) = (qemuX64, qemuWhy);
                else if (column == BenchColumn.QemuI386) (emulator, unavailable) = (qemuI386, qemuWhy);
                else if (column == BenchColumn.Box64) (emulator, unavailable) = (box64, box64Why);
                else if (column == BenchColumn.XlateJit) unavailable = "not implemented yet";
                var translation = column.Build == GuestBuild.X64 ? x64 : i386;
                if (column.Translated && translation.Error is { } error) unavailable = "translation failed: " + error;
                var result = unavailable != null
                    ? CellResult.Missing(unavailable)
                    : RunCell(w, column, emulator, plugin, references);
                cells[column.Id] = result;
                _log($"{w.Name} / {column.Title}: {(result.HasCount ? result.Instructions!.Value.ToString("N0", CultureInfo.InvariantCulture) : result.Note)}");
            });
            done.Add(new WorkloadResult(w, BenchColumn.All.ToDictionary(c => c.Id, c => cells[c.Id]), x64, i386));
            options.WorkloadFinished?.Invoke(new BenchReport(DateTime.UtcNow, host, BenchColumn.All, done.ToList()));
        }
        return new BenchReport(DateTime.UtcNow, host, BenchColumn.All, done);
    }

    private void BuildWorkloads()
    {
        _log("building workloads: " + string.Join(", ", options.Workloads.Select(w => w.Name)));
        var r = ProcessRunner.Run("bash",
            new[] { Path.Combine(env.RepositoryRoot, "bench", "build-workloads.sh"), env.BinaryDirectory }
                .Concat(options.Workloads.Select(w => w.Name)),
            timeout: TimeSpan.FromMinutes(20));
        if (r.ExitCode != 0) throw new BenchException("bench/build-workloads.sh failed: " + r.LastErrorLine);
    }

    private string BinaryPath(Workload w, GuestBuild build) =>
        Path.Combine(env.BinaryDirectory, $"{w.Name}.{BenchColumn.Suffix(build)}");

    private string TranslatedPath(Workload w, GuestBuild build) =>
        Path.Combine(env.TranslatedDirectory, $"{w.Name}.{BenchColumn.Suffix(build)}.arm64");

    private TranslationResult Translate(Workload w, GuestBuild build)
    {
        Directory.CreateDirectory(env.TranslatedDirectory);
        string input = BinaryPath(w, build), output = TranslatedPath(w, build);
        _log($"translating {Path.GetFileName(input)}");
        var environment = options.NoTranslationCache ? new Dictionary<string, string> { ["XLATE_CACHE_DIR"] = "off" } : null;
        var r = ProcessRunner.Run(env.TranslatorCommand[0],
            env.TranslatorCommand.Skip(1).Concat(["translate", input, "-o", output, "-O2", "-v"]),
            timeout: TimeSpan.FromMinutes(60), environment: environment);
        if (r.ExitCode != 0 || !File.Exists(output))
            return new TranslationResult(null, false, null, r.TimedOut ? "timeout" : r.LastErrorLine);
        bool cached = r.Stderr.Contains("cache: hit", StringComparison.Ordinal);
        string memo = Path.Combine(BenchEnvironment.CacheRoot, "bench-times", Sha256(output));
        double? seconds = r.Seconds;
        if (cached)
            seconds = File.Exists(memo) && double.TryParse(File.ReadAllText(memo), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(memo)!);
            File.WriteAllText(memo, r.Seconds.ToString("R", CultureInfo.InvariantCulture));
        }
        return new TranslationResult(seconds, cached, TextBytes(output));
    }

    private static string Sha256(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(f)).ToLowerInvariant();
    }

    /// <summary>Bytes of executable sections: translated code plus the runtime linked into it.</summary>
    public static long TextBytes(string elfPath) =>
        Translator.Elf.ElfFile.Load(elfPath).Sections.Where(s => s.IsAllocated && s.IsExecutable).Sum(s => (long)s.Size);

    /// <summary>The stdout every run of this build must reproduce: the x86 build run natively on an x86-64 host,
    /// else the native AArch64 build.</summary>
    private string? Reference(Workload w, GuestBuild build, ConcurrentDictionary<(string, GuestBuild), string?> references)
    {
        if (!BenchEnvironment.HostIsX64) build = GuestBuild.Arm64;
        if (build == GuestBuild.Arm64 && BenchEnvironment.HostIsX64) build = GuestBuild.X64;
        return references.GetOrAdd((w.Name, build), _ =>
        {
            var r = ProcessRunner.Run(BinaryPath(w, build), w.Arguments, env.BinaryDirectory, options.RunTimeout);
            return r.ExitCode == 0 ? w.NormaliseStdout(r.Stdout) : null;
        });
    }

    private CellResult RunCell(Workload w, BenchColumn column, string? emulator, string plugin,
        ConcurrentDictionary<(string, GuestBuild), string?> references)
    {
        string binary = column.Translated ? TranslatedPath(w, column.Build) : BinaryPath(w, column.Build);
        string countFile = Path.Combine(env.RunDirectory, $"{w.Name}.{column.Id}.{Environment.ProcessId}.count");
        File.Delete(countFile);
        var args = new List<string> { "-plugin", $"{plugin},out={countFile}" };
        if (emulator != null) args.Add(emulator);
        if (emulator != null && column.EmulatorArguments != null) args.AddRange(column.EmulatorArguments);
        args.Add(binary);
        args.AddRange(w.Arguments);
        var r = ProcessRunner.Run("qemu-aarch64", args, env.BinaryDirectory, options.RunTimeout);
        if (r.TimedOut) return CellResult.Missing($"timeout ({options.RunTimeout.TotalSeconds:0} s)");
        if (r.ExitCode != 0) return CellResult.Missing($"failed: exit {r.ExitCode}");
        string? expected = Reference(w, column.Build, references);
        if (expected == null) return CellResult.Missing("no reference output (native x86 run failed)");
        if (w.NormaliseStdout(r.Stdout) != expected) return new CellResult(null, "WRONG OUTPUT", r.Seconds);
        if (!File.Exists(countFile)) return CellResult.Missing("no instruction count (plugin wrote nothing)");
        string text = File.ReadAllText(countFile).Trim();
        if (!text.StartsWith("insns ", StringComparison.Ordinal) || !ulong.TryParse(text.AsSpan(6), out var count))
            return CellResult.Missing($"unreadable count '{text}'");
        var (wall, perf) = BenchEnvironment.HostIsArm64 ? MeasureNatively(w, column, binary, emulator) : (r.Seconds, (ulong?)null);
        return new CellResult(count, null, wall, perf);
    }

    /// <summary>On an arm64 host: wall time of a run without qemu, and the perf instruction counter if perf works.</summary>
    private (double? Wall, ulong? Perf) MeasureNatively(Workload w, BenchColumn column, string binary, string? emulator)
    {
        var command = new List<string>();
        if (emulator != null) command.Add(emulator);
        if (emulator != null && column.EmulatorArguments != null) command.AddRange(column.EmulatorArguments);
        command.Add(binary);
        command.AddRange(w.Arguments);
        var plain = ProcessRunner.Run(command[0], command.Skip(1), env.BinaryDirectory, options.RunTimeout);
        string perfOut = Path.Combine(env.RunDirectory, $"{w.Name}.{Path.GetFileName(binary)}.perf");
        var perf = ProcessRunner.Run("perf", new[] { "stat", "-x,", "-e", "instructions:u", "-o", perfOut }.Concat(command),
            env.BinaryDirectory, options.RunTimeout);
        ulong? instructions = null;
        if (perf.ExitCode == 0 && File.Exists(perfOut))
            foreach (var line in File.ReadLines(perfOut))
                if (line.Contains("instructions", StringComparison.Ordinal) && ulong.TryParse(line.Split(',')[0], out var n))
                    instructions = n;
        return (plain.ExitCode == 0 ? plain.Seconds : null, instructions);
    }
}
