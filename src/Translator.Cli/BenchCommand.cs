using System.CommandLine;
using Translator.Bench;

namespace Translator.Cli;

/// <summary>`xlate bench`: executed-instruction comparison of native, translated and emulated runs.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var workloads = new Option<string?>("--workloads") { Description = "comma-separated workloads (default: " +
            string.Join(",", Workloads.Standard.Select(w => w.Name)) + "; also: " + Workloads.Tiny.Name + ")" };
        var output = new Option<string?>("--out") { Description = "directory for bench.md, bench.json, bench.svg (default build/bench)" };
        var quick = new Option<bool>("--quick") { Description = "only the tiny smoke workload" };
        var noCache = new Option<bool>("--no-cache") { Description = "translate without the translation cache (measures every translation time)" };
        var cmd = new Command("bench", "count executed AArch64 instructions of native, translated (AOT), QEMU and Box64 runs of benchmark workloads")
            { workloads, output, quick, noCache };
        cmd.SetAction(r =>
        {
            try
            {
                var env = new BenchEnvironment
                {
                    RepositoryRoot = BenchEnvironment.FindRepositoryRoot(AppContext.BaseDirectory),
                    TranslatorCommand = ["dotnet", typeof(BenchCommand).Assembly.Location],
                };
                var selected = r.GetValue(quick) ? [Workloads.Tiny]
                    : r.GetValue(workloads) is { } names ? Workloads.Select(names) : Workloads.Standard;
                string dir = Path.GetFullPath(r.GetValue(output) ?? env.BuildDirectory);
                var options = new BenchOptions
                {
                    WorkloadFinished = partial => ReportFiles.Write(partial, dir),
                    Workloads = selected,
                    NoTranslationCache = r.GetValue(noCache),
                    Log = line => Console.Error.WriteLine("xlate bench: " + line),
                };
                var report = new BenchRunner(env, options).Run();
                Console.Out.Write(ReportFiles.Write(report, dir));
                Console.Error.WriteLine($"xlate bench: wrote {Path.Combine(dir, "bench.md")}, bench.json, bench.svg");
                return Commands.Ok;
            }
            catch (Exception ex) when (ex is BenchException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("xlate bench: " + ex.Message);
                return Commands.Failed;
            }
        });
        return cmd;
    }
}
