using System.Globalization;
using System.Net;
using System.Text;

namespace Translator.Bench;

/// <summary>Horizontal bars of each column's ratio to native per workload (and the geomean), on a logarithmic
/// axis, drawn from the 1.0 line so faster-than-native goes left and slower goes right.</summary>
public static class SvgChart
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Palette = ["#2b6cb0", "#c05621", "#6b46c1", "#2f855a", "#b7791f", "#c53030", "#4a5568"];
    private const int Width = 960, PlotLeft = 170, PlotRight = 880, BarHeight = 14, BarGap = 3, GroupGap = 14, Top = 70;

    public static string Render(BenchReport report)
    {
        var columns = report.Columns.Where(c => c != BenchColumn.Native).ToList();
        var groups = report.Workloads
            .Select(w => (Label: w.Workload.Name, Ratios: columns.Select(c => w.Ratio(c)).ToList()))
            .Append((Label: "geomean", Ratios: columns.Select(c => report.Geomean(c).Geomean).ToList()))
            .Select(g => (g.Label, Bars: columns.Select((c, i) => (Column: c, Index: i, Ratio: g.Ratios[i])).Where(b => b.Ratio != null).ToList()))
            .ToList();
        var all = groups.SelectMany(g => g.Bars).Select(b => b.Ratio!.Value).DefaultIfEmpty(1).ToList();
        double min = Math.Min(0.5, all.Min() / 1.2), max = Math.Max(2, all.Max() * 1.2);
        double X(double r) => PlotLeft + (Math.Log(r) - Math.Log(min)) / (Math.Log(max) - Math.Log(min)) * (PlotRight - PlotLeft);

        int height = Top + groups.Sum(g => Math.Max(1, g.Bars.Count) * (BarHeight + BarGap) + GroupGap) + 40;
        var sb = new StringBuilder();
        sb.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.AppendLine($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>");
        sb.AppendLine($"<text x=\"{PlotLeft}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Executed AArch64 instructions, ratio to native arm64 (log scale, lower is better)</text>");
        var shown = Enumerable.Range(0, columns.Count).Where(i => groups.Any(g => g.Bars.Any(b => b.Index == i))).ToList();
        for (int k = 0; k < shown.Count; k++)
        {
            int i = shown[k], lx = PlotLeft + k * 120;
            sb.AppendLine($"<rect x=\"{lx}\" y=\"32\" width=\"12\" height=\"12\" fill=\"{Palette[i % Palette.Length]}\"/>" +
                          $"<text x=\"{lx + 16}\" y=\"43\">{Esc(columns[i].Title)}</text>");
        }
        int axisBottom = height - 30;
        foreach (double tick in Ticks(min, max))
        {
            string x = F(X(tick));
            sb.AppendLine($"<line x1=\"{x}\" y1=\"{Top - 8}\" x2=\"{x}\" y2=\"{axisBottom}\" stroke=\"#e2e8f0\"/>" +
                          $"<text x=\"{x}\" y=\"{axisBottom + 16}\" text-anchor=\"middle\" fill=\"#4a5568\">{tick.ToString("0.##", Inv)}×</text>");
        }
        int y = Top;
        foreach (var g in groups)
        {
            int groupHeight = Math.Max(1, g.Bars.Count) * (BarHeight + BarGap);
            sb.AppendLine($"<text x=\"{PlotLeft - 10}\" y=\"{y + groupHeight / 2 + 4}\" text-anchor=\"end\" font-weight=\"bold\">{Esc(g.Label)}</text>");
            foreach (var b in g.Bars)
            {
                double r = b.Ratio!.Value, x0 = X(1), x1 = X(r);
                sb.AppendLine($"<rect x=\"{F(Math.Min(x0, x1))}\" y=\"{y}\" width=\"{F(Math.Max(1, Math.Abs(x1 - x0)))}\" height=\"{BarHeight}\" " +
                              $"fill=\"{Palette[b.Index % Palette.Length]}\"><title>{Esc(b.Column.Title)}: {r.ToString("0.00", Inv)}×</title></rect>" +
                              $"<text x=\"{F(Math.Max(x0, x1) + 4)}\" y=\"{y + BarHeight - 3}\" font-size=\"11\">{r.ToString(r >= 10 ? "0.0" : "0.00", Inv)}×</text>");
                y += BarHeight + BarGap;
            }
            if (g.Bars.Count == 0)
            {
                sb.AppendLine($"<text x=\"{F(X(1) + 4)}\" y=\"{y + BarHeight - 3}\" fill=\"#a0aec0\">no results</text>");
                y += BarHeight + BarGap;
            }
            y += GroupGap;
        }
        string one = F(X(1));
        sb.AppendLine($"<line x1=\"{one}\" y1=\"{Top - 8}\" x2=\"{one}\" y2=\"{axisBottom}\" stroke=\"black\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");
        sb.AppendLine($"<text x=\"{one}\" y=\"{Top - 12}\" text-anchor=\"middle\">native = 1.0</text>");
        sb.AppendLine("</svg>");
        return sb.ToString();
    }

    /// <summary>1-2-5 ticks between min and max.</summary>
    private static IEnumerable<double> Ticks(double min, double max)
    {
        for (double decade = Math.Pow(10, Math.Floor(Math.Log10(min))); decade <= max; decade *= 10)
            foreach (double m in new[] { 1.0, 2.0, 5.0 })
                if (decade * m >= min && decade * m <= max) yield return decade * m;
    }

    private static string F(double v) => v.ToString("0.#", Inv);
    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
