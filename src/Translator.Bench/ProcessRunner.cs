using System.Diagnostics;

namespace Translator.Bench;

public sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr, double Seconds, bool TimedOut)
{
    /// <summary>The last non-empty stderr line, for one-line error messages.</summary>
    public string LastErrorLine => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .LastOrDefault() ?? $"exit status {ExitCode}";
}

public static class ProcessRunner
{
    public static ProcessOutcome Run(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (environment != null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new ProcessOutcome(-1, "", $"cannot run {program}: {ex.Message}", 0, false);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(timeout ?? Timeout.InfiniteTimeSpan);
        if (!exited)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
        }
        process.WaitForExit();
        return new ProcessOutcome(exited ? process.ExitCode : -1, stdout.Result, stderr.Result, clock.Elapsed.TotalSeconds, !exited);
    }
}
