using System.Text;

namespace Translator.EndToEnd.Tests;

/// <summary>Compares a translated run with the native (oracle) run and explains the first difference.</summary>
public static class OutputAssert
{
    public static void SameBehaviour(RunResult native, RunResult translated, string label)
    {
        Assert.False(native.TimedOut, $"{label}: the NATIVE run timed out (corpus problem, not a translator problem)");
        var problems = new List<string>();
        if (translated.TimedOut)
            problems.Add($"translated run timed out after {translated.Elapsed.TotalSeconds:F1} s");
        else if (native.ExitCode != translated.ExitCode)
            problems.Add($"exit status: native {native.ExitCode}, translated {translated.ExitCode}");
        var outDiff = Describe("stdout", native.Stdout, translated.Stdout);
        if (outDiff != null)
            problems.Add(outDiff);
        var errDiff = Describe("stderr", native.Stderr, translated.Stderr);
        if (errDiff != null)
            problems.Add(errDiff);
        if (problems.Count > 0)
            Assert.Fail($"{label}: translated program behaves differently from native\n" + string.Join("\n", problems));
    }

    /// <summary>null if equal, else a description of the first differing line.</summary>
    public static string? Describe(string stream, byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
            return null;
        var e = SplitLines(expected);
        var a = SplitLines(actual);
        int i = 0;
        while (i < e.Count && i < a.Count && e[i] == a[i])
            i++;
        var sb = new StringBuilder();
        sb.Append($"{stream} differs ({expected.Length} bytes native, {actual.Length} bytes translated); first difference at line {i + 1}:");
        sb.Append($"\n  native:     {(i < e.Count ? Quote(e[i]) : "<end of output>")}");
        sb.Append($"\n  translated: {(i < a.Count ? Quote(a[i]) : "<end of output>")}");
        return sb.ToString();
    }

    private static List<string> SplitLines(byte[] bytes)
    {
        // Latin-1 maps every byte to one char, so the comparison stays byte-exact.
        var text = Encoding.Latin1.GetString(bytes);
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0 && text.EndsWith('\n'))
            lines[^1] = "<no more bytes after the final newline>";
        return lines;
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s.Length > 300 ? s[..300] : s)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < 32 || c >= 127) sb.Append($"\\x{(int)c:x2}");
            else sb.Append(c);
        }
        sb.Append('"');
        if (s.Length > 300) sb.Append("...");
        return sb.ToString();
    }
}
