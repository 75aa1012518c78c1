using System.Diagnostics;
using Translator.Lifting;
using Translator.Pipeline;

namespace Translator.PeerSuites;

/// <summary>Result of one child process: exit code (negative: killed by that signal, int.MinValue: timed out).</summary>
public sealed record RunResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public const int TimedOut = int.MinValue;
    public bool Ok => ExitCode == 0;

    public string Describe() => ExitCode switch
    {
        TimedOut => "timed out",
        < 0 => $"killed by signal {-ExitCode}",
        _ => $"exit status {ExitCode}",
    };
}

public static class Tools
{
    public static RunResult Run(string file, IEnumerable<string> args, string? workDir = null, int timeoutSeconds = 30,
        string? stdin = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = new MemoryStream();
        var outTask = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var errTask = process.StandardError.ReadToEndAsync();
        if (stdin != null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            return new RunResult(RunResult.TimedOut, stdout.ToArray(), "");
        }
        outTask.Wait();
        int code = process.ExitCode;
        // .NET reports a child killed by signal N as 128+N.
        if (code > 128 && code < 128 + 65) code = -(code - 128);
        return new RunResult(code, stdout.ToArray(), errTask.Result);
    }

    /// <summary>Runs a tool that must succeed; returns null on success, else one line saying what failed.</summary>
    public static string? Check(string file, IEnumerable<string> args, string? workDir = null, int timeoutSeconds = 120)
    {
        var r = Run(file, args, workDir, timeoutSeconds);
        if (r.Ok) return null;
        string firstLine = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return $"{Path.GetFileName(file)}: {r.Describe()}: {firstLine.Trim()}";
    }

    /// <summary>Translates exactly as `xlate translate -O0` does (in-process, sparing a .NET start per test).
    /// Returns null on success, else the error line.</summary>
    public static string? Translate(string input, string output, bool fastX87, out List<string> unsupported)
    {
        unsupported = new();
        try
        {
            var diagnostics = Translation.TranslateFile(input, output, new TranslateOptions
            {
                OptLevel = 0,
                Jobs = 1,
                X87 = fastX87 ? X87Precision.Fast : X87Precision.Exact,
            });
            unsupported = diagnostics.Unsupported.Select(u => u.What).Distinct().ToList();
            return null;
        }
        catch (Exception ex)
        {
            return $"translation failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
        }
    }

    /// <summary>The runtime names an instruction it cannot run once on stderr; keep those lines for the report.</summary>
    public static string RuntimeComplaints(string stderr) =>
        string.Join("; ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Length > 0).Take(3));
}
