namespace Translator.Bench;

/// <summary>Writes DIR/bench.md, DIR/bench.json and DIR/bench.svg; returns the Markdown.</summary>
public static class ReportFiles
{
    public static string Write(BenchReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        string markdown = MarkdownReport.Render(report);
        File.WriteAllText(Path.Combine(directory, "bench.md"), markdown);
        File.WriteAllText(Path.Combine(directory, "bench.json"), JsonReport.Render(report));
        File.WriteAllText(Path.Combine(directory, "bench.svg"), SvgChart.Render(report));
        return markdown;
    }
}
