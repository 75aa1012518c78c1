using System.Diagnostics;
using System.Text;

namespace Translator.EndToEnd.Tests;

public sealed record RunResult(byte[] Stdout, byte[] Stderr, int ExitCode, bool TimedOut, TimeSpan Elapsed)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);
    public string StderrText => Encoding.UTF8.GetString(Stderr);
}

/// <summary>Runs a child process with an exact environment, stdin bytes and a timeout, capturing raw output bytes.</summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The fixed environment every guest run gets (native and translated alike).</summary>
    public static IReadOnlyDictionary<string, string> GuestEnvironment { get; } = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["LANG"] = "C",
        ["LC_ALL"] = "C",
        ["HOME"] = "/tmp",
        ["TERM"] = "dumb",
        ["XLATE_TEST_VAR"] = "hello",
    };

    public static RunResult Run(
        string fileName,
        IEnumerable<string> args,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null,
        byte[]? stdin = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        if (environment != null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in environment)
                psi.Environment[k] = v;
        }

        var sw = Stopwatch.StartNew();
        using var p = new Process { StartInfo = psi };
        p.Start();
        // Dedicated threads, not thread-pool continuations: with many tests blocking in parallel the pool starves, and
        // output still unread when the wait below gave up used to come back silently truncated.
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var outTask = Task.Factory.StartNew(() => p.StandardOutput.BaseStream.CopyTo(stdout), TaskCreationOptions.LongRunning);
        var errTask = Task.Factory.StartNew(() => p.StandardError.BaseStream.CopyTo(stderr), TaskCreationOptions.LongRunning);
        var inTask = Task.Factory.StartNew(() =>
        {
            try
            {
                if (stdin != null)
                    p.StandardInput.BaseStream.Write(stdin, 0, stdin.Length);
                p.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child exited without reading all of its input.
            }
        }, TaskCreationOptions.LongRunning);

        bool timedOut = !p.WaitForExit(timeout ?? DefaultTimeout);
        if (timedOut)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
        }
        // The pipes reach end of file once every process holding them has gone; one the child left running keeps
        // them open, and that is an error of the test, not output to compare.
        if (!Task.WaitAll(new[] { outTask, errTask }, TimeSpan.FromSeconds(60)))
            throw new InvalidOperationException($"`{fileName}` exited, but its stdout/stderr stayed open for 60 s (a process it started still holds them)");
        inTask.Wait(TimeSpan.FromSeconds(10));
        sw.Stop();
        return new RunResult(stdout.ToArray(), stderr.ToArray(), timedOut ? -1 : p.ExitCode, timedOut, sw.Elapsed);
    }

    /// <summary>Runs a host tool (build script, compiler) and throws with its output if it fails.</summary>
    public static RunResult RunChecked(string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        var argList = args.ToList();
        var r = Run(fileName, argList, workingDirectory, environment: null, stdin: null, timeout: timeout);
        if (r.TimedOut || r.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{fileName} {string.Join(' ', argList)}` " +
                (r.TimedOut ? "timed out" : $"exited with {r.ExitCode}") +
                $"\n--- stdout ---\n{r.StdoutText}\n--- stderr ---\n{r.StderrText}");
        }
        return r;
    }

    /// <summary>Finds an executable on the host PATH.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
