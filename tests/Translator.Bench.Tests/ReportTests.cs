using Translator.Bench;
using Xunit;

namespace Translator.Bench.Tests;

/// <summary>Report arithmetic and rendering on hand-made results (no programs run).</summary>
public class ReportTests
{
    private static WorkloadResult Result(string name, ulong native, ulong x64, string? x64Note = null)
    {
        var cells = BenchColumn.All.ToDictionary(c => c.Id, _ => CellResult.Missing("not implemented yet"));
        cells[BenchColumn.Native.Id] = new CellResult(native);
        cells[BenchColumn.X64Aot.Id] = x64Note == null ? new CellResult(x64) : new CellResult(null, x64Note);
        return new WorkloadResult(new Workload(name, name, []), cells, new TranslationResult(2.5, false, 40960), null);
    }

    [Fact]
    public void GeomeanOfRatiosSkipsWrongOutput()
    {
        var report = new BenchReport(new DateTime(2025, 1, 2), "x64, 2 cores", BenchColumn.All,
        [
            Result("a", 100, 200),          // 2.0x
            Result("b", 100, 800),          // 8.0x
            Result("c", 100, 100, "WRONG OUTPUT"),
        ]);
        var (geomean, count) = report.Geomean(BenchColumn.X64Aot);
        Assert.Equal(2, count);
        Assert.Equal(4.0, geomean!.Value, 9);
        Assert.Null(report.Geomean(BenchColumn.QemuX64).Geomean);
    }

    [Fact]
    public void MarkdownShowsCountsRatiosNotesAndGeomean()
    {
        var report = new BenchReport(new DateTime(2025, 1, 2), "x64, 2 cores", BenchColumn.All,
            [Result("a", 12_345_678, 24_691_356), Result("c", 100, 100, "WRONG OUTPUT")]);
        string md = MarkdownReport.Render(report);
        var lines = md.Split('\n');
        Assert.StartsWith("| workload | native arm64 | x86-64 AOT | i386 AOT | xlate JIT | qemu-x86_64 | qemu-i386 | box64 |", lines[0]);
        Assert.Contains("| a | 12.3 M | 24.7 M (2.00×) |", md);
        Assert.Contains("| c | 100 | WRONG OUTPUT |", md);
        Assert.Contains("| **geomean** | 1.00× | **2.00×** (of 1) |", md);
        Assert.Contains("2.5 / — | 40 / — |", md);
    }

    [Fact]
    public void SvgHasOneBarPerRatioAndTheNativeLine()
    {
        var report = new BenchReport(new DateTime(2025, 1, 2), "x64", BenchColumn.All, [Result("a", 100, 150), Result("b", 100, 300)]);
        string svg = SvgChart.Render(report);
        Assert.StartsWith("<svg", svg);
        Assert.Contains("native = 1.0", svg);
        // two workloads plus the geomean group, one x86-64 AOT bar each
        Assert.Equal(3, svg.Split("<title>x86-64 AOT:").Length - 1);
        Assert.Contains("<title>x86-64 AOT: 2.12×</title>", svg); // geomean of 1.5 and 3.0
    }

    [Fact]
    public void UnknownWorkloadIsRefusedByName()
    {
        var ex = Assert.Throws<BenchException>(() => Workloads.Select("intmark,nosuch"));
        Assert.Contains("'nosuch'", ex.Message);
        Assert.Equal(["intmark", "tiny"], Workloads.Select("intmark, tiny,intmark").Select(w => w.Name));
    }
}
