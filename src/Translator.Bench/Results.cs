namespace Translator.Bench;

/// <summary>One run: an instruction count, or a note saying why there is none ("WRONG OUTPUT", "unavailable: …").
/// WallSeconds is the run's wall time (emulated on an x86-64 host); PerfInstructions is the hardware counter on
/// an arm64 host with perf.</summary>
public sealed record CellResult(ulong? Instructions, string? Note = null, double? WallSeconds = null, ulong? PerfInstructions = null)
{
    public static CellResult Missing(string note) => new(null, note);
    public bool HasCount => Instructions != null && Note == null;
}

/// <summary>Translating one build: wall seconds (null when unknown), whether the translation cache answered
/// (then Seconds, if known, comes from the run that produced it), and the output's executable section bytes.</summary>
public sealed record TranslationResult(double? Seconds, bool Cached, long? TextBytes, string? Error = null);

public sealed record WorkloadResult(Workload Workload, IReadOnlyDictionary<string, CellResult> Cells,
    TranslationResult? X64Translation, TranslationResult? I386Translation)
{
    public double? Ratio(BenchColumn column)
    {
        if (!Cells.TryGetValue(BenchColumn.Native.Id, out var native) || !native.HasCount) return null;
        if (!Cells.TryGetValue(column.Id, out var cell) || !cell.HasCount) return null;
        return (double)cell.Instructions!.Value / native.Instructions!.Value;
    }
}

public sealed record BenchReport(DateTime Date, string Host, IReadOnlyList<BenchColumn> Columns, IReadOnlyList<WorkloadResult> Workloads)
{
    /// <summary>Geometric mean of the ratios to native over the workloads where the column has a correct count.</summary>
    public (double? Geomean, int Count) Geomean(BenchColumn column)
    {
        var ratios = Workloads.Select(w => w.Ratio(column)).Where(r => r != null).Select(r => r!.Value).ToList();
        if (ratios.Count == 0) return (null, 0);
        return (Math.Exp(ratios.Average(Math.Log)), ratios.Count);
    }

    public const double X64Goal = 1.25, I386Goal = 1.4;
}
