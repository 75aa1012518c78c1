using System.Text.RegularExpressions;

namespace Translator.Bench;

/// <summary>One benchmark program: built from source for x86-64, i386 and AArch64 by bench/build-workloads.sh
/// into BIN/Name.{x64,i386,arm64}, run with Arguments in BIN (so data files copied there are found).
/// VaryingOutput, if set, is a regular expression (multiline: ^ and $ match at line ends) for the parts of stdout
/// that legitimately differ between runs, such as timings; they are removed before stdouts are compared.</summary>
public sealed record Workload(string Name, string Description, string[] Arguments, string? VaryingOutput = null)
{
    /// <summary>Stdout as compared with the reference run: without the matches of VaryingOutput.</summary>
    public string NormaliseStdout(string stdout) => VaryingOutput == null
        ? stdout
        : Regex.Replace(stdout, VaryingOutput, "", RegexOptions.Multiline | RegexOptions.CultureInvariant);
}

public static class Workloads
{
    /// <summary>The smoke workload of `--quick`: no libc, translated in about a second.</summary>
    public static readonly Workload Tiny = new("tiny", "freestanding xorshift loop (smoke test)", []);

    /// <summary>The default set, in report order.</summary>
    public static readonly IReadOnlyList<Workload> Standard =
    [
        new("intmark", "CoreMark-class: lists, matrices, state machine, CRC-16", ["600"]),
        new("recordmark", "Dhrystone-class: records, strings, small calls", ["200000"]),
        new("lua", "Lua 5.4 interpreter running corpus/lua/bench.lua", ["bench.lua"]),
        new("zlib", "zlib 1.2.13 deflate levels 1/6/9 + inflate of 384 KiB", ["384"]),
        new("bzip2", "libbz2 1.0.8 compress 100k/900k blocks + decompress of 384 KiB", ["384"]),
        // speedtest1 prints each test's time ("....    0.012s") and a TOTAL; --verify adds a hash of all results.
        new("sqlite", "SQLite 3.40.1 speedtest1 --size 10, in-memory database, result hash",
            ["--memdb", "--verify", "--size", "10"], VaryingOutput: @"[ \t]+\d+\.\d{3}s$"),
        new("xz", "liblzma 5.4.1 presets 0/3/6 (CRC32/CRC64/SHA-256 checks) + decompress of 768 KiB", ["768"]),
    ];

    /// <summary>Selectable with --workloads, not run by default.</summary>
    public static readonly IReadOnlyList<Workload> Extra =
    [
        new("xzmt", "liblzma 5.4.1 multithreaded encoder + decoder, 2 threads, presets 1/3 of 1 MiB", ["1024"]),
    ];

    public static IEnumerable<Workload> All => Standard.Prepend(Tiny).Concat(Extra);

    /// <summary>Resolves a comma-separated list of names; throws BenchException naming the unknown one.</summary>
    public static IReadOnlyList<Workload> Select(string names)
    {
        var chosen = new List<Workload>();
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var w = All.FirstOrDefault(w => w.Name == name)
                ?? throw new BenchException($"unknown workload '{name}' (known: {string.Join(", ", All.Select(w => w.Name))})");
            if (!chosen.Contains(w)) chosen.Add(w);
        }
        if (chosen.Count == 0) throw new BenchException("--workloads names no workload");
        return chosen;
    }
}

public sealed class BenchException(string message) : Exception(message);
