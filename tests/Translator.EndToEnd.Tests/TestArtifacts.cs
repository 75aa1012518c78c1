using Translator.Pipeline;

namespace Translator.EndToEnd.Tests;

/// <summary>
/// Builds (once per test run, shared by all test classes) the binaries the end-to-end tests need:
/// the corpus in 5 variants, the Lua interpreter, and the bad inputs.
/// </summary>
public static class TestArtifacts
{
    public static readonly string[] Variants = ["i386.O0", "i386.O2", "x64.O0", "x64.O2", "x64.avx2"];

    private static readonly Lazy<string> corpusDir = new(() =>
    {
        var outDir = Path.Combine(RepoPaths.BuildDir, "corpus");
        ProcessRunner.RunChecked("bash", [Path.Combine(RepoPaths.Corpus, "build.sh"), outDir], RepoPaths.Root,
            TimeSpan.FromMinutes(20));
        return outDir;
    });

    private static readonly Lazy<string> luaDir = new(() =>
    {
        var outDir = Path.Combine(RepoPaths.BuildDir, "lua");
        ProcessRunner.RunChecked("bash", [Path.Combine(RepoPaths.Corpus, "lua", "build.sh"), outDir], RepoPaths.Root,
            TimeSpan.FromMinutes(20));
        return outDir;
    });

    private static readonly Lazy<string> qemu = new(() =>
        ProcessRunner.FindOnPath("qemu-aarch64") ?? throw new InvalidOperationException("qemu-aarch64 not found on PATH"));

    /// <summary>Names of the corpus programs (directories of corpus/ with a main.c).</summary>
    public static IReadOnlyList<string> ProgramNames() =>
        Directory.GetDirectories(RepoPaths.Corpus)
            .Where(d => File.Exists(Path.Combine(d, "main.c")))
            .Select(Path.GetFileName)
            .Select(n => n!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    /// <summary>The native x86 binary of one corpus program variant, building the corpus on first use.</summary>
    public static string CorpusBinary(string program, string variant) =>
        Path.Combine(corpusDir.Value, $"{program}.{variant}");

    /// <summary>lua.i386 or lua.x64, building Lua on first use.</summary>
    public static string LuaBinary(string arch) => Path.Combine(luaDir.Value, $"lua.{arch}");

    public static string QemuAarch64 => qemu.Value;

    /// <summary>Optimisation level of test translations: XLATE_TEST_OPT, default 0. Translating static glibc at
    /// -O2 costs about a minute of CPU per binary, so the full matrix runs at -O0 and a subset at -O2.</summary>
    public static int TestOptLevel =>
        int.TryParse(Environment.GetEnvironmentVariable("XLATE_TEST_OPT"), out int level) ? level : 0;

    /// <summary>Command-line arguments of a corpus program: corpus/&lt;name&gt;/args.txt, one per line.</summary>
    public static IReadOnlyList<string> ProgramArgs(string program)
    {
        var path = Path.Combine(RepoPaths.Corpus, program, "args.txt");
        if (!File.Exists(path))
            return [];
        var text = File.ReadAllText(path);
        if (text.EndsWith('\n'))
            text = text[..^1];
        return text.Length == 0 ? [] : text.Split('\n');
    }

    /// <summary>Standard input of a corpus program: corpus/&lt;name&gt;/stdin.txt, or empty.</summary>
    public static byte[] ProgramStdin(string program)
    {
        var path = Path.Combine(RepoPaths.Corpus, program, "stdin.txt");
        return File.Exists(path) ? File.ReadAllBytes(path) : [];
    }

    /// <summary>The exit status a program is meant to have natively: corpus/&lt;name&gt;/exit_code.txt, or 0.</summary>
    public static int ExpectedExitCode(string program)
    {
        var path = Path.Combine(RepoPaths.Corpus, program, "exit_code.txt");
        return File.Exists(path) ? int.Parse(File.ReadAllText(path).Trim()) : 0;
    }

    /// <summary>
    /// Runs a guest program in a fresh empty working directory with the fixed guest environment,
    /// directly (native x86) or under qemu-aarch64 (translated).
    /// </summary>
    public static RunResult RunGuest(string executable, bool underQemu, IReadOnlyList<string> args, byte[] stdin,
        TimeSpan? timeout = null)
    {
        var cwd = RepoPaths.NewTempDir("run");
        try
        {
            return underQemu
                ? ProcessRunner.Run(QemuAarch64, [executable, .. args], cwd, ProcessRunner.GuestEnvironment, stdin, timeout)
                : ProcessRunner.Run(executable, args, cwd, ProcessRunner.GuestEnvironment, stdin, timeout);
        }
        finally
        {
            RepoPaths.TryDelete(cwd);
        }
    }

    /// <summary>Translates an x86 binary into build/e2e/translated/&lt;name&gt;.aarch64 (kept for debugging).</summary>
    public static string Translate(string inputPath, string outputName, int? optLevel = null)
    {
        var dir = Path.Combine(RepoPaths.BuildDir, "translated");
        Directory.CreateDirectory(dir);
        var output = Path.Combine(dir, outputName + ".aarch64");
        if (File.Exists(output))
            File.Delete(output);
        Translation.TranslateFile(inputPath, output, new TranslateOptions { OptLevel = optLevel ?? TestOptLevel });
        Assert.True(File.Exists(output), $"TranslateFile returned but wrote no {output}");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(output, File.GetUnixFileMode(output) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return output;
    }
}
