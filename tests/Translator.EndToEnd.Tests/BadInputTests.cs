using Translator.Pipeline;

namespace Translator.EndToEnd.Tests;

/// <summary>Inputs the translator must reject with a one-line TranslationException (library) or "xlate: ..." (CLI).</summary>
public class BadInputTests
{
    public static TheoryData<string> Kinds() => new() { "text", "empty", "aarch64", "riscv", "truncated", "dynamic" };

    private static readonly Lazy<string> inputsDir = new(CreateInputs);

    private static string CreateInputs()
    {
        var dir = Path.Combine(RepoPaths.BuildDir, "bad-inputs");
        Directory.CreateDirectory(dir);
        var hello = Path.Combine(RepoPaths.Corpus, "hello", "main.c");
        var timeout = TimeSpan.FromMinutes(2);

        File.WriteAllText(Path.Combine(dir, "text"), "This is a plain text file,\nnot an ELF executable.\n");
        File.WriteAllBytes(Path.Combine(dir, "empty"), []);

        ProcessRunner.RunChecked("aarch64-linux-gnu-gcc", ["-static", "-O2", "-o", Path.Combine(dir, "aarch64"), hello], dir, timeout);

        var x64 = Path.Combine(dir, "x64-static");
        ProcessRunner.RunChecked("gcc", ["-static", "-O2", "-o", x64, hello], dir, timeout);

        // e_machine (offset 18, little-endian u16) patched to EM_RISCV (243).
        var riscv = File.ReadAllBytes(x64);
        riscv[18] = 243;
        riscv[19] = 0;
        File.WriteAllBytes(Path.Combine(dir, "riscv"), riscv);

        File.WriteAllBytes(Path.Combine(dir, "truncated"), File.ReadAllBytes(x64)[..100]);

        ProcessRunner.RunChecked("gcc", ["-O2", "-o", Path.Combine(dir, "dynamic"), hello], dir, timeout);
        return dir;
    }

    private static string Input(string kind) => Path.Combine(inputsDir.Value, kind);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RejectsBadInput(string kind)
    {
        var work = RepoPaths.NewTempDir("bad-" + kind);
        var output = Path.Combine(work, "out");
        var ex = Assert.Throws<TranslationException>(() => Translation.TranslateFile(Input(kind), output));
        RepoPaths.TryDelete(work);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message), "empty message");
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    [InlineData("missing")]
    public void CliRejectsBadInput(string kind)
    {
        var input = kind == "missing" ? Path.Combine(inputsDir.Value, "does-not-exist") : Input(kind);
        var work = RepoPaths.NewTempDir("cli-" + kind);
        var output = Path.Combine(work, "out");

        var r = ProcessRunner.Run(Cli.DotnetHost, [Cli.XlateDll, "translate", input, "-o", output], work,
            environment: null, stdin: null, timeout: TimeSpan.FromSeconds(120));

        var stderr = r.StderrText.TrimEnd('\n', '\r');
        var context = $"exit {r.ExitCode}\n--- stderr ---\n{r.StderrText}\n--- stdout ---\n{r.StdoutText}";
        Assert.False(r.TimedOut, "xlate timed out\n" + context);
        Assert.True(r.ExitCode != 0, "xlate exited 0 for a bad input\n" + context);
        Assert.True(stderr.StartsWith("xlate: ", StringComparison.Ordinal), "stderr does not start with \"xlate: \"\n" + context);
        Assert.False(stderr.Contains('\n'), "stderr is more than one line\n" + context);
        Assert.False(r.StderrText.Contains("Exception") || r.StderrText.Contains("   at ") ||
                     r.StdoutText.Contains("Exception") || r.StdoutText.Contains("   at "),
            "a .NET exception/stack trace leaked to the user\n" + context);
        RepoPaths.TryDelete(work);
    }
}

/// <summary>Locates (or builds) the xlate CLI matching this test assembly's configuration.</summary>
internal static class Cli
{
    private static readonly Lazy<string> xlateDll = new(Locate);

    public static string XlateDll => xlateDll.Value;

    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : ProcessRunner.FindOnPath("dotnet") ?? "dotnet";

    private static string Locate()
    {
        var binDir = Path.Combine(RepoPaths.Root, "src", "Translator.Cli", "bin");
        var config = RepoPaths.Configuration;
        var other = config == "Release" ? "Debug" : "Release";
        foreach (var c in new[] { config, other })
        {
            var dll = Path.Combine(binDir, c, "net10.0", "xlate.dll");
            if (File.Exists(dll))
                return dll;
        }
        ProcessRunner.RunChecked(DotnetHost, ["build", Path.Combine(RepoPaths.Root, "src", "Translator.Cli"), "-c", config],
            RepoPaths.Root, TimeSpan.FromMinutes(10));
        var built = Path.Combine(binDir, config, "net10.0", "xlate.dll");
        if (!File.Exists(built))
            throw new InvalidOperationException($"built src/Translator.Cli but {built} does not exist");
        return built;
    }
}
