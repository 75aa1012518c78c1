using System.Diagnostics;
using Translator.Elf;
using Translator.Pipeline;
using Translator.X86;
using Xunit;
using Xunit.Abstractions;

namespace Translator.Fuzz.Tests;

/// <summary>
/// Mutated real ELF files through the whole translation (load, discovery, lifting, compilation, link): every case
/// must end in an output file or a clean one-line error, never another exception type, a hang or a crash.
/// XLATE_FUZZ_CASES sets the number of cases (default 400; 10000 for the long mode), XLATE_FUZZ_SEED the seed.
/// </summary>
public class TranslatorFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 400;
    private const int DefaultSeed = 20250811;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) && v > 0 ? v : fallback;

    private enum Outcome { Translated, CleanError, Bug, Hang }

    [Fact]
    public void MutatedElfFiles_TranslateOrFailCleanly()
    {
        // Every mutant is new content: the translation cache would only fill the disk.
        Environment.SetEnvironmentVariable("XLATE_CACHE_DIR", "off");
        int cases = EnvInt("XLATE_FUZZ_CASES", DefaultCases);
        int seed = EnvInt("XLATE_FUZZ_SEED", DefaultSeed);
        var seeds = FuzzInputs.Seeds;
        var variants = seeds.Keys.Order(StringComparer.Ordinal).ToArray();
        var mutators = variants.ToDictionary(v => v, v => new ElfMutator(seeds[v]));
        string work = Directory.CreateTempSubdirectory("xlate-fuzz-").FullName;
        string failureDir = Path.Combine(Path.GetTempPath(), "xlate-fuzz-failures");
        var options = new TranslateOptions { OptLevel = 0, Jobs = 1 };

        // The unmutated seeds must translate, or every case would only test the error path.
        foreach (var v in variants)
        {
            var (outcome, detail) = RunCase(seeds[v], Path.Combine(work, v), options);
            Assert.True(outcome == Outcome.Translated, $"seed {v} does not translate: {detail}");
        }

        var counts = new Dictionary<Outcome, int>();
        var messages = new Dictionary<string, int>();
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        try
        {
            for (int i = 0; i < cases; i++)
            {
                string variant = variants[i % variants.Length];
                var rng = new Random(unchecked(seed * 1_000_003 + i));
                var (data, what) = mutators[variant].Mutate(rng);
                string name = $"{variant}-{seed}-{i}";
                var (outcome, detail) = RunCase(data, Path.Combine(work, name), options);
                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                if (outcome == Outcome.CleanError)
                {
                    string kind = Category(detail);
                    messages[kind] = messages.GetValueOrDefault(kind) + 1;
                }
                if (outcome is Outcome.Bug or Outcome.Hang)
                {
                    Directory.CreateDirectory(failureDir);
                    string saved = Path.Combine(failureDir, name);
                    File.WriteAllBytes(saved, data);
                    failures.Add($"case {i} ({variant}: {what}) saved as {saved}: {outcome}: {detail}");
                    if (outcome == Outcome.Hang) break; // the stuck translation still holds a thread and a core
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        output.WriteLine($"{cases} cases in {watch.Elapsed.TotalSeconds:F1} s: " +
                         string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        foreach (var (kind, n) in messages.OrderByDescending(m => m.Value))
            output.WriteLine($"  {n,5}  {kind}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} mutants crashed the translator:\n" +
                                          string.Join("\n", failures.Take(30)));
    }

    /// <summary>Translates <paramref name="data"/> (written to <paramref name="path"/>) within the time bound.</summary>
    private static (Outcome, string) RunCase(byte[] data, string path, TranslateOptions options)
    {
        File.WriteAllBytes(path, data);
        string outputPath = path + ".arm64";
        var task = Task.Run(() => Translation.TranslateFile(path, outputPath, options));
        try
        {
            if (!task.Wait(CaseTimeout))
                return (Outcome.Hang, $"no result after {CaseTimeout.TotalSeconds} s");
        }
        catch (AggregateException ae) when (ae.InnerException is { } ex)
        {
            return Classify(ex, path);
        }
        finally
        {
            File.Delete(path);
        }
        bool written = File.Exists(outputPath) && new FileInfo(outputPath).Length > 0;
        File.Delete(outputPath);
        return written ? (Outcome.Translated, "") : (Outcome.Bug, "TranslateFile returned without writing the output");
    }

    private static (Outcome, string) Classify(Exception ex, string path)
    {
        bool userFacing = ex is TranslationException or ElfFormatException or UnsupportedBinaryException;
        string message = ex.Message;
        if (!userFacing)
            return (Outcome.Bug, $"{ex.GetType().FullName}: {message}\n{ex.StackTrace}");
        if (string.IsNullOrWhiteSpace(message) || message.Contains('\n') || message.Contains('\r'))
            return (Outcome.Bug, $"{ex.GetType().Name} message is not one line: \"{message}\"");
        if (!message.StartsWith(path, StringComparison.Ordinal))
            return (Outcome.Bug, $"{ex.GetType().Name} message does not name the input file: \"{message}\"");
        return (Outcome.CleanError, message[path.Length..].TrimStart(':', ' '));
    }

    /// <summary>The message without numbers, so that similar errors are counted together.</summary>
    private static string Category(string message)
    {
        var chars = message.Select(c => char.IsAsciiDigit(c) ? '#' : c).ToArray();
        string s = new(chars);
        s = System.Text.RegularExpressions.Regex.Replace(s, "#x[#a-f]+|#+", "N");
        return s.Length > 110 ? s[..110] : s;
    }
}
