using System.Globalization;
using System.Text;

namespace Translator.Bench;

/// <summary>The report as one Markdown table: instruction counts with their ratio to native, translation time
/// and translated code size per workload, and a geomean row.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(BenchReport report)
    {
        var sb = new StringBuilder();
        var header = new List<string> { "workload" };
        header.AddRange(report.Columns.Select(c => c.Title));
        header.Add("translate s (x64 / i386)");
        header.Add("code KiB (x64 / i386)");
        Row(sb, header);
        Row(sb, header.Select((_, i) => i == 0 ? "---" : "---:"));
        bool anyCachedTime = false;
        foreach (var w in report.Workloads)
        {
            var row = new List<string> { w.Workload.Name };
            foreach (var c in report.Columns)
            {
                var cell = w.Cells[c.Id];
                if (!cell.HasCount) row.Add(cell.Note ?? "—");
                else if (c == BenchColumn.Native) row.Add(Count(cell.Instructions!.Value));
                else row.Add($"{Count(cell.Instructions!.Value)} ({Ratio(w.Ratio(c))})");
            }
            row.Add($"{Seconds(w.X64Translation, ref anyCachedTime)} / {Seconds(w.I386Translation, ref anyCachedTime)}");
            row.Add($"{KiB(w.X64Translation)} / {KiB(w.I386Translation)}");
            Row(sb, row);
        }
        var geo = new List<string> { "**geomean**" };
        foreach (var c in report.Columns)
        {
            var (g, n) = report.Geomean(c);
            geo.Add(c == BenchColumn.Native ? (n > 0 ? "1.00×" : "—") : g == null ? "—" : $"**{Ratio(g)}**" + (n < report.Workloads.Count ? $" (of {n})" : ""));
        }
        double totalSeconds = report.Workloads.Sum(w => (w.X64Translation?.Seconds ?? 0) + (w.I386Translation?.Seconds ?? 0));
        geo.Add($"total {totalSeconds.ToString("0", Inv)}");
        geo.Add("");
        Row(sb, geo);
        sb.AppendLine();
        var (x64, _) = report.Geomean(BenchColumn.X64Aot);
        var (i386, _) = report.Geomean(BenchColumn.I386Aot);
        sb.AppendLine($"Executed AArch64 instructions (qemu-aarch64 + insncount plugin; emulator columns count the emulator's own " +
                      $"JIT and execution); ratio = instructions / native. Goal: x86-64 AOT ≤ {Ratio(BenchReport.X64Goal)} " +
                      $"(now {Ratio(x64)}), i386 AOT ≤ {Ratio(BenchReport.I386Goal)} (now {Ratio(i386)}). " +
                      $"Code KiB = executable sections of the translated ELF, runtime included. " +
                      $"{report.Date:yyyy-MM-dd}, {report.Host}.");
        if (anyCachedTime) sb.AppendLine("\n\\* translation time measured by an earlier run; this run reused the cached translation.");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, IEnumerable<string> cells) =>
        sb.Append("| ").Append(string.Join(" | ", cells)).AppendLine(" |");

    public static string Count(ulong n) =>
        n >= 10_000_000_000 ? (n / 1e9).ToString("0.0", Inv) + " G"
        : n >= 10_000_000 ? (n / 1e6).ToString("0.0", Inv) + " M"
        : n >= 10_000 ? (n / 1e6).ToString("0.000", Inv) + " M"
        : n.ToString(Inv);

    public static string Ratio(double? r) => r == null ? "—" : r.Value.ToString(r.Value >= 10 ? "0.0" : "0.00", Inv) + "×";

    private static string Seconds(TranslationResult? t, ref bool cachedMark)
    {
        if (t == null) return "—";
        if (t.Error != null) return "failed";
        if (t.Seconds == null) return "cached";
        if (t.Cached) cachedMark = true;
        return t.Seconds.Value.ToString("0.0", Inv) + (t.Cached ? "\\*" : "");
    }

    private static string KiB(TranslationResult? t) =>
        t?.TextBytes == null ? "—" : (t.TextBytes.Value / 1024.0).ToString("0", Inv);
}
