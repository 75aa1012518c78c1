using System.Text.Json;
using Translator.Bench;
using Xunit;

namespace Translator.Bench.Tests;

/// <summary>`xlate bench --quick`: the tiny workload through every column, as the command line runs it.</summary>
public class SmokeTests
{
    [Fact]
    public void QuickBenchRunsTinyThroughEveryColumn()
    {
        string xlate = Path.Combine(AppContext.BaseDirectory, "xlate.dll");
        string outDir = Path.Combine(Path.GetTempPath(), "xlate-bench-smoke-" + Environment.ProcessId);
        try
        {
            var r = ProcessRunner.Run("dotnet", [xlate, "bench", "--quick", "--out", outDir], timeout: TimeSpan.FromMinutes(5));
            Assert.True(r.ExitCode == 0, $"xlate bench --quick failed: {r.Stderr}");
            foreach (var f in new[] { "bench.md", "bench.json", "bench.svg" })
                Assert.True(File.Exists(Path.Combine(outDir, f)), f + " missing");

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "bench.json")));
            var tiny = json.RootElement.GetProperty("workloads")[0];
            Assert.Equal("tiny", tiny.GetProperty("name").GetString());
            var cells = tiny.GetProperty("cells");
            foreach (var column in BenchColumn.All)
                Assert.True(cells.TryGetProperty(column.Id, out _), "no cell for column " + column.Id);
            // tiny executes ~0.55 M instructions natively; its translations must be correct and within 3x of it.
            ulong native = cells.GetProperty("native").GetProperty("instructions").GetUInt64();
            ulong x64 = cells.GetProperty("x64-aot").GetProperty("instructions").GetUInt64();
            Assert.InRange(native, 400_000UL, 1_000_000UL);
            Assert.InRange(x64, native / 2, native * 3);
            Assert.Equal("not implemented yet", cells.GetProperty("xlate-jit").GetProperty("note").GetString());
            foreach (var qemu in new[] { "qemu-x86_64", "qemu-i386" })
            {
                var cell = cells.GetProperty(qemu);
                if (cell.GetProperty("note").ValueKind == JsonValueKind.String)
                    Assert.StartsWith("unavailable: ", cell.GetProperty("note").GetString()); // no network for apt
                else
                    Assert.True(cell.GetProperty("instructions").GetUInt64() > native, qemu + " emulation cheaper than native?");
            }

            string md = File.ReadAllText(Path.Combine(outDir, "bench.md"));
            Assert.Matches(@"\| tiny \| 0\.\d{3} M \| 0\.\d{3} M \(\d\.\d\d×\) \|", md);
            Assert.Contains(md.Split('\n')[0], r.Stdout);
            Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(outDir, "bench.svg")));
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }
}
