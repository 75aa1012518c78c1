using System.Text;

namespace Translator.PeerSuites;

public enum Outcome { Pass, Fail, Skip }

/// <summary>One test's result. NativeAgrees: the native x86 run gave the expected result (null: not checked).</summary>
public sealed record TestResult(string Table, string Name, Outcome Outcome, string Detail, bool? NativeAgrees = null);

public static class Report
{
    /// <summary>Markdown: one row per table, then one row per group of tables ("64-bit", "32-bit", …).</summary>
    public static string Markdown(string title, IReadOnlyList<TestResult> results, Func<string, string> groupOf, string notes)
    {
        var s = new StringBuilder();
        s.AppendLine($"# {title}");
        s.AppendLine();
        s.AppendLine(notes.TrimEnd());
        s.AppendLine();
        s.AppendLine("| table | tests | pass | fail | skip | native run ≠ expected |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in results.GroupBy(r => groupOf(r.Table)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var table in group.GroupBy(r => r.Table).OrderBy(g => g.Key, StringComparer.Ordinal))
                s.AppendLine(Row(table.Key, table.ToList()));
            s.AppendLine(Row($"**{group.Key} total**", group.ToList()));
        }
        s.AppendLine();
        var skips = results.Where(r => r.Outcome == Outcome.Skip).GroupBy(r => r.Detail).OrderByDescending(g => g.Count());
        if (skips.Any())
        {
            s.AppendLine("Skipped, by reason:");
            s.AppendLine();
            foreach (var g in skips) s.AppendLine($"- {g.Count()}: {g.Key}");
            s.AppendLine();
        }
        return s.ToString();
    }

    private static string Row(string name, List<TestResult> rows) =>
        $"| {name} | {rows.Count} | {rows.Count(r => r.Outcome == Outcome.Pass)} | {rows.Count(r => r.Outcome == Outcome.Fail)} | " +
        $"{rows.Count(r => r.Outcome == Outcome.Skip)} | {rows.Count(r => r.NativeAgrees == false)} |";

    /// <summary>Every non-passing test with what went wrong, sorted by table, for triage.</summary>
    public static string Details(IReadOnlyList<TestResult> results)
    {
        var s = new StringBuilder();
        foreach (var r in results.Where(r => r.Outcome != Outcome.Pass || r.NativeAgrees == false)
                     .OrderBy(r => r.Table, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
            s.AppendLine($"{r.Outcome.ToString().ToUpperInvariant()} {r.Table}/{r.Name}" +
                         $"{(r.NativeAgrees == false ? " [native run differs from the expectation]" : "")}: {r.Detail}");
        return s.ToString();
    }

    public static void Write(string outDir, string baseName, string markdown, string details)
    {
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, baseName + ".md"), markdown);
        File.WriteAllText(Path.Combine(outDir, baseName + "-details.txt"), details);
        Console.Write(markdown);
        Console.WriteLine($"details: {Path.Combine(outDir, baseName + "-details.txt")}");
    }
}
