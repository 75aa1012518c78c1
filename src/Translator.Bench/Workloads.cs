namespace Translator.Bench;

/// <summary>One benchmark program: built from source for x86-64, i386 and AArch64 by bench/build-workloads.sh
/// into BIN/Name.{x64,i386,arm64}, run with Arguments in BIN (so data files copied there are found).</summary>
public sealed record Workload(string Name, string Description, string[] Arguments);

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
    ];

    public static IEnumerable<Workload> All => Standard.Prepend(Tiny);

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
