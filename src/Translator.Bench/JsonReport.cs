using System.Text.Json;

namespace Translator.Bench;

/// <summary>The report as JSON for tracking over time: every count, ratio, note, and translation figure.</summary>
public static class JsonReport
{
    public static string Render(BenchReport report)
    {
        var doc = new
        {
            date = report.Date.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            host = report.Host,
            goals = new { x64Aot = BenchReport.X64Goal, i386Aot = BenchReport.I386Goal },
            columns = report.Columns.Select(c => new { id = c.Id, title = c.Title }),
            workloads = report.Workloads.Select(w => new
            {
                name = w.Workload.Name,
                description = w.Workload.Description,
                arguments = w.Workload.Arguments,
                cells = report.Columns.ToDictionary(c => c.Id, c =>
                {
                    var cell = w.Cells[c.Id];
                    return new
                    {
                        instructions = cell.HasCount ? cell.Instructions : null,
                        ratio = w.Ratio(c),
                        note = cell.Note,
                        wallSeconds = cell.WallSeconds,
                        perfInstructions = cell.PerfInstructions,
                    };
                }),
                translation = new { x64 = Translation(w.X64Translation), i386 = Translation(w.I386Translation) },
            }),
            geomean = report.Columns.ToDictionary(c => c.Id, c =>
            {
                var (g, n) = report.Geomean(c);
                return new { ratio = g, workloads = n };
            }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }

    private static object? Translation(TranslationResult? t) =>
        t == null ? null : new { seconds = t.Seconds, cached = t.Cached, textBytes = t.TextBytes, error = t.Error };
}
