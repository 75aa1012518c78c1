using System.Diagnostics;

namespace Translator.Elf.Tests;

/// <summary>Builds the sample programs once per test run (in parallel) into a temp directory.</summary>
internal static class TestBinaries
{
    public const string Source = """
        #include <stdio.h>
        #include <stdlib.h>
        static int counter;
        __attribute__((constructor)) static void ctor_a(void) { counter += 1; }
        __attribute__((constructor)) static void ctor_b(void) { counter += 2; }
        __attribute__((destructor)) static void dtor_a(void) { if (counter == 99) puts("x"); }
        __attribute__((noinline)) int helper(int x) { return x * 3 + counter; }
        int table[16] = {1, 2, 3};
        char buffer[4096];
        int main(int argc, char **argv) {
            (void)argv;
            buffer[argc] = (char)helper(argc);
            printf("%d %d\n", helper(argc), table[argc & 15]);
            return buffer[0];
        }
        """;

    public static readonly string[] Variants = ["x64-static", "i386-static", "x64-static-pie", "x64-dynamic", "a64-static", "i386-dynamic"];

    private static readonly Lazy<(string Dir, Dictionary<string, string> Paths)> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Dir => Built.Value.Dir;
    public static string PathOf(string variant) => Built.Value.Paths[variant];

    private static readonly Dictionary<string, byte[]> Cache = [];

    public static byte[] Bytes(string variant)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(variant, out var b)) Cache[variant] = b = File.ReadAllBytes(PathOf(variant));
            return b;
        }
    }

    private static (string, Dictionary<string, string>) Build()
    {
        string dir = Path.Combine(Path.GetTempPath(), "xlate-elf-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        string src = Path.Combine(dir, "sample.c");
        File.WriteAllText(src, Source);
        var jobs = new (string Name, string Compiler, string Flags)[]
        {
            ("x64-static", "gcc", "-O1 -static"),
            ("i386-static", "i686-linux-gnu-gcc", "-O1 -static"),
            ("x64-static-pie", "gcc", "-O1 -static-pie"),
            ("x64-dynamic", "gcc", "-O1"),
            ("a64-static", "aarch64-linux-gnu-gcc", "-O1 -static"),
            ("i386-dynamic", "i686-linux-gnu-gcc", "-O1"),
        };
        var paths = new Dictionary<string, string>();
        Parallel.ForEach(jobs, j =>
        {
            string outPath = Path.Combine(dir, j.Name);
            var args = j.Flags.Split(' ').Concat(["-o", outPath, src]).ToArray();
            Tools.Run(j.Compiler, args);
            lock (paths) paths[j.Name] = outPath;
        });
        return (dir, paths);
    }
}

internal static class Tools
{
    public static string Run(string exe, params string[] args) => RunFull(exe, args, allowFailure: false).Stdout;

    public static (int Exit, string Stdout, string Stderr) RunFull(string exe, string[] args, bool allowFailure)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        var stderrTask = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string stderr = stderrTask.Result;
        if (p.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}");
        return (p.ExitCode, stdout, stderr);
    }
}
