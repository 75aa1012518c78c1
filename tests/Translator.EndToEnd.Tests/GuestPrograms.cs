namespace Translator.EndToEnd.Tests;

/// <summary>A C test program built statically for one guest and its translation by the CLI.</summary>
internal sealed record BuiltGuest(string Native, string Translated);

/// <summary>Builds a C source for both guests (gcc / i686-linux-gnu-gcc, -O1 -static) under build/e2e/NAME and
/// translates each with `xlate translate -O0` plus any extra options; each guest once, on first use.</summary>
internal static class GuestPrograms
{
    public static Dictionary<string, Lazy<BuiltGuest>> ForBothGuests(string name, string source, params string[] translateOptions) =>
        new()
        {
            ["x64"] = new(() => BuildAndTranslate(name, source, "x64", "gcc", translateOptions),
                LazyThreadSafetyMode.ExecutionAndPublication),
            ["i386"] = new(() => BuildAndTranslate(name, source, "i386", "i686-linux-gnu-gcc", translateOptions),
                LazyThreadSafetyMode.ExecutionAndPublication),
        };

    private static BuiltGuest BuildAndTranslate(string name, string sourceText, string arch, string compiler, string[] translateOptions)
    {
        var dir = Path.Combine(RepoPaths.BuildDir, name);
        Directory.CreateDirectory(dir);
        var source = Path.Combine(dir, $"{name}.{arch}.c"); // one per guest: both may be built at once
        File.WriteAllText(source, sourceText);
        var native = Path.Combine(dir, $"{name}.{arch}");
        ProcessRunner.RunChecked(compiler, ["-O1", "-static", "-o", native, source], dir, TimeSpan.FromMinutes(2));

        var translated = native + ".aarch64";
        var r = ProcessRunner.Run(Cli.DotnetHost, [Cli.XlateDll, "translate", native, "-o", translated, "-O0", .. translateOptions], dir,
            environment: null, stdin: null, timeout: TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0 && File.Exists(translated), $"xlate translate {native} failed ({r.ExitCode}):\n{r.StderrText}");
        return new BuiltGuest(native, translated);
    }

    /// <summary>Assembles a freestanding program (`COMPILER -static -nostdlib`) as build/e2e/DIR/NAME from
    /// NAME.s; returns its path.</summary>
    public static string Assemble(string dirName, string name, string compiler, string source, params string[] flags)
    {
        var dir = Path.Combine(RepoPaths.BuildDir, dirName);
        Directory.CreateDirectory(dir);
        var sourcePath = Path.Combine(dir, name + ".s");
        File.WriteAllText(sourcePath, source);
        var binary = Path.Combine(dir, name);
        ProcessRunner.RunChecked(compiler, ["-static", "-nostdlib", .. flags, "-o", binary, sourcePath], dir, TimeSpan.FromMinutes(1));
        return binary;
    }
}
