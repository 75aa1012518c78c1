using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace Translator.Lifting.Tests.X87;

/// <summary>Compiles runtime/src/softfloat80.c for the host with softfloat80_test.c and compares it with the host's
/// real x87 (values and status flags) on random and edge operands: add/sub/mul/div/sqrt/frndint/fscale, to/from
/// float/double/int16/32/64 and compares, in all four rounding modes and precisions 24/53/64.</summary>
public class SoftFloat80Tests
{
    [Fact]
    public void MatchesHostX87()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return;   // needs a real x87
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Translator.sln"))) root = Path.GetDirectoryName(root)!;
        var exe = Path.Combine(Path.GetTempPath(), $"softfloat80_test_{Environment.ProcessId}");
        try
        {
            Run("gcc", $"-O1 -I {root}/runtime/include -o {exe} {root}/tests/Translator.Lifting.Tests/X87/softfloat80_test.c {root}/runtime/src/softfloat80.c");
            var output = Run(exe, "40000 1");
            Assert.StartsWith("OK", output.Trim().Split('\n')[^1]);
        }
        finally
        {
            File.Delete(exe);
        }
    }

    private static string Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {args} failed ({p.ExitCode}):\n{stdout}\n{stderr}");
        return stdout;
    }
}
